"""What the finance pages read: declarations with their readiness, each project's funding gap
(total investment − secured sources) and this year's gap (plan − money in hand), summed per
county and sector, and the use of funds per project. Set-based: a few queries per page."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from groundbreak.finance.choices import ChannelKind, MovementKind
from groundbreak.finance.models import Declaration, FundMovement
from groundbreak.finance.services import missing_documents
from groundbreak.projects.models import FUNDING_FIELDS, Project

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=20, decimal_places=4)


def _zero():
    return Value(ZERO, output_field=MONEY)


def _received(year, **extra):
    """Money received by a project in ``year`` (0 if none), as a subquery."""
    rows = (
        FundMovement.objects.order_by()
        .filter(project=OuterRef("pk"), kind=MovementKind.RECEIVED, date__year=year, **extra)
        .values("project")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return Coalesce(Subquery(rows, output_field=MONEY), _zero())


def with_readiness(declarations):
    """Each declaration with ``missing``: the documents its channel requires that its project
    lacks (one query per channel shown)."""
    by_channel = defaultdict(list)
    for d in declarations:
        by_channel[d.channel].append(d)
    for channel, rows in by_channel.items():
        lacks = missing_documents({d.project_id for d in rows}, channel)
        for d in rows:
            d.missing = lacks[d.project_id]
    return declarations


def funding_gaps(*, user, year, region=None, sector=None, only_gaps=False):
    """The projects ``user`` sees with ``secured`` (the sum of the funding fields given),
    ``funding_unknown`` (none given), ``gap`` = total investment − secured (never below 0),
    ``annual_plan`` of ``year``, ``in_hand`` (money received in ``year``) and
    ``year_gap`` = plan − in hand (never below 0; 0 without a plan)."""
    secured = sum((Coalesce(F(name), _zero()) for name in FUNDING_FIELDS), _zero())
    rows = (
        Project.objects.restrict(user)
        .with_plan(year)
        .select_related("region", "sector")
        .annotate(
            secured=secured,
            in_hand=_received(year),
            funding_unknown=ExpressionWrapper(
                Q(**{f"{name}__isnull": True for name in FUNDING_FIELDS}),
                output_field=BooleanField(),
            ),
        )
        .annotate(
            gap=Greatest(F("total_investment") - F("secured"), _zero(), output_field=MONEY),
            year_gap=Greatest(
                Coalesce(F("annual_plan"), _zero()) - F("in_hand"), _zero(), output_field=MONEY
            ),
        )
    )
    if region is not None:
        rows = rows.filter(region_id__in=region.descendant_ids())
    if sector is not None:
        rows = rows.filter(sector=sector)
    if only_gaps:
        rows = rows.filter(Q(gap__gt=0) | Q(year_gap__gt=0))
    return rows.order_by("region__sort_order", "-gap", "pk")


def gap_totals(rows, by):
    """The gaps summed per ``by`` ("region" or "sector"): [(name, count, gap, year_gap)], the
    largest gap first, in one query."""
    key = f"{by}__name"
    sums = (
        rows.order_by()
        .values(key)
        .annotate(n=Count("pk"), g=Sum("gap"), y=Sum("year_gap"))
        .order_by("-g", key)
    )
    return [(r[key] or "—", r["n"], r["g"] or ZERO, r["y"] or ZERO) for r in sums]


def fund_use(*, user, year, on_date=None):
    """Per project with money recorded: received and paid in ``year`` and since the start,
    the special-bond money still unused, and the latest reported completion since the start."""
    from groundbreak.finance.rules import months_between, oldest_unused

    on_date = on_date or date(year, 12, 31)
    projects = Project.objects.restrict(user).filter(
        pk__in=FundMovement.objects.filter(date__lte=on_date).values("project")
    )
    totals = defaultdict(lambda: defaultdict(lambda: ZERO))
    receipts = defaultdict(list)
    moves = (
        FundMovement.objects.filter(project__in=projects, date__lte=on_date)
        .values_list("project_id", "kind", "date", "amount", "channel__kind")
        .order_by("date", "pk")
    )
    for pid, kind, day, amount, channel_kind in moves:
        row = totals[pid]
        row[kind] += amount
        if day.year == year:
            row[f"{kind}_year"] += amount
        if channel_kind == ChannelKind.SPECIAL_BOND:
            row[f"bond_{kind}"] += amount
            if kind == MovementKind.RECEIVED:
                receipts[pid].append((day, amount))
    out = []
    for project in projects.select_related("region").order_by("region__sort_order", "name"):
        row = totals[project.pk]
        since, unused = oldest_unused(receipts[project.pk], row["bond_paid"])
        out.append({
            "project": project, "received": row["received"], "paid": row["paid"],
            "received_year": row["received_year"], "paid_year": row["paid_year"],
            "in_hand": row["received"] - row["paid"], "bond_unused": unused, "bond_since": since,
            "bond_months": months_between(since, on_date) if since else None,
        })  # fmt: skip
    return out


def declaration_counts(declarations):
    """{status: count} of a filtered list, in one query."""
    return dict(declarations.order_by().values_list("status").annotate(n=Count("pk")))


__all__ = ["Declaration", "declaration_counts", "fund_use", "funding_gaps", "gap_totals",
           "with_readiness"]  # fmt: skip
