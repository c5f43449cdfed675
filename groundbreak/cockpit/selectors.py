"""The cockpit's figures (驾驶舱数据): computed set-based for a project queryset into small grouped
rows (region × field × sector × stage × in statistics, region × month, region × level …), kept
for the whole city in a ``Snapshot``; a page narrows the rows to its region in Python.

A county page reads the city's snapshot (one query); a leader's or a department's page, whose
projects are not a region, computes the same rows for its own few projects.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from groundbreak.alerts.engine import evaluation_date
from groundbreak.alerts.models import Warning
from groundbreak.alerts.rules import due_period
from groundbreak.projects.models import AnnualPlan, Project
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod
from groundbreak.reporting.selectors import HANDED_IN

ZERO = Decimal(0)


def as_of():
    """(date, year, period): the cockpit's moment — the warnings' evaluation date (the demo pins
    10 April 2020), its year and the latest period whose deadline has passed (else the first)."""
    on_date = evaluation_date()
    period = (
        due_period(on_date)
        or ReportingPeriod.objects.filter(year=on_date.year).order_by("last_month").first()
    )
    return on_date, on_date.year, period


def _dims(prefix=""):
    return {
        "r": F(f"{prefix}region_id"),
        "f": F(f"{prefix}field"),
        "s": F(f"{prefix}sector_id"),
        "st": F(f"{prefix}stage"),
    }


def _in_statistics(prefix=""):
    return ExpressionWrapper(
        Q(**{f"{prefix}in_statistics_date__isnull": False}), output_field=BooleanField()
    )


def compute_rows(projects, year, period):
    """The grouped rows of ``projects`` for ``year`` up to ``period`` (JSON-ready: amounts as
    strings). About ten set-based queries whatever the number of projects."""
    projects = projects.order_by()
    ids = projects.values("pk")
    rows = {}

    def key(row):
        return (row["r"], row["f"], row["s"], row["st"], bool(row["ins"]))

    def slot(row):
        return rows.setdefault(key(row), {"n": 0, "total": ZERO, "plan": ZERO, "done": ZERO})

    for row in projects.values(**_dims(), ins=_in_statistics()).annotate(
        n=Count("pk"), total=Sum("total_investment")
    ):
        slot(row).update(n=row["n"], total=row["total"] or ZERO)
    plans = AnnualPlan.objects.filter(year=year, project__in=ids).order_by()
    for row in plans.values(**_dims("project__"), ins=_in_statistics("project__")).annotate(
        plan=Sum("amount")
    ):
        slot(row)["plan"] = row["plan"] or ZERO
    reports = MonthlyReport.objects.filter(status__in=HANDED_IN, project__in=ids).order_by()
    if period is not None:
        for row in (
            reports.filter(period=period)
            .values(**_dims("project__"), ins=_in_statistics("project__"))
            .annotate(done=Sum("completed_ytd"))
        ):
            slot(row)["done"] = row["done"] or ZERO
    months = (
        reports.filter(period__year__in=(year - 1, year))
        .values(r=F("project__region_id"), y=F("period__year"), m=F("period__last_month"))
        .annotate(done=Sum("completed_ytd"))
    )
    year_plans = (
        AnnualPlan.objects.filter(year__in=(year - 1, year), project__in=ids)
        .order_by()
        .values(r=F("project__region_id"), y=F("year"))
        .annotate(plan=Sum("amount"))
    )
    warnings = (
        Warning.objects.live()
        .filter(level__gt=0, project__in=ids)
        .order_by()
        .values(r=F("project__region_id"), lv=F("level"))
        .annotate(n=Count("pk"))
    )
    return {
        "projects": [
            [*k, v["n"], str(v["total"]), str(v["plan"]), str(v["done"])] for k, v in rows.items()
        ],
        "months": [[m["r"], m["y"], m["m"], str(m["done"] or ZERO)] for m in months],
        "plans": [[p["r"], p["y"], str(p["plan"] or ZERO)] for p in year_plans],
        "warnings": [[w["r"], w["lv"], w["n"]] for w in warnings],
        "reporting": _reporting_rows(projects, period),
    }


def _reporting_rows(projects, period):
    """Per region: due, handed in, late for the period (上报及时率)."""
    if period is None:
        return []
    due = (
        projects.started()
        .filter(actual_start__lte=period.end)
        .filter(Q(actual_completion__isnull=True) | Q(actual_completion__gte=period.start))
    )
    counts = defaultdict(lambda: [0, 0, 0])
    for row in due.values("region_id").annotate(n=Count("pk")):
        counts[row["region_id"]][0] = row["n"]
    handed = (
        MonthlyReport.objects.filter(period=period, status__in=HANDED_IN, project__in=due)
        .order_by()
        .values(r=F("project__region_id"))
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(submitted_at__date__gt=period.deadline)))
    )
    for row in handed:
        counts[row["r"]][1:] = [row["n"], row["late"]]
    return [[r, *c] for r, c in counts.items()]


def _text(value):
    return None if value is None else str(value)


def account_rows(year, period):
    """The planning accounts (三本账) of the city and each county up to ``period``: one row per
    region ``[region id, target, 1-N月 investment, last year's 1-N月, growth %, support, gap,
    target completion %]``, amounts in 万元 as strings, None where missing."""
    from groundbreak.planning.selectors import accounts

    return [
        [line.region.pk, _text(line.target_amount), _text(line.ytd), _text(line.last_year_ytd),
         _text(line.growth), _text(line.support), _text(line.gap), _text(line.rate)]
        for line in accounts(user=None, year=year, period=period)
    ]  # fmt: skip


def compute_city_rows(year, period):
    """The whole city's rows, with its accounts: what the snapshot keeps."""
    data = compute_rows(Project.objects.all(), year, period)
    data["accounts"] = account_rows(year, period) if period is not None else []
    return data


def city_rows(year, period):
    """The whole city's rows: the snapshot's when it is of this year and period, else computed."""
    from groundbreak.cockpit.models import Snapshot

    snapshot = Snapshot.objects.filter(year=year).first()
    if snapshot is not None and snapshot.period_id == getattr(period, "pk", None):
        return snapshot.data, snapshot.computed_at
    return compute_city_rows(year, period), timezone.now()


def account_of(data, region):
    """The accounts row of ``region`` in the rows, as a dict of Decimals (None where missing)."""
    names = ("target", "ytd", "last_year_ytd", "growth", "support", "gap", "rate")
    for row in data.get("accounts", ()):
        if region is not None and row[0] == region.pk:
            return {
                k: None if v is None else Decimal(v) for k, v in zip(names, row[1:], strict=True)
            }
    return {k: None for k in names}


@dataclass
class Scope:
    """What a cockpit page covers: the projects the user may see, narrowed to ``region``
    (a county page) or not; ``whole`` when that is the whole city or a set of regions, so the
    snapshot serves it."""

    projects: object
    region: object = None
    region_ids: frozenset | None = None  # None: every region the rows hold
    whole: bool = True


def rows_for(scope, year, period):
    if scope.whole:
        data, computed_at = city_rows(year, period)
    else:
        data, computed_at = compute_rows(scope.projects, year, period), timezone.now()
    if scope.region_ids is None:
        return data, computed_at
    keep = scope.region_ids
    return {name: [r for r in rows if r[0] in keep] for name, rows in data.items()}, computed_at


def _d(text):
    return Decimal(text)


def rate(done, plan):
    """Completion in per cent (one decimal), None without a plan."""
    if not plan:
        return None
    return (Decimal(done) * 100 / Decimal(plan)).quantize(Decimal("0.1"))


def figures(data, *, year, period, county_of):
    """The page's numbers from the rows: headline, by county, by field and sector, the funnel,
    the monthly curves, warnings by county and level. ``county_of`` maps a region id to its
    county (or zone) id, so that the projects of a zone's sub-areas count with it."""
    month = period.last_month if period else None
    plan = done = ZERO
    by_county = defaultdict(lambda: {"plan": ZERO, "done": ZERO, "n": 0})
    by_field = defaultdict(lambda: {"plan": ZERO, "done": ZERO, "n": 0})
    by_sector = defaultdict(lambda: {"plan": ZERO, "done": ZERO, "n": 0})
    stages = defaultdict(lambda: {"n": 0, "total": ZERO})
    funnel = {key: {"n": 0, "total": ZERO} for key in FUNNEL}
    for r, f, s, st, ins, n, total, p, d in data["projects"]:
        total, p, d = _d(total), _d(p), _d(d)
        plan += p
        done += d
        for bucket in (by_county[county_of(r)], by_field[f], by_sector[s]):
            bucket["plan"] += p
            bucket["done"] += d
            bucket["n"] += n
        stages[st]["n"] += n
        stages[st]["total"] += total
        for step, test in FUNNEL.items():
            if test(st, ins):
                funnel[step]["n"] += n
                funnel[step]["total"] += total
    curve = defaultdict(lambda: defaultdict(lambda: ZERO))
    for _r, y, m, d in data["months"]:
        curve[y][m] += _d(d)
    plans = defaultdict(lambda: ZERO)
    for _r, y, p in data["plans"]:
        plans[y] += _d(p)
    warnings = defaultdict(lambda: defaultdict(int))
    levels = defaultdict(int)
    for r, lv, n in data["warnings"]:
        warnings[county_of(r)][lv] += n
        levels[lv] += n
    due = handed = late = 0
    for _r, d_, h, lt in data["reporting"]:
        due, handed, late = due + d_, handed + h, late + lt
    last_year_done = curve[year - 1].get(month) if month else None
    return {
        "plan": plan,
        "done": done,
        "rate": rate(done, plan),
        "time_progress": (Decimal(month) * 100 / 12).quantize(Decimal("0.1")) if month else None,
        "last_year_done": last_year_done,
        "growth": (
            ((done - last_year_done) * 100 / last_year_done).quantize(Decimal("0.1"))
            if last_year_done
            else None
        ),
        "by_county": dict(by_county),
        "by_field": dict(by_field),
        "by_sector": dict(by_sector),
        "funnel": funnel,
        "curve": {y: dict(curve[y]) for y in (year - 1, year)},
        "year_plans": {y: plans[y] for y in (year - 1, year)},
        "warnings": {c: dict(v) for c, v in warnings.items()},
        "levels": {lv: levels.get(lv, 0) for lv in (1, 2, 3)},
        "reporting": {
            "due": due,
            "handed_in": handed,
            "late": late,
            "on_time": handed - late,
            "missing": due - handed,
            "on_time_rate": rate(handed - late, due),
        },
    }


STARTED = {"new_start", "continuing", "completed", "in_production"}
# 储备 → 前期 → 开工 → 入库 → 竣工: each step counts the projects that reached it.
FUNNEL = {
    "reserve": lambda st, ins: st == "reserve",
    "preliminary": lambda st, ins: st == "preliminary",
    "started": lambda st, ins: st in STARTED,
    "in_statistics": lambda st, ins: st in STARTED and ins,
    "completed": lambda st, ins: st in ("completed", "in_production"),
}
