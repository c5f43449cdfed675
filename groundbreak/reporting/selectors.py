"""Read-side questions of monthly reporting, shared by pages, API, exports and commands."""

from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from groundbreak.projects.models import Project
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod, reporting_projects

HANDED_IN = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.LOCKED)


def due_projects(period, *, user):
    """Projects the user may see that owe a report for the period: started by its end and not
    completed before its start."""
    return (
        Project.objects.restrict(user, "view")
        .started()
        .filter(actual_start__lte=period.end)
        .filter(Q(actual_completion__isnull=True) | Q(actual_completion__gte=period.start))
    )


def missing_reports(period, *, user):
    """Due projects with no report handed in for the period (未报): none, a draft or a
    returned one."""
    handed_in = MonthlyReport.objects.filter(period=period, status__in=HANDED_IN)
    return due_projects(period, user=user).exclude(pk__in=handed_in.values("project"))


def late_reports(period, *, user):
    """Reports handed in after the period's deadline (迟报)."""
    return MonthlyReport.objects.filter(
        period=period,
        status__in=HANDED_IN,
        project__in=Project.objects.restrict(user, "view"),
        submitted_at__date__gt=period.deadline,
    )


def county_of(region):
    """The county (or zone) a project's region belongs to, for per-county counts."""
    from groundbreak.regions.models import RegionKind

    while region.parent_id and region.kind not in (RegionKind.COUNTY, RegionKind.ZONE):
        region = region.parent
    return region


def reporting_by_county(period, *, user):
    """Per county: due, handed in, on time, late, missing — the reminder and ranking base."""
    due = list(due_projects(period, user=user).select_related("region__parent"))
    reports = {
        r.project_id: r
        for r in MonthlyReport.objects.filter(period=period, project__in=[p.pk for p in due])
    }
    counts = defaultdict(lambda: {"due": 0, "handed_in": 0, "late": 0, "missing": 0})
    counties = {}
    for project in due:
        county = county_of(project.region)
        counties[county.pk] = county
        row = counts[county.pk]
        row["due"] += 1
        report = reports.get(project.pk)
        if report is not None and report.status in HANDED_IN:
            row["handed_in"] += 1
            if report.submitted_at and timezone.localdate(report.submitted_at) > period.deadline:
                row["late"] += 1
        else:
            row["missing"] += 1
    ordered = sorted(counties.values(), key=lambda r: (r.sort_order, r.code))
    return [{"region": county, **counts[county.pk]} for county in ordered]


def reached_periods(today=None):
    """The periods that have begun by today: open now, or past their deadline (not those of
    months still ahead)."""
    today = today or timezone.localdate()
    return ReportingPeriod.objects.filter(
        Q(year__lt=today.year) | Q(year=today.year, first_month__lte=today.month)
    )


def owed_reports(user, *, limit=500):
    """Everything the user still owes, oldest first across the periods reached: one row
    (period, project, report or None) per due project in the user's fill scope whose report
    is not handed in (none yet, a draft, or returned)."""
    fillable = reporting_projects(user, "fill")
    rows = []
    for period in reached_periods().order_by("year", "last_month"):
        projects = list(
            missing_reports(period, user=user)
            .filter(pk__in=fillable.values("pk"))
            .select_related("region", "owner_unit")
            .order_by("region__sort_order", "name")
        )
        reports = {
            r.project_id: r
            for r in MonthlyReport.objects.filter(period=period, project__in=projects)
        }
        rows += [{"period": period, "project": p, "report": reports.get(p.pk)} for p in projects]
        if len(rows) >= limit:
            break
    return rows[:limit]


def _oldest_owed_period(user):
    """The oldest period reached in which the user owes a report (to fill, or, for a reviewer,
    to review), or None."""
    fillable = reporting_projects(user, "fill")
    for period in reached_periods().order_by("year", "last_month"):
        if missing_reports(period, user=user).filter(pk__in=fillable.values("pk")).exists():
            return period
        if MonthlyReport.objects.filter(
            period=period,
            status=ReportStatus.SUBMITTED,
            project__in=reporting_projects(user, "review"),
        ).exists():
            return period
    return None


def default_period(user=None):
    """The period lists open on for a user: the latest one begun (open now, or past its
    deadline), but never one ahead of work the user still owes — then the oldest period with
    a report still to fill or to review. Where no period has begun yet, the first one."""
    latest = reached_periods().order_by("-year", "-last_month").first()
    if latest is None:
        return ReportingPeriod.objects.order_by("year", "last_month").first()
    if user is not None and (owed := _oldest_owed_period(user)) is not None:
        return owed
    return latest
