"""The 三督 lists (三督: 督促在建项目投资进度、督促新开工项目入库、督促前期项目开工), each by
its own rule, with why each project is on it and what was decided about it last time.

Every list reads a project queryset (the user's scope, narrowed to a county or a meeting's
scope) with a few set-based queries.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groundbreak.alerts.models import Warning
from groundbreak.alerts.rules import STATISTICS_MINIMUM, measure_investment_lag
from groundbreak.dispatch.choices import ScopeKind
from groundbreak.dispatch.models import SupervisionItem
from groundbreak.projects.choices import STARTED_STAGES, Stage
from groundbreak.projects.models import Project
from groundbreak.regions.models import Region

LAGGING = "lagging"  # 督促在建项目投资进度
UNREGISTERED = "unregistered"  # 督促新开工项目入库
START_OVERDUE = "start_overdue"  # 督促前期项目开工
LISTS = {
    LAGGING: gettext_lazy("Under construction, investment behind plan"),
    UNREGISTERED: gettext_lazy("Started, not yet in the statistics"),
    START_OVERDUE: gettext_lazy("In preparation, planned start passed"),
}
# The warning rule whose sentence says why a project is on the list, where it has one.
WARNING_KINDS = {
    LAGGING: "investment_lag",
    UNREGISTERED: "not_in_statistics",
    START_OVERDUE: "start_overdue",
}


@dataclass
class Row:
    project: Project
    figures: str  # the computed figures, always
    days: int | None = None  # days since start (入库) or past the planned start (开工)
    why: str = ""  # the warning's sentence where there is one, else the figures
    last_decision: SupervisionItem | None = None
    extra: dict = field(default_factory=dict)


def scoped_projects(user, *, region=None):
    """The projects the user sees, narrowed to a county (and the zones below it)."""
    projects = Project.objects.restrict(user, "view")
    if region is not None:
        projects = projects.filter(region_id__in=region.descendant_ids())
    return projects


def meeting_projects(meeting):
    """The projects a meeting's scope covers."""
    projects = Project.objects.all()
    if meeting.scope == ScopeKind.COUNTY:
        return projects.filter(region_id__in=meeting.region.descendant_ids())
    if meeting.scope == ScopeKind.SECTOR:
        return projects.filter(sector_id=meeting.sector_id)
    if meeting.scope == ScopeKind.PROJECTS:
        return projects.filter(pk__in=meeting.projects.values("pk"))
    return projects


def _ids(projects):
    return list(projects.order_by().values_list("pk", flat=True))


def lagging_ids(projects, on_date):
    """{project id: (gap in points, the measurement)} of projects under construction whose
    completion rate at the latest period due lies below time progress (gap > 0)."""
    measured = measure_investment_lag(on_date, project_ids=_ids(projects))
    return {m.project_id: m for m in measured if _behind(m)}


def _behind(measurement):
    """Completed ÷ plan < month ÷ 12, exactly (the measured gap is rounded to 0.1 point)."""
    done = Decimal(measurement.inputs["completed_ytd"])
    plan = Decimal(measurement.inputs["annual_plan"])
    return done * 12 < plan * int(measurement.params["month"])


def unregistered_filter(on_date):
    """Started on or before ``on_date``, not in the statistics by then; a project known to be
    below the 500万元 statistics threshold cannot enter them and is left out (a missing total
    keeps it on the list)."""
    return (
        Q(stage__in=STARTED_STAGES, actual_start__lte=on_date)
        & (Q(in_statistics_date__isnull=True) | Q(in_statistics_date__gt=on_date))
        & (Q(total_investment__isnull=True) | Q(total_investment__gte=STATISTICS_MINIMUM))
    )


def start_overdue_filter(on_date):
    """In the reserve or preliminary work, its planned start before ``on_date`` (the planned
    day itself is not late) and not started."""
    return Q(
        stage__in=(Stage.RESERVE, Stage.PRELIMINARY),
        planned_start__lt=on_date,
        actual_start__isnull=True,
    )


def _warning_sentences(kind, project_ids):
    warnings = Warning.objects.live().filter(
        rule__kind=kind, project_id__in=project_ids, subject="", level__gt=0
    )
    return {w.project_id: w.why for w in warnings}


def last_decisions(project_ids):
    """Each project's latest supervision item (the last decision about it)."""
    through = SupervisionItem.projects.through
    latest = {}
    rows = (
        through.objects.filter(project_id__in=project_ids)
        .order_by("project_id", "-supervisionitem_id")
        .values_list("project_id", "supervisionitem_id")
    )
    for project_id, item_id in rows:
        latest.setdefault(project_id, item_id)
    items = SupervisionItem.objects.in_bulk(set(latest.values()))
    return {pk: items[item_id] for pk, item_id in latest.items()}


def _amount(value):
    return f"{value.quantize(Decimal('0.01')).normalize():,f}"


def sandu_list(name, projects, on_date):
    """The rows of one 三督 list over ``projects`` on ``on_date``, the longest late first."""
    projects = projects.select_related("region")
    if name == LAGGING:
        measured = lagging_ids(projects, on_date)
        chosen = Project.objects.filter(pk__in=list(measured)).select_related("region")
        rows = []
        for project in chosen:
            p = measured[project.pk].params
            figures = (
                _(
                    "Months 1–%(month)s: completed %(completed)s 万元 of a plan of %(plan)s 万元 "
                    "(%(rate)s%%), %(gap)s points behind time progress (%(progress)s%%)."
                )
                % p
            )
            rows.append(Row(project, figures, extra={"gap": measured[project.pk].value}))
        rows.sort(key=lambda r: (-r.extra["gap"], r.project.pk))
    elif name == UNREGISTERED:
        rows = []
        for project in projects.filter(unregistered_filter(on_date)):
            days = (on_date - project.actual_start).days
            figures = _("Started on %(start)s, not in the statistics after %(days)s days.") % {
                "start": project.actual_start.isoformat(),
                "days": days,
            }
            rows.append(Row(project, figures, days=days))
        rows.sort(key=lambda r: (-r.days, r.project.pk))
    elif name == START_OVERDUE:
        rows = []
        for project in projects.filter(start_overdue_filter(on_date)):
            days = (on_date - project.planned_start).days
            figures = _("Planned to start on %(planned)s, not started %(days)s days later.") % {
                "planned": project.planned_start.isoformat(),
                "days": days,
            }
            rows.append(Row(project, figures, days=days))
        rows.sort(key=lambda r: (-r.days, r.project.pk))
    else:
        raise ValueError(name)
    ids = [r.project.pk for r in rows]
    sentences = _warning_sentences(WARNING_KINDS[name], ids)
    decisions = last_decisions(ids)
    for row in rows:
        row.why = sentences.get(row.project.pk) or row.figures
        row.last_decision = decisions.get(row.project.pk)
    return rows


def county_choices(user):
    """The counties a user may narrow the lists to."""
    counties = Region.objects.counties()
    if user.role == "county" and user.region_id:
        return counties.filter(pk=user.region_id)
    return counties


def default_date():
    from groundbreak.alerts.engine import evaluation_date

    return evaluation_date()
