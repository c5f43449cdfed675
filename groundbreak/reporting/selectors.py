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


def default_period(user=None):
    """The period a user most likely reports or reviews now: the first one whose deadline has
    not passed; where all have passed (an archive, the demo's 2020), the one after the latest
    period with reports."""
    open_period = (
        ReportingPeriod.objects.filter(deadline__gte=timezone.localdate())
        .order_by("deadline")
        .first()
    )
    if open_period is not None:
        return open_period
    scope = MonthlyReport.objects.all()
    if user is not None:
        scope = scope.filter(project__in=reporting_projects(user, "view"))
    latest = scope.order_by("-period__year", "-period__last_month").values("period").first()
    if latest is None:
        return ReportingPeriod.objects.order_by("-year", "-last_month").first()
    period = ReportingPeriod.objects.get(pk=latest["period"])
    if period.last_month == 12:
        following = ReportingPeriod.objects.filter(year=period.year + 1, first_month=1)
    else:
        following = ReportingPeriod.objects.filter(
            year=period.year, first_month=period.last_month + 1
        )
    return following.first() or period
