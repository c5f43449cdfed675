"""The reserve pool (储备库) and the pipeline flow: each county's rolling reserve against its
threshold, how many projects moved from stage to stage this year (储备一批、前期一批、开工一批、
入库一批) and how long projects sit in each stage (stage ageing)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import median

from django.db.models import Count, OuterRef, Q, Subquery

from groundbreak.core.db import MoneySum
from groundbreak.planning.models import ReserveThreshold
from groundbreak.planning.selectors import visible_regions
from groundbreak.projects.choices import Stage
from groundbreak.projects.models import Project, StageTransition

RESERVE_STAGES = (Stage.RESERVE, Stage.PRELIMINARY)
FLOW = (Stage.RESERVE, Stage.PRELIMINARY, Stage.NEW_START)


@dataclass
class Reserve:
    region: object
    amount: Decimal
    count: int
    threshold: Decimal | None

    @property
    def share(self):
        if not self.threshold:
            return None
        return (self.amount / self.threshold * 100).quantize(Decimal("0.1"))

    @property
    def below(self):
        return self.threshold is not None and self.amount < self.threshold


def reserve_by_region(region_ids_by_line, year):
    """``{line region pk: (amount, count)}``: total investment of the reserve and preliminary
    projects under each line's regions, from one grouped query."""
    every = set().union(*region_ids_by_line.values()) if region_ids_by_line else set()
    rows = (
        Project.objects.filter(stage__in=RESERVE_STAGES, region_id__in=every)
        .values("region_id")
        .annotate(amount=MoneySum("total_investment"), n=Count("pk"))
        .order_by()
    )
    out = {pk: (Decimal(0), 0) for pk in region_ids_by_line}
    for row in rows:
        for pk, ids in region_ids_by_line.items():
            if row["region_id"] in ids:
                amount, n = out[pk]
                out[pk] = (amount + row["amount"], n + row["n"])
    return out


def reserves(*, user, year):
    regions = visible_regions(user)
    ids = {r.pk: r.descendant_ids() for r in regions}
    sums = reserve_by_region(ids, year)
    thresholds = dict(
        ReserveThreshold.objects.filter(year=year, region_id__in=ids).values_list("region_id", "amount")
    )  # fmt: skip
    return [Reserve(r, *sums[r.pk], thresholds.get(r.pk)) for r in regions]


def flow(*, user, year):
    """Per region, how many projects entered each stage in ``year`` (from the stage timeline)
    and how many entered the statistics (入库)."""
    regions = visible_regions(user)
    ids = {r.pk: r.descendant_ids() for r in regions}
    every = set().union(*ids.values()) if ids else set()
    moves = (
        StageTransition.objects.filter(date__year=year, project__region_id__in=every, to_stage__in=FLOW)
        .values("project__region_id", "to_stage")
        .annotate(n=Count("project", distinct=True))
        .order_by()
    )  # fmt: skip
    entered = (
        Project.objects.filter(in_statistics_date__year=year, region_id__in=every)
        .values("region_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out = {r.pk: {"region": r, **{s: 0 for s in FLOW}, "in_statistics": 0} for r in regions}
    for row in moves:
        for pk, region_ids in ids.items():
            if row["project__region_id"] in region_ids:
                out[pk][row["to_stage"]] += row["n"]
    for row in entered:
        for pk, region_ids in ids.items():
            if row["region_id"] in region_ids:
                out[pk]["in_statistics"] += row["n"]
    return list(out.values())


def stage_ageing(*, user, on_date):
    """Days projects sat (or sit) in each stage: median and maximum per stage, over the stage
    timeline of the projects the user's regions hold (one query; the next move of each move
    read by a subquery)."""
    regions = visible_regions(user)
    every = set().union(*(r.descendant_ids() for r in regions)) if regions else set()
    following = (
        StageTransition.objects.filter(project=OuterRef("project"), date__gte=OuterRef("date"))
        .exclude(pk=OuterRef("pk"))
        .filter(Q(date__gt=OuterRef("date")) | Q(pk__gt=OuterRef("pk")))
    )
    rows = (
        StageTransition.objects.filter(project__region_id__in=every, date__lte=on_date)
        .annotate(left=Subquery(following.order_by("date", "pk").values("date")[:1]))
        .values_list("to_stage", "date", "left")
    )
    days = {}
    for stage, entered, left in rows:
        days.setdefault(stage, []).append(((left or on_date) - entered).days)
    return [
        {"stage": Stage(stage).label, "count": len(d), "median": median(d), "max": max(d)}
        for stage, d in sorted(days.items(), key=lambda kv: list(Stage.values).index(kv[0]))
    ]


def year_start(year):
    return date(year, 1, 1)
