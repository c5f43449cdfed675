"""The five lists' pages: the lists across projects (filtered, exported), one problem with
its workflow, raising a problem, keeping targets and measures, responsibilities and deadlines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundbreak.core.history import change_log
from groundbreak.core.views import add_service_errors, paginate_table
from groundbreak.lists import exports, importing, rules, selectors, services
from groundbreak.lists.filtersets import MeasureFilterSet, ProblemFilterSet, TargetFilterSet
from groundbreak.lists.forms import MeasureForm, ProblemRaiseForm, ReasonForm, TargetForm
from groundbreak.lists.models import Measure, Problem, Target, lists_projects
from groundbreak.lists.tables import MeasureTable, ProblemTable, TargetTable

KINDS = {
    "targets": (Target, TargetFilterSet, TargetTable, TargetForm),
    "problems": (Problem, ProblemFilterSet, ProblemTable, None),
    "measures": (Measure, MeasureFilterSet, MeasureTable, MeasureForm),
}


def _titles():
    return {"targets": _("Targets"), "problems": _("Problems"), "measures": _("Measures")}


@login_required
def item_list(request, kind):
    """One list across the projects the user sees, overdue first; ``?export=xlsx`` gives it in
    the layout of a government list."""
    model, filterset_class, table_class, _form = KINDS[kind]
    today = timezone.localdate()
    items = (
        model.objects.restrict(request.user, "view")
        .select_related("project__region")
        .overdue_first(today)
    )
    filterset = filterset_class(request.GET or None, queryset=items, user=request.user)
    filtered = filterset.qs if filterset.is_bound else items
    title = _titles()[kind]
    if request.GET.get("export") == "xlsx":
        return exports.xlsx_list(kind, title, filtered)
    table = table_class(filtered)
    paginate_table(request, table, per_page=50)
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(
        request,
        "lists/item_list.html",
        {"kind": kind, "title": title, "filter": filterset, "table": table,
         "export_query": query.urlencode(), "count": filtered.count(),
         "overdue": filtered.overdue(today).count()},
    )  # fmt: skip


def _problem(user, pk):
    return get_object_or_404(
        Problem.objects.restrict(user, "view").select_related("project", "raised_by"), pk=pk
    )


@login_required
def problem_detail(request, pk):
    problem = _problem(request.user, pk)
    actions = rules.allowed_actions(request.user, problem)
    refusals = {
        action: why.message
        for action in rules.WORKFLOW_ACTIONS
        if (why := rules.refusal(request.user, problem, action)) is not None
        and why.kind != rules.Kind.INVALID
    }
    return render(
        request,
        "lists/problem_detail.html",
        {"problem": problem, "actions": actions, "refusals": refusals,
         "labels": {a: rules.ACTION_LABELS[a] for a in rules.PROBLEM_ACTIONS},
         "measures": problem.measures.all(), "changes": change_log(problem),
         "today": timezone.localdate()},
    )  # fmt: skip


@login_required
@require_POST
def problem_action(request, pk, action):
    """A workflow step, with the version the page showed (and the text the step needs)."""
    problem = _problem(request.user, pk)
    form = ReasonForm(request.POST)
    if action not in (*rules.WORKFLOW_ACTIONS, rules.UPDATE):
        raise Http404
    try:
        if not form.is_valid():
            raise ValidationError(_("Reload the page and try again."))
        version, text = form.cleaned_data["version"], form.cleaned_data["text"]
        if action == rules.UPDATE:
            services.update_problem(problem, by=request.user, version=version, progress_note=text)
        elif action == rules.RESOLVE:
            services.resolve_problem(problem, by=request.user, version=version, resolution=text)
        elif action in (rules.REFUSE, rules.CITY_CLOSE):
            services.WORKFLOW[action](problem, by=request.user, version=version, reason=text)
        else:
            services.WORKFLOW[action](problem, by=request.user, version=version)
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Problem %(done)s.") % {"done": rules.ACTION_LABELS[action]})
    return redirect(problem)


def _project(user, pk):
    return get_object_or_404(lists_projects(user, "view"), pk=pk)


@login_required
def problem_raise(request, project_pk):
    project = _project(request.user, project_pk)
    if (why := rules.refusal(request.user, None, rules.RAISE, project=project)) is not None:
        raise PermissionDenied(why.message)
    form = ProblemRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.raise_problem(project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Problem raised."))
            return redirect(problem)
    return render(
        request,
        "lists/item_form.html",
        {"form": form, "project": project, "title": _("Raise a problem")},
    )


@login_required
def item_edit(request, kind, project_pk=None, pk=None):
    """Set or change a target or a measure (officials; an owner changes the progress only)."""
    if kind not in ("targets", "measures"):
        raise Http404
    model, _filterset, _table, form_class = KINDS[kind]
    item = None
    if pk is not None:
        item = get_object_or_404(model.objects.restrict(request.user, "view"), pk=pk)
        project = item.project
    else:
        project = _project(request.user, project_pk)
    action = rules.EDIT if item is not None else rules.CREATE
    if (why := rules.item_refusal(request.user, project, action)) is not None:
        raise PermissionDenied(why.message)
    extra = {"project": project} if kind == "measures" else {}
    initial = {"version": item.version} if item else {"year": timezone.localdate().year}
    form = form_class(request.POST or None, instance=item, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        create = services.create_target if kind == "targets" else services.create_measure
        update = services.update_target if kind == "targets" else services.update_measure
        try:
            if item is None:
                create(project, by=request.user, **fields)
            else:
                update(item, by=request.user, version=form.cleaned_data["version"], **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(project)
    title = _titles()[kind]
    return render(
        request, "lists/item_form.html", {"form": form, "project": project, "title": title}
    )


@login_required
def deadlines(request):
    """Responsibilities and deadlines (责任清单、时限清单): every open item of the three lists
    by due date, overdue first, and the count per responsible unit."""
    today = timezone.localdate()
    project = request.GET.get("project", "")
    responsible = request.GET.get("responsible", "").strip()
    rows = selectors.deadline_rows(
        request.user, today, project=project if project.isdigit() else None,
        responsible=responsible,
    )  # fmt: skip
    return render(
        request,
        "lists/deadlines.html",
        {"rows": rows[:500], "more": max(len(rows) - 500, 0), "today": today,
         "by_unit": selectors.by_responsible_unit(request.user, today),
         "responsible": responsible, "project": project},
    )  # fmt: skip


@login_required
def import_back(request, kind):
    """Upload a list exported here, edited: its rows update the items (all or nothing)."""
    if kind not in KINDS:
        raise Http404
    if not lists_projects(request.user, "change").exists():
        raise PermissionDenied(_("You may not change any project's lists."))
    errors = []
    if request.method == "POST" and request.FILES.get("file"):
        upload = request.FILES["file"]
        try:
            count = importing.import_list(kind, upload.read(), upload.name, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            errors = getattr(error, "messages", [str(error)])
        else:
            messages.success(request, _("Imported: %(count)s items updated.") % {"count": count})
            return redirect(f"lists:{kind[:-1]}_list")
    return render(
        request,
        "lists/import.html",
        {"kind": kind, "title": _titles()[kind], "errors": errors},
    )
