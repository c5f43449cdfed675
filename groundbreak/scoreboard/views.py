"""The scoreboard's pages: the ranking of leaders or departments in charge for a year (with its
formula and weights, exported as .xlsx); one leader's or department's page, listing its projects
and explaining its score part by part; the weights of each year; the service cadres."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, ExpressionWrapper
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.core.history import change_log
from groundbreak.core.views import add_service_errors
from groundbreak.dispatch.models import SupervisionItem
from groundbreak.projects.models import AnnualPlan
from groundbreak.scoreboard import exports, selectors, services
from groundbreak.scoreboard.choices import Part, Subject
from groundbreak.scoreboard.forms import ScoreWeightsForm, ServiceCadreForm
from groundbreak.scoreboard.models import ScoreWeights, ServiceCadre, cadre_projects


def formula_lines():
    return [
        _("Each part is a share between 0 and 1 of the results of the projects in the charge "
          "of the leader or department, in the year, as of its last day (today while it runs):"),
        _("Investment completion: completed this year ÷ this year's plan (at most 1)."),
        _("Starts on time: projects planned to start in the year that started no later than "
          "planned ÷ projects planned to start by then."),
        _("New starts in the statistics: this year's new starts of at least the statistics "
          "threshold that entered the statistics ÷ those new starts."),
        _("Problems closed on time: problems due in the year closed by their due date ÷ problems "
          "due (problems without a due date are not counted)."),
        _("Supervision items closed on time: issued items on the projects, due in the year, "
          "closed by their deadline ÷ items due."),
        _("Projects without a red warning: projects with no red warning in the year (exempt "
          "ones aside) ÷ all projects."),
        _("Score = 100 × Σ(weight × share) ÷ Σ(weight), over the parts that apply: a part with "
          "nothing to count is left out, not scored zero. Equal scores (to one decimal) share a "
          "rank and are marked as tied. Results are ranked, never activity."),
    ]  # fmt: skip


def _check_reader(user):
    if not selectors.may_read(user):
        raise PermissionDenied(_("Project owners do not read the scoreboard."))


def _years():
    years = set(AnnualPlan.objects.order_by().values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def _year(request):
    asked = request.GET.get("year", "")
    if asked.isdigit() and 1990 <= int(asked) <= 2100:
        return int(asked)
    return AnnualPlan.objects.latest_year()


def _kind(value):
    if value not in Subject.values:
        raise Http404
    return Subject(value)


@login_required
def board(request):
    """The ranking (考核排名) of the leaders or departments the user may read, for a year."""
    _check_reader(request.user)
    year = _year(request)
    kind = Subject(request.GET.get("kind")) if request.GET.get("kind") in Subject.values else (
        Subject.DEPARTMENTS if request.user.role == "department" else Subject.LEADERS
    )  # fmt: skip
    rows = selectors.scoreboard(request.user, kind, year)
    weights = ScoreWeights.for_year(year)
    labelled = [(Part(p).label, w) for p, w in weights.as_dict().items()]
    if request.GET.get("export") == "xlsx":
        title = _("Scoreboard of the %(kind)s, %(year)s") % {"kind": kind.label, "year": year}
        return exports.scoreboard_xlsx(title, rows, labelled, formula_lines(),
                                       f"scoreboard-{kind}-{year}")  # fmt: skip
    return render(
        request,
        "scoreboard/board.html",
        {"rows": rows, "kind": kind, "kinds": Subject.choices, "year": year, "years": _years(),
         "weights": labelled, "weights_set": weights.pk is not None, "parts": Part.choices,
         "formula": formula_lines(), "as_of": selectors.as_of(year),
         "ties": any(r.tied for r in rows)},
    )  # fmt: skip


def _explained(projects, year, day):
    """Each counted part's rows, each with ``good``: what the part counted, one by one."""
    out = {}
    for part, rows_of in selectors.COUNTED.items():
        rows, _path, good = rows_of(projects, year, day)
        if part == Part.SUPERVISION:
            rows = rows.distinct()
        out[part] = rows.annotate(
            good=ExpressionWrapper(good, output_field=BooleanField())
        ).order_by("pk")[:200]
    return out


@login_required
def subject_detail(request, kind, pk):
    """One leader's or department's projects (包保项目) with the year's figures, and its score
    explained part by part, with the projects and items behind each part."""
    _check_reader(request.user)
    kind = _kind(kind)
    subject = get_object_or_404(selectors.subjects(request.user, kind), pk=pk)
    year = _year(request)
    day = selectors.as_of(year)
    projects = selectors.subject_projects(request.user, kind, [subject.pk])
    board_rows = selectors.scoreboard(request.user, kind, year)
    row = next((r for r in board_rows if r.subject.pk == subject.pk), None)
    weights = ScoreWeights.for_year(year).as_dict()
    explained = _explained(projects, year, day)
    parts = []
    if row is not None:
        applied = sum(weights[p] for p, s in row.parts.items() if s.value is not None)
        for part, label in Part.choices:
            share = row.parts[part]
            points = None
            if share.value is not None and applied:
                points = (100 * weights[part] * share.value / applied).quantize(Decimal("0.1"))
            parts.append({"key": part, "label": label, "share": share, "weight": weights[part],
                          "points": points})  # fmt: skip
    return render(
        request,
        "scoreboard/subject_detail.html",
        {"subject": subject, "kind": kind, "year": year, "years": _years(), "as_of": day,
         "row": row, "total": len(board_rows), "parts": parts,
         "projects": selectors.project_rows(projects, year, day),
         "explained": explained,
         "visible_items": set(
             SupervisionItem.objects.restrict(request.user, "view")
             .filter(pk__in=[i.pk for i in explained[Part.SUPERVISION]])
             .values_list("pk", flat=True)
         ),
         "red": selectors.red_events(projects, year, day).select_related("warning__project")
         .order_by("on_date")[:200],
         "formula": formula_lines()},
    )  # fmt: skip


@login_required
def weights(request):
    """The weights of each year's formula, with their history; city staff change them."""
    _check_reader(request.user)
    year = _year(request)
    row = ScoreWeights.for_year(year)
    may_set = services.may_set_weights(request.user)
    form = None
    if may_set:
        form = ScoreWeightsForm(request.POST or None, instance=row,
                                initial={"version": row.version} if row.pk else {})  # fmt: skip
        if request.method == "POST" and form.is_valid():
            values = {p: form.cleaned_data[p] for p in Part.values}
            try:
                services.set_score_weights(year, by=request.user,
                                           version=form.cleaned_data["version"], **values)  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Weights saved."))
                return redirect(f"{request.path}?year={year}")
    elif request.method == "POST":
        raise PermissionDenied(_("Only city staff set the scoreboard's weights."))
    return render(
        request,
        "scoreboard/weights.html",
        {"year": year, "years": _years(), "row": row, "form": form,
         "values": [(Part(p).label, w) for p, w in row.as_dict().items()],
         "changes": change_log(row) if row.pk else [],
         "others": ScoreWeights.objects.exclude(year=year)},
    )  # fmt: skip


@login_required
def cadre_list(request):
    """The service cadres of the projects the user sees, those serving today first."""
    today = timezone.localdate()
    cadres = ServiceCadre.objects.restrict(request.user, "view").select_related("project__region")
    serving = cadres.current(today)
    if request.GET.get("all") != "1":
        cadres = serving
    return render(
        request,
        "scoreboard/cadre_list.html",
        {"cadres": cadres.order_by("project__region__sort_order", "project__name", "-since")[:500],
         "showing_all": request.GET.get("all") == "1", "serving": serving.count(),
         "today": today},
    )  # fmt: skip


def _cadre_form(request, project, cadre=None):
    services.check_may_keep_cadres(request.user, project)
    initial = {"version": cadre.version} if cadre else {"since": timezone.localdate()}
    form = ServiceCadreForm(request.POST or None, instance=cadre, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if cadre is None:
                services.assign_service_cadre(project, by=request.user, **fields)
            else:
                services.update_service_cadre(cadre, by=request.user,
                                              version=form.cleaned_data["version"], **fields)  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(project)
    return render(
        request,
        "scoreboard/cadre_form.html",
        {"form": form, "project": project, "cadre": cadre,
         "changes": change_log(cadre) if cadre else []},
    )  # fmt: skip


@login_required
def cadre_assign(request, project_pk):
    project = get_object_or_404(cadre_projects(request.user, "view"), pk=project_pk)
    return _cadre_form(request, project)


@login_required
def cadre_edit(request, pk):
    cadre = get_object_or_404(
        ServiceCadre.objects.restrict(request.user, "view").select_related("project"), pk=pk
    )
    return _cadre_form(request, cadre.project, cadre)
