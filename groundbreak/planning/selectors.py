"""The accounts (三本账) of a year up to a period, per region, read with a few grouped queries.

1. Each project gets, in SQL, its plan of the year, its 1-N月 completion (the owner's latest
   handed-in figure), the statistics bureau's figure, its highest open warning level and a
   bucket: stock (started before the year), new (started this year), ready / preliminary /
   reserve (not started).
2. One grouped query sums plan, remaining plan and actual per (region, bucket, warning level);
   the start weights (a handful of rows) are applied in Python to those few groups, so the
   amounts stay exact decimals.
3. Region figures (a county's summary-table figure, other investment, last year) override or
   add, and the city row adds up its counties.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from groundbreak.core.db import MoneySum
from groundbreak.planning.choices import DEFAULT_PATTERN, DEFAULT_WEIGHTS, WeightKey
from groundbreak.planning.models import (
    InvestmentTarget,
    ProjectReadiness,
    RegionFigure,
    StartWeight,
    planning_region_ids,
)
from groundbreak.projects.choices import STARTED_STAGES, Stage
from groundbreak.projects.models import AnnualPlan, Project, money_field
from groundbreak.regions.models import Region, RegionKind
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod, StatisticsFigure
from groundbreak.reporting.selectors import HANDED_IN

ZERO = Decimal(0)
HUNDRED = Decimal(100)
YUAN = Decimal("0.0001")
BUCKET_WEIGHT = {
    "new": WeightKey.STARTED,
    "ready": WeightKey.PRELIMINARY_READY,
    "preliminary": WeightKey.PRELIMINARY,
    "reserve": WeightKey.RESERVE,
}
INCREMENT_BUCKETS = tuple(BUCKET_WEIGHT)


def weights():
    """The start-likelihood table (%), the defaults where the city has not set a row."""
    table = dict(DEFAULT_WEIGHTS)
    table.update(dict(StartWeight.objects.values_list("key", "weight")))
    return table


def weight_for(bucket, warning_level, table):
    """A project's start likelihood (%): its bucket's weight less a step per warning level."""
    if bucket == "stock":
        return HUNDRED
    base = table[BUCKET_WEIGHT[bucket]] - table[WeightKey.WARNING_STEP] * (warning_level or 0)
    return max(base, ZERO)


def _money(value):
    return (value or ZERO).quantize(YUAN, rounding=ROUND_HALF_UP)


def city():
    return Region.objects.filter(kind=RegionKind.CITY).order_by("sort_order").first()


def period_of(year, month):
    return ReportingPeriod.objects.filter(year=year, last_month=month).first()


def latest_period(year):
    """The latest period of the year with a region figure or a handed-in report, else 1-2月."""
    months = [
        RegionFigure.objects.filter(period__year=year).aggregate(m=Max("period__last_month"))["m"],
        MonthlyReport.objects.filter(period__year=year, status__in=HANDED_IN).aggregate(
            m=Max("period__last_month")
        )["m"],
    ]
    month = max([m for m in months if m] or [2])
    return period_of(year, month)


def annotated_projects(year, period):
    """Projects with ``plan``, ``done``, ``bureau_ytd``, ``warning_level``, ``ready`` and
    ``bucket`` annotated (see the module's step 1)."""
    from groundbreak.alerts.choices import WarningStatus
    from groundbreak.alerts.models import Warning

    first = date(year, 1, 1)
    month = period.last_month if period else 0
    end = period.end if period else first
    report = MonthlyReport.objects.filter(
        project=OuterRef("pk"),
        period__year=year,
        period__last_month__lte=month,
        status__in=HANDED_IN,
    ).order_by("-period__last_month")
    figure = StatisticsFigure.objects.filter(project=OuterRef("pk"), period=period)
    warn = (
        Warning.objects.filter(project=OuterRef("pk"), level__gt=0)
        .exclude(status=WarningStatus.CLEARED)
        .order_by("-level")
    )
    plan = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year)
    return Project.objects.annotate(
        plan=Coalesce(Subquery(plan.values("amount")[:1]), Value(ZERO), output_field=money_field("")),
        done=Coalesce(Subquery(report.values("completed_ytd")[:1]), Value(ZERO), output_field=money_field("")),
        bureau_ytd=Subquery(figure.values("completed_ytd")[:1]),
        warning_level=Coalesce(Subquery(warn.values("level")[:1]), Value(0)),
        ready=Exists(ProjectReadiness.objects.filter(project=OuterRef("pk"), approvals_complete=True)),
        bucket=Case(
            When(Q(stage__in=STARTED_STAGES, actual_start__lt=first)
                 & (Q(actual_completion__isnull=True) | Q(actual_completion__gte=first)),
                 then=Value("stock")),
            When(stage__in=STARTED_STAGES, actual_start__gte=first, actual_start__lte=date(year, 12, 31),
                 then=Value("new")),
            When(stage=Stage.PRELIMINARY, ready=True, then=Value("ready")),
            When(stage=Stage.PRELIMINARY, then=Value("preliminary")),
            When(stage=Stage.RESERVE, then=Value("reserve")),
            default=Value(""),
            output_field=CharField(),
        ),
        counted_actual=Coalesce(
            "bureau_ytd",
            Case(When(in_statistics_date__lte=end, then=F("done")), default=Value(ZERO)),
            output_field=money_field(""),
        ),
        remaining=Greatest(F("plan") - F("done"), Value(ZERO), output_field=money_field("")),
    )  # fmt: skip


@dataclass
class Line:
    """One region's accounts."""

    region: object
    target: object = None
    projects_actual: Decimal = ZERO
    county_figure: Decimal | None = None  # the summary table's 1-N月 figure, where imported
    other_ytd: Decimal = ZERO
    last_year_ytd: Decimal | None = None
    stock: Decimal = ZERO
    increment: Decimal = ZERO
    plan: Decimal = ZERO
    counts: dict = field(default_factory=dict)
    month: int = 0
    pattern: Decimal = ZERO  # cumulative share (%) of the year by month N
    pattern_source: str = "default"

    @property
    def target_amount(self):
        return self.target.amount if self.target else None

    @property
    def project_ytd(self):
        return self.county_figure if self.county_figure is not None else self.projects_actual

    @property
    def ytd(self):
        return self.project_ytd + self.other_ytd

    @property
    def growth(self):
        if not self.last_year_ytd:
            return None
        return ((self.ytd / self.last_year_ytd - 1) * HUNDRED).quantize(Decimal("0.1"))

    @property
    def other_rest(self):
        """Other investment for the rest of the year, at the pace of the months so far."""
        if not self.month:
            return ZERO
        return _money(self.other_ytd * (12 - self.month) / self.month)

    @property
    def support(self):
        return self.ytd + self.stock + self.increment + self.other_rest

    @property
    def gap(self):
        if self.target is None:
            return None
        return max(self.target_amount - self.support, ZERO)

    @property
    def rate(self):
        if not self.target_amount:
            return None
        return (self.ytd / self.target_amount * HUNDRED).quantize(Decimal("0.1"))

    @property
    def projection(self):
        if not self.pattern:
            return None
        return _money(self.ytd / self.pattern * HUNDRED)


def visible_regions(user):
    """The city and its counties and zones the user may see, city first (all of them for
    ``user=None``: the system, e.g. the cockpit's snapshot job)."""
    ids = "all" if user is None else planning_region_ids(user, "view")
    the_city = city()
    if ids is None or the_city is None:
        return []
    regions = [
        the_city,
        *Region.objects.counties().filter(parent=the_city).order_by("sort_order", "code"),
    ]
    return [r for r in regions if ids == "all" or r.pk in ids]  # fmt: skip


def _pattern(region_ids, year, month):
    """Cumulative share (%) of the year by month N, per region: the mean of earlier years'
    region figures (1-N月 ÷ 1-12月), where both are kept."""
    rows = RegionFigure.objects.filter(
        region_id__in=region_ids,
        period__year__lt=year,
        period__last_month__in=[month, 12],
        completed_ytd__gt=0,
    ).values_list("region_id", "period__year", "period__last_month", "completed_ytd")
    by = {}
    for region_id, y, m, amount in rows:
        by.setdefault((region_id, y), {})[m] = amount
    shares = {}
    for (region_id, _y), months in by.items():
        if month in months and 12 in months:
            shares.setdefault(region_id, []).append(months[month] / months[12] * HUNDRED)
    return {r: (sum(s) / len(s)).quantize(Decimal("0.01")) for r, s in shares.items()}


def accounts(*, user, year, period=None):
    """The accounts of ``year`` up to ``period`` (the latest if None) for the city and each
    county the user sees (every one for ``user=None``): a list of ``Line``, the city first."""
    regions = visible_regions(user)
    if not regions:
        return []
    period = period or latest_period(year)
    month = period.last_month if period else 0
    table = weights()
    children = {}
    for region in regions:
        children[region.pk] = region.descendant_ids()
    lines = {r.pk: Line(region=r, month=month) for r in regions}
    owner_of = {}  # project region → the county line (and the city) it counts in
    the_city = regions[0] if regions[0].kind == RegionKind.CITY else None
    for region in regions:
        for pk in children[region.pk]:
            if region is not the_city:
                owner_of.setdefault(pk, set()).add(region.pk)
    all_ids = set().union(*children.values())
    grouped = (
        annotated_projects(year, period)
        .filter(region_id__in=all_ids)
        .values("region_id", "bucket", "warning_level")
        .annotate(
            n=Count("pk"), plan_sum=MoneySum("plan"), remaining_sum=MoneySum("remaining"),
            actual_sum=MoneySum("counted_actual"),
        )
        .order_by()
    )  # fmt: skip
    for row in grouped:
        targets = set(owner_of.get(row["region_id"], set()))
        if the_city is not None:
            targets.add(the_city.pk)
        bucket, level = row["bucket"], row["warning_level"]
        for pk in targets:
            line = lines[pk]
            line.projects_actual += row["actual_sum"]
            line.counts[bucket] = line.counts.get(bucket, 0) + int(row["n"])
            if bucket in ("stock", "new"):
                line.plan += row["plan_sum"]
            if bucket == "stock":
                line.stock += row["remaining_sum"]
            elif bucket:
                base = row["remaining_sum"] if bucket == "new" else row["plan_sum"]
                line.increment += _money(base * weight_for(bucket, level, table) / HUNDRED)
    for target in InvestmentTarget.objects.filter(year=year, region_id__in=lines):
        lines[target.region_id].target = target
    figures = (
        list(RegionFigure.objects.filter(period=period, region_id__in=all_ids)) if period else []
    )
    own = {f.region_id: f for f in figures}
    for line in lines.values():
        mine = own.get(line.region.pk)
        if line.region is the_city:
            line.other_ytd = sum((f.real_estate_ytd + f.other_ytd for f in figures), ZERO)
            if mine is not None and mine.completed_ytd is not None:
                line.county_figure = mine.completed_ytd
            # Last year: the city's own figure, else the counties' sum once every county has one.
            last = [f.last_year_ytd for f in figures
                    if f.last_year_ytd is not None and f.region_id != the_city.pk]  # fmt: skip
            complete = len(last) == len(regions) - 1
            line.last_year_ytd = (
                mine.last_year_ytd
                if mine and mine.last_year_ytd
                else (sum(last, ZERO) if complete else None)
            )
        elif mine is not None:
            line.county_figure = mine.completed_ytd
            line.other_ytd = mine.real_estate_ytd + mine.other_ytd
            line.last_year_ytd = mine.last_year_ytd
    if the_city is not None and the_city.pk in lines:
        city_line = lines[the_city.pk]
        county_lines = [ln for ln in lines.values() if ln.region is not the_city]
        if city_line.county_figure is None and any(
            ln.county_figure is not None for ln in county_lines
        ):
            # The city's 1-N月: each county's summary figure where imported, else its
            # projects, plus the projects kept at the city itself.
            at_city = city_line.projects_actual - sum(
                (ln.projects_actual for ln in county_lines), ZERO
            )
            city_line.county_figure = sum((ln.project_ytd for ln in county_lines), at_city)
    patterns = _pattern(list(lines), year, month) if month else {}
    for pk, line in lines.items():
        if month:
            if pk in patterns:
                line.pattern, line.pattern_source = patterns[pk], "history"
            else:
                line.pattern = DEFAULT_PATTERN.get(month, Decimal(month) / 12 * HUNDRED)
    return [lines[r.pk] for r in regions]


def line_projects(*, user, year, region, account, period=None):
    """The projects behind one line of the accounts, with their figures: ``stock``,
    ``increment`` or ``actual``; each with ``weight`` and ``counted``."""
    ids = planning_region_ids(user, "view")
    if ids is None or (ids != "all" and region.pk not in ids):
        return []
    period = period or latest_period(year)
    projects = annotated_projects(year, period).filter(region_id__in=region.descendant_ids())
    if account == "stock":
        projects = projects.filter(bucket="stock")
    elif account == "increment":
        projects = projects.filter(bucket__in=INCREMENT_BUCKETS)
    else:
        projects = projects.filter(counted_actual__gt=0)
    table = weights()
    rows = list(projects.select_related("region").order_by("-plan", "name"))
    for p in rows:
        p.weight = weight_for(p.bucket, p.warning_level, table) if p.bucket else None
        if account == "stock":
            p.counted = p.remaining
        elif account == "increment":
            base = p.remaining if p.bucket == "new" else p.plan
            p.counted = _money(base * p.weight / HUNDRED)
        else:
            p.counted = p.counted_actual
    return rows


def closing_projects(*, user, year, region, gap, period=None):
    """What would close the gap (补缺口): projects not yet started whose start this year would
    add their uncounted plan (plan × (1 − weight)), largest first, until the gap is covered."""
    rows = [
        p for p in line_projects(user=user, year=year, region=region, account="increment", period=period)
        if p.bucket in ("ready", "preliminary", "reserve") and p.plan > 0
    ]  # fmt: skip
    for p in rows:
        p.added = p.plan - p.counted
    rows.sort(key=lambda p: (-p.added, p.name))
    chosen, total = [], ZERO
    for p in rows:
        if gap is None or total >= gap or p.added <= 0:
            break
        total += p.added
        p.cumulative = total
        chosen.append(p)
    return chosen, total


def quarterly(*, user, year):
    """Planned (the target's quarter split) against actual (the growth of 1-N月 between
    quarter ends) per region and quarter."""
    latest = latest_period(year)
    ytd_at = {}
    for q, month in enumerate((3, 6, 9, 12), start=1):
        period = period_of(year, month)
        if period is None or latest is None or month > latest.last_month:
            continue
        ytd_at[q] = {line.region.pk: line for line in accounts(user=user, year=year, period=period)}
    out = []
    for line in accounts(user=user, year=year, period=latest):
        shares = line.target.quarter_shares if line.target else None
        quarters, before = [], ZERO
        for q in (1, 2, 3, 4):
            planned = _money(line.target_amount * shares[q - 1] / HUNDRED) if shares else None
            actual = None
            if q in ytd_at and line.region.pk in ytd_at[q]:
                ytd = ytd_at[q][line.region.pk].ytd
                actual, before = ytd - before, ytd
            quarters.append({"quarter": q, "planned": planned, "actual": actual})
        late = (shares[2] + shares[3]) if shares else None
        out.append({"line": line, "quarters": quarters, "late_share": late})
    return out
