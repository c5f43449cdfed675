"""The bulletin's figures (通报数据), gathered set-based for a period and a region: a fixed number
of grouped queries whatever the number of projects, folded into counties (and the zones below
them) and departments in Python over a few dozen rows.

Every figure reads 1-N月 of the period's year (N = the period's last month):
- investment: the handed-in reports of the period (``completed_ytd``) against the projects'
  plans of that year, and against the reports of the same period last year;
- new starts (新开工) and 入库: projects started / entered into the statistics in 1-N月;
- problems resolved on time: problems due in 1-N月, closed by their due date;
- supervision items closed on time: items due in 1-N月, closed (办结) by their deadline.
Warnings are those live when the figures are gathered (the bulletin keeps them as issued). The
red ones are listed with their leader in charge, those of the largest projects first, at most
``BULLETIN_RED_LISTED`` of them (a province-scale portfolio has thousands: a printed list of them
would run to a hundred pages); the bulletin says how many there are in all.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from groundbreak.alerts.choices import Level
from groundbreak.alerts.models import Warning
from groundbreak.dispatch.choices import Action, ItemStatus
from groundbreak.dispatch.models import ItemStep, SupervisionItem
from groundbreak.lists.models import Problem
from groundbreak.projects.models import AnnualPlan, GroundbreakingBatch, Project
from groundbreak.regions.models import Region, RegionKind
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod

HANDED_IN = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.LOCKED)
PLACES = Decimal("0.0001")
METRICS = ("plan", "completed", "last_year", "new_starts", "registered", "problems_due",
           "problems_on_time", "items_due", "items_on_time")  # fmt: skip


def _ratio(part, whole):
    if whole in (None, 0, Decimal(0)) or part is None:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(PLACES)


def _growth(now, before):
    if not before:
        return None
    return ((Decimal(now or 0) - Decimal(before)) / Decimal(before)).quantize(PLACES)


def derive(row):
    """Add the rates to a row of sums (in place): completion rate, growth, on-time shares."""
    row["completion_rate"] = _ratio(row["completed"], row["plan"])
    row["growth"] = _growth(row["completed"], row["last_year"])
    row["problems_rate"] = _ratio(row["problems_on_time"], row["problems_due"])
    row["items_rate"] = _ratio(row["items_on_time"], row["items_due"])
    return row


def _empty():
    return {name: Decimal(0) if name in ("plan", "completed", "last_year") else 0
            for name in METRICS}  # fmt: skip


def unit_map(region):
    """{region id: the county (or zone) it counts for} for every region in ``region``'s tree,
    and the counties (and zones) themselves in their order. A county bulletin counts for the
    county itself and its zones."""
    tree = {r.pk: r for r in Region.objects.all()}
    inside = region.descendant_ids()
    units = [r for r in tree.values() if r.pk in inside
             and r.kind in (RegionKind.COUNTY, RegionKind.ZONE)]  # fmt: skip
    unit_ids = {u.pk for u in units}
    mapping = {}
    for pk in inside:
        node = tree[pk]
        while node is not None and node.pk not in unit_ids:
            node = tree.get(node.parent_id)
        if node is not None:
            mapping[pk] = node.pk
    units.sort(key=lambda r: (r.sort_order, r.code))
    # Projects of the city itself (市本级) count for the summary, under the city's own row.
    for pk in inside:
        mapping.setdefault(pk, region.pk)
    return mapping, units


def _fold(rows, key_of, into, field, value="value"):
    for row in rows:
        key = key_of(row)
        if key is not None and key in into:
            into[key][field] += row[value] or 0


def gather(period: ReportingPeriod, region: Region, *, on_date: date | None = None) -> dict:
    """The figures of the bulletin: summary, counties, departments, red warnings, batches."""
    year, last = period.year, period.last_month
    start, end = date(year, 1, 1), period.end
    mapping, units = unit_map(region)
    projects = Project.objects.filter(region_id__in=list(mapping))
    # A city's bulletin usually covers every project: then no query needs the scope's subquery.
    whole = not Project.objects.exclude(region_id__in=list(mapping)).exists()
    if whole:
        projects = Project.objects.all()
    counties = {u.pk: {"key": str(u.pk), "name": u.name, "code": u.code, **_empty()}
                for u in units}  # fmt: skip
    own = {"key": str(region.pk), "name": region.name, "code": region.code, **_empty()}
    counties.setdefault(region.pk, own)
    departments = {}

    def by_project(queryset, field, aggregate, via="project__"):
        """The aggregate grouped by the project's region and by its department in charge."""
        rows = list(
            queryset.values(g_region=F(f"{via}region_id"), g_dept=F(f"{via}department_in_charge_id"),
                            g_dept_name=F(f"{via}department_in_charge__name"))
            .annotate(value=aggregate).order_by()
        )  # fmt: skip
        _fold(rows, lambda r: mapping.get(r["g_region"]), counties, field)
        for row in rows:
            if row["g_dept"] is not None:
                departments.setdefault(row["g_dept"], {"key": str(row["g_dept"]),
                                                       "name": row["g_dept_name"], **_empty()})  # fmt: skip
        _fold(rows, lambda r: r["g_dept"], departments, field)

    in_scope = {} if whole else {"project__in": projects}
    by_project(AnnualPlan.objects.filter(year=year, **in_scope), "plan", Sum("amount"))
    reports = MonthlyReport.objects.filter(status__in=HANDED_IN, **in_scope)
    by_project(reports.filter(period=period), "completed", Sum("completed_ytd"))
    by_project(reports.filter(period__year=year - 1, period__last_month=last), "last_year",
               Sum("completed_ytd"))  # fmt: skip
    by_project(projects.filter(actual_start__range=(start, end)), "new_starts", Count("pk"),
               via="")  # fmt: skip
    by_project(projects.filter(in_statistics_date__range=(start, end)), "registered",
               Count("pk"), via="")  # fmt: skip
    problems = Problem.objects.filter(due_date__range=(start, end), **in_scope)
    by_project(problems, "problems_due", Count("pk"))
    by_project(problems.filter(closed_on__lte=F("due_date")), "problems_on_time", Count("pk"))
    _items(region, start, end, mapping, counties, departments)

    rows = [derive(counties[u.pk]) for u in units]
    dept_rows = [derive(d) for d in sorted(departments.values(), key=lambda d: d["name"])]
    summary = _empty()
    city_level = derive(counties[region.pk]) if region.pk not in {u.pk for u in units} else None
    for row in [*rows, *([city_level] if city_level else [])]:
        for name in METRICS:
            summary[name] += row[name]
    derive(summary)
    live = Warning.objects.live().filter(**in_scope)
    summary["warnings"], red_totals = _warning_counts(live)
    return {
        "period": {
            "id": period.pk,
            "year": year,
            "last_month": last,
            "label": f"{year}年1-{last}月" if last > 1 else f"{year}年1月",
        },  # fmt: skip
        "region": {
            "id": region.pk,
            "name": region.name,
            "code": region.code,
            "is_city": region.kind in (RegionKind.CITY, RegionKind.PROVINCE),
        },  # fmt: skip
        "on_date": (on_date or timezone.localdate()).isoformat(),
        "time_progress": (Decimal(last) / 12).quantize(PLACES),
        "summary": summary,
        "counties": rows,
        "city_level": city_level,  # the city's own projects (市本级): summed, not ranked
        "departments": dept_rows,
        "red": _red_warnings(live, projects, mapping, counties),
        **red_totals,
        "batches": _batches(region, mapping, start, end),
    }


def _items(region, start, end, mapping, counties, departments):
    """Supervision items due in 1-N月 addressed to the counties (or the departments), and
    those of them closed (办结) by their deadline."""
    closed_on = ItemStep.objects.filter(item=OuterRef("pk"), action=Action.CLOSE).values("item")
    closed_on = closed_on.annotate(on=Max("on_date")).values("on")[:1]
    items = (
        SupervisionItem.objects.filter(deadline__range=(start, end))
        .filter(Q(responsible_region_id__in=list(mapping)) | Q(responsible_department__isnull=False))
        .annotate(closed_on=Subquery(closed_on))
    )  # fmt: skip
    on_time = Q(status=ItemStatus.CLOSED, closed_on__lte=F("deadline"))
    rows = list(
        items.values("responsible_region_id", "responsible_department_id",
                     dept_name=F("responsible_department__name"))
        .annotate(due=Count("pk"), on_time=Count("pk", filter=on_time)).order_by()
    )  # fmt: skip
    for row in rows:
        unit = mapping.get(row["responsible_region_id"])
        if unit in counties:
            counties[unit]["items_due"] += row["due"]
            counties[unit]["items_on_time"] += row["on_time"]
        dept = row["responsible_department_id"]
        if dept is not None and row["responsible_region_id"] is None:
            departments.setdefault(dept, {"key": str(dept), "name": row["dept_name"], **_empty()})
            departments[dept]["items_due"] += row["due"]
            departments[dept]["items_on_time"] += row["on_time"]


def _warning_counts(live):
    """{level: live warnings} for the summary, and the red ones' totals (warnings, projects),
    from one grouped query."""
    rows = {
        row["level"]: row
        for row in live.filter(level__gte=Level.YELLOW).values("level")
        .annotate(n=Count("pk"), projects=Count("project", distinct=True)).order_by()
    }  # fmt: skip
    counts = {str(level): rows[level]["n"] if level in rows else 0
              for level in (Level.RED, Level.ORANGE, Level.YELLOW)}  # fmt: skip
    red = rows.get(Level.RED, {"n": 0, "projects": 0})
    return counts, {"red_total": red["n"], "red_projects": red["projects"]}


def _red_warnings(live, projects, mapping, counties):
    """The live red warnings of the largest projects (at most ``BULLETIN_RED_LISTED``), each
    with its project, county and the leader in charge, in county and project order."""
    listed = getattr(settings, "BULLETIN_RED_LISTED", 100)
    red = live.filter(level=Level.RED)
    # The largest projects with a red warning: a walk down the projects by size that stops early,
    # not a sort of every red warning (a province has hundreds of thousands).
    largest = list(
        projects.filter(Exists(red.filter(project=OuterRef("pk"))))
        .order_by(F("total_investment").desc(nulls_last=True), "pk")
        .values_list("pk", flat=True)[:listed]
    )
    rows = (
        red.filter(project_id__in=largest)
        .select_related("rule", "project__leader_in_charge", "project__region")
        .order_by(F("project__total_investment").desc(nulls_last=True), "project_id", "pk")
    )[:listed]  # fmt: skip
    rows = sorted(rows, key=lambda w: (w.project.region.sort_order, w.project.name, w.pk))
    listing = []
    for warning in rows:
        unit = mapping.get(warning.project.region_id)
        leader = warning.project.leader_in_charge
        listing.append({
            "project_id": warning.project_id, "project": warning.project.name,
            "county_key": str(unit) if unit else "",
            "county": counties[unit]["name"] if unit in counties else str(warning.project.region),
            "rule": str(warning.rule.name), "why": str(warning.why),
            "leader": f"{leader.name}（{leader.post}）" if leader and leader.post
            else (leader.name if leader else ""),
        })  # fmt: skip
    return listing


def _batches(region, mapping, start, end):
    """The groundbreaking batches (集中开工) held in 1-N月 in the region (the city's own
    batches, with no county, count for the city's bulletin)."""
    batches = GroundbreakingBatch.objects.filter(date__range=(start, end))
    if region.kind in (RegionKind.CITY, RegionKind.PROVINCE):
        batches = batches.filter(Q(region_id__in=list(mapping)) | Q(region__isnull=True)
                                 | Q(region=region))  # fmt: skip
    else:
        batches = batches.filter(region_id__in=list(mapping))
    batches = (
        batches.annotate(count=Count("projects"), investment=Sum("projects__total_investment"))
        .select_related("region")
        .order_by("date", "pk")
    )
    return [
        {"name": b.name, "date": b.date.isoformat(), "region": str(b.region or region.name),
         "projects": b.count, "investment": b.investment or Decimal(0)}
        for b in batches
    ]  # fmt: skip
