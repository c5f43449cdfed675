"""Reads reused by pages, the API and exports: batch figures and the resumption rate (复工率)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext

from groundbreak.accounts.models import Role
from groundbreak.core.db import MoneySum
from groundbreak.projects.choices import STARTED_STAGES, ProjectField, WorkStatusKind
from groundbreak.projects.models import Project, WorkStatusEvent

ZERO = Decimal(0)


def batch_projects_for(batch, user):
    """The batch's projects the user may see: a county sees its own share of a city batch.
    Each with ``annual_plan``: its plan of the batch's year."""
    return Project.objects.restrict(user, "view").filter(batches=batch).with_plan(batch.date.year)


def _split(queryset, key, label):
    rows = (
        queryset.values(key)
        .annotate(
            count=Count("pk"), total=MoneySum("total_investment"), plan=MoneySum("annual_plan")
        )
        .order_by(key)
    )
    return [
        {
            "label": label(row[key]),
            "count": row["count"],
            "total": row["total"] or ZERO,
            "plan": row["plan"] or ZERO,
        }
        for row in rows
    ]


def batch_figures(batch, user):
    """Count, total and the plan of the batch's year, split by field and by county, and —
    once the day has passed — which projects really started and entered the statistics."""
    projects = (
        batch_projects_for(batch, user)
        .select_related("region", "owner_unit")
        .order_by("region__sort_order", "name")
    )
    totals = projects.aggregate(
        count=Count("pk"), total=MoneySum("total_investment"), plan=MoneySum("annual_plan")
    )
    regions = {p.region_id: p.region for p in projects}
    started = [p for p in projects if p.stage in STARTED_STAGES]
    return {
        "year": batch.date.year,
        "count": totals["count"],
        "total": totals["total"] or ZERO,
        "plan": totals["plan"] or ZERO,
        "by_field": _split(
            projects, "field", lambda v: ProjectField(v).label if v else gettext("Field not given")
        ),
        "by_region": _split(projects, "region", lambda v: regions[v].label),
        "projects": list(projects),
        "started": started,
        "not_started": [p for p in projects if p.stage not in STARTED_STAGES],
        "in_statistics": [p for p in started if p.in_statistics_date],
        "not_in_statistics": [p for p in started if not p.in_statistics_date],
    }


@dataclass
class ResumptionRow:
    label: str
    under_construction: int = 0
    stopped: int = 0  # stopped at some time up to the date
    resumed: int = 0
    still_suspended: int = 0
    workers: int = 0
    suspended_projects: list = field(default_factory=list)

    @property
    def working(self):
        return self.under_construction - self.still_suspended

    @property
    def rate(self):
        """复工率: projects at work ÷ projects under construction on the date."""
        if not self.under_construction:
            return None
        return Decimal(self.working * 100) / Decimal(self.under_construction)


def under_construction_on(queryset, on_date):
    return queryset.filter(actual_start__lte=on_date).filter(
        Q(actual_completion__isnull=True) | Q(actual_completion__gt=on_date)
    )


def resumption_rates(user, on_date, *, group_by="region", key_level=None, field=None):
    """Resumption of work by county (or sector) on a date, over the projects the user may see.

    A project is under construction on the date if it started on or before it and had not
    been completed; it is at work unless its last event up to the date is a suspension.
    Returns (rows, total row).
    """
    projects = under_construction_on(Project.objects.restrict(user, "view"), on_date)
    if key_level:
        projects = projects.filter(key_levels__code=key_level)
    if field:
        projects = projects.filter(field=field)
    events = WorkStatusEvent.objects.filter(project=OuterRef("pk"), date__lte=on_date).order_by(
        "-date", "-pk"
    )
    projects = projects.annotate(
        last_kind=Subquery(events.values("kind")[:1]),
        last_workers=Subquery(events.values("workers_on_site")[:1]),
        stops=Count(
            "work_events",
            filter=Q(work_events__date__lte=on_date, work_events__kind=WorkStatusKind.SUSPENDED),
            distinct=True,
        ),
    ).select_related("region", "sector")
    rows, total = defaultdict(lambda: None), ResumptionRow(label="")
    for project in projects.distinct():
        group = project.region if group_by == "region" else project.sector
        key = group.pk if group else None
        if rows[key] is None:
            rows[key] = ResumptionRow(label=str(group) if group else gettext("Sector not given"))
            rows[key].sort_key = (getattr(group, "sort_order", 0), str(getattr(group, "code", "~")))
        for row in (rows[key], total):
            row.under_construction += 1
            row.stopped += bool(project.stops)
            if project.last_kind == WorkStatusKind.SUSPENDED:
                row.still_suspended += 1
                row.suspended_projects.append(project)
            elif project.stops:
                row.resumed += 1
            if project.last_kind == WorkStatusKind.RESUMED:
                row.workers += project.last_workers or 0
    ordered = sorted((r for r in rows.values() if r), key=lambda r: r.sort_key)
    return ordered, total


@dataclass
class OverviewRow:
    label: str
    counts: dict = field(default_factory=dict)
    total: Decimal = ZERO
    plan: Decimal = ZERO
    in_statistics: int = 0
    started_not_in_statistics: int = 0

    @property
    def count(self):
        return sum(self.counts.values())


def overview_projects(user):
    """Projects whose figures the user may read in aggregate: the same as those the user may
    see record by record (one scope for every page of a role; a leader in charge sees the
    projects he is in charge of, on the overview as in the list)."""
    return Project.objects.restrict(user, "view")


def portfolio_overview(user, year=None):
    """Counts by stage, total investment, the plan of ``year`` (default the latest year with
    plans) and 入库 by county: the pipeline at a glance."""
    from groundbreak.projects.choices import Stage
    from groundbreak.projects.models import AnnualPlan

    rows = {}
    total = OverviewRow(label="")
    total.year = year or AnnualPlan.objects.latest_year()
    queryset = (
        overview_projects(user)
        .with_plan(total.year)
        .values("region", "region__name", "region__name_en", "region__sort_order", "stage")
        .annotate(
            n=Count("pk"),
            total=MoneySum("total_investment"),
            plan=MoneySum("annual_plan"),
            stats=Count("pk", filter=Q(in_statistics_date__isnull=False)),
        )
    )
    for item in queryset:
        key = item["region"]
        if key not in rows:
            from django.utils import translation

            name = item["region__name_en"] if translation.get_language() == "en" else None
            rows[key] = OverviewRow(label=name or item["region__name"])
            rows[key].sort_key = item["region__sort_order"]
        for row in (rows[key], total):
            row.counts[item["stage"]] = row.counts.get(item["stage"], 0) + item["n"]
            row.total += item["total"] or ZERO
            row.plan += item["plan"] or ZERO
            row.in_statistics += item["stats"]
            if item["stage"] in STARTED_STAGES:
                row.started_not_in_statistics += item["n"] - item["stats"]
    stages = list(Stage)
    ordered = sorted(rows.values(), key=lambda r: r.sort_key)
    for row in [*ordered, total]:
        row.stage_counts = [row.counts.get(stage, 0) for stage in stages]
    return stages, ordered, total


def owner_units_for(user, *, keep=None):
    """The owner units a user picks from when registering or editing a project.

    City staff (and the superuser) pick any owner of the city. A county picks the owners of its
    region's projects and the owners its own users registered (an import registers the new
    owners it meets); an owner new to the county comes in with its import or through city
    staff. ``keep`` is the project's present owner, always offered on its edit form.
    """
    from groundbreak.accounts.models import OwnerUnit

    owners = OwnerUnit.objects.order_by("name")
    if user.is_superuser or user.role == Role.CITY:
        return owners
    if user.role != Role.COUNTY or not user.region_id:
        return owners.filter(pk=keep) if keep else owners.none()
    regions = user.region.descendant_ids()
    registered_here = OwnerUnit.history.filter(
        history_type="+", history_user__region_id__in=regions
    ).values("id")
    return owners.filter(
        Q(pk__in=Project.objects.filter(region_id__in=regions).values("owner_unit"))
        | Q(pk__in=registered_here)
        | Q(pk=keep)
    )


def plan_log(project):
    """The changes of a project's plans by year, as change-log entries (newest first), so that
    the project's history shows them with its own changes."""
    from groundbreak.core.history import Change, _display_amount, log_entry
    from groundbreak.projects.models import AnnualPlan

    records = (
        AnnualPlan.history.filter(project_id=project.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    held, entries = {}, []
    for record in records:
        old = held.get(record.id)
        new = None if record.history_type == "-" else record.amount
        held[record.id] = new
        label = gettext("planned investment %(year)s (万元)") % {"year": record.year}
        entries.append(
            log_entry(record, [Change(label, _display_amount(old), _display_amount(new))])
        )
    return entries[::-1]


def project_log(project):
    """The project's change log with its plans' changes, newest first."""
    from groundbreak.core.history import change_log

    return sorted(
        change_log(project) + plan_log(project), key=lambda entry: entry.when, reverse=True
    )
