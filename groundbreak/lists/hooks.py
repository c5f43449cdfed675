"""What the lists add to lower apps' pages: the five lists on the project page, and the
problems section of the monthly report form (an owner raises a problem there; its open
problems come back each month for a progress note)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.lists import rules, services
from groundbreak.lists.choices import ProblemCategory, ProblemStatus, SolvingLevel
from groundbreak.lists.models import Measure, Problem, Target, lists_projects
from groundbreak.projects.models import AnnualPlan

NEW = "new_problem_"  # prefix of the new problem's fields in the report form


def project_panel(request, project):
    """The five lists of one project (its targets with the year's planned investment, its
    problems and measures), overdue first."""
    user = request.user
    if not lists_projects(user, "view").filter(pk=project.pk).exists():
        return None
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    return {
        "project": project,
        "year": year,
        "today": today,
        "plan": AnnualPlan.objects.filter(project=project, year=year).first(),
        "targets": Target.objects.filter(project=project, year=year).overdue_first(today),
        "problems": Problem.objects.filter(project=project)
        .select_related("raised_by")
        .overdue_first(today),
        "measures": Measure.objects.filter(project=project).overdue_first(today),
        "may_raise": rules.allowed(user, None, rules.RAISE, project=project),
        "may_keep": rules.item_refusal(user, project, rules.CREATE) is None,
    }


def _open_problems(project):
    return list(
        Problem.objects.filter(project=project)
        .open()
        .select_related("raised_by")
        .order_by("raised_on", "pk")
    )


def fill_section(user, project, period, report, data):
    """The problems part of the report form: this project's open problems (progress to update)
    and one new problem to raise."""
    if not rules.allowed(user, None, rules.RAISE, project=project):
        return {"hidden": True}
    rows = []
    for problem in _open_problems(project):
        field = f"problem_{problem.pk}_progress"
        rows.append(
            {
                "problem": problem,
                "field": field,
                "value": data.get(field, problem.progress_note) if data else problem.progress_note,
                "version_field": f"problem_{problem.pk}_version",
                "may_update": rules.allowed(user, problem, rules.UPDATE),
                "awaits_confirmation": problem.status == ProblemStatus.RESOLVED,
            }
        )
    posted = {k[len(NEW) :]: v for k, v in (data or {}).items() if k.startswith(NEW)}
    return {
        "rows": rows,
        "prefix": NEW,
        "new": posted,
        "categories": ProblemCategory.choices,
        "levels": SolvingLevel.choices,
    }


def save_fill_section(report, data, *, by):
    """Progress notes of the open problems that changed, then the new problem if one is
    described: in the report's transaction."""
    project = report.project
    if not rules.allowed(by, None, rules.RAISE, project=project):
        return
    try:
        for problem in _open_problems(project):
            field = f"problem_{problem.pk}_progress"
            if field not in data or not rules.allowed(by, problem, rules.UPDATE):
                continue
            note = data[field].strip()
            if note != problem.progress_note:
                services.update_problem(
                    problem,
                    by=by,
                    version=data.get(f"problem_{problem.pk}_version"),
                    progress_note=note,
                )
        description = data.get(NEW + "description", "").strip()
        if description:
            category = data.get(NEW + "category", "")
            if category not in ProblemCategory.values:
                raise ValidationError(_("Choose the problem's category."))
            level = data.get(NEW + "solving_level") or SolvingLevel.COUNTY
            if level not in SolvingLevel.values:
                raise ValidationError(_("Choose the level that must solve the problem."))
            services.raise_problem(
                project,
                by=by,
                report=report,
                category=category,
                description=description,
                solving_level=level,
            )
    except PermissionDenied as error:
        raise ValidationError(str(error)) from error
    except ValidationError as error:
        raise ValidationError(_("Problems: %(why)s") % {"why": " ".join(error.messages)}) from error
