"""Two warning rules on the use of funds, registered with the alerts' registry: special-bond
money left unused beyond its use window (six months by default: the yellow threshold) and
payments running ahead of the reported physical progress."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from groundbreak.alerts.registry import Measurement, RuleKind, register
from groundbreak.finance.choices import ChannelKind, MovementKind
from groundbreak.finance.models import FundMovement
from groundbreak.projects.models import Project
from groundbreak.reporting.models import MonthlyReport
from groundbreak.reporting.selectors import HANDED_IN

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def months_between(start, end):
    """Whole months from ``start`` to ``end`` (2020-01-15 → 2020-03-14: 1)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def _movements(on_date, project_ids, **filters):
    rows = FundMovement.objects.order_by().filter(date__lte=on_date, **filters)
    if project_ids is not None:
        rows = rows.filter(project_id__in=list(project_ids))
    return rows


def oldest_unused(receipts, paid):
    """The date of the oldest received money not yet covered by the payments (first in, first
    out), with the amount still unused; (None, 0) when all is spent. ``receipts``: (date,
    amount) in date order."""
    left = paid
    for index, (day, amount) in enumerate(receipts):
        if left >= amount:
            left -= amount
            continue
        unused = amount - left + sum((a for _d, a in receipts[index + 1 :]), ZERO)
        return day, unused
    return None, ZERO


def measure_bond_unused(on_date, project_ids=None, rule=None):
    """Months since the oldest special-bond money a project has not paid out."""
    bond = {"channel__kind": ChannelKind.SPECIAL_BOND}
    receipts = defaultdict(list)
    for pid, day, amount in (
        _movements(on_date, project_ids, kind=MovementKind.RECEIVED, **bond)
        .order_by("date", "pk")
        .values_list("project_id", "date", "amount")
    ):
        receipts[pid].append((day, amount))
    paid = defaultdict(lambda: ZERO)
    for pid, amount in _movements(on_date, project_ids, kind=MovementKind.PAID, **bond).values_list(
        "project_id", "amount"
    ):
        paid[pid] += amount
    out = []
    for pid, rows in receipts.items():
        since, unused = oldest_unused(rows, paid[pid])
        if since is None:
            continue
        months = months_between(since, on_date)
        out.append(Measurement(
            project_id=pid, value=Decimal(months),
            params={"amount": f"{unused.normalize():,f}", "since": since.isoformat(),
                    "months": str(months)},
            inputs={"received": str(sum((a for _d, a in rows), ZERO)), "paid": str(paid[pid]),
                    "since": since.isoformat()},
            link=f"/finance/funds/?year={on_date.year}",
        ))  # fmt: skip
    return out


def measure_payments_ahead(on_date, project_ids=None, rule=None):
    """The share (%) of a project's payments beyond its reported completion since the start
    (the latest report handed in by ``on_date``)."""
    paid = defaultdict(lambda: ZERO)
    for pid, amount in _movements(on_date, project_ids, kind=MovementKind.PAID).values_list(
        "project_id", "amount"
    ):
        paid[pid] += amount
    if not paid:
        return []
    latest = (
        MonthlyReport.objects.filter(project=OuterRef("pk"), status__in=HANDED_IN)
        .filter(Q(period__year__lt=on_date.year)
                | Q(period__year=on_date.year, period__last_month__lte=on_date.month))
        .order_by("-period__year", "-period__last_month")
        .values("completed_total")[:1]
    )  # fmt: skip
    reported = dict(
        Project.objects.order_by()
        .filter(pk__in=list(paid))
        .annotate(done=Subquery(latest))
        .values_list("pk", "done")
    )
    out = []
    for pid, amount in paid.items():
        done = reported.get(pid) or ZERO
        ahead = max(amount - done, ZERO)
        share = (ahead / amount * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        out.append(Measurement(
            project_id=pid, value=share,
            params={"paid": f"{amount.normalize():,f}", "done": f"{done.normalize():,f}",
                    "share": str(share)},
            inputs={"paid": str(amount), "reported_total": str(done)},
            link=f"/finance/funds/?year={on_date.year}",
        ))  # fmt: skip
    return out


def register_kinds():
    register(RuleKind(
        code="bond_unused", order=110, name=_("Special-bond money unused beyond its use window"),
        message=gettext_noop("%(amount)s 万元 of special-bond money received since %(since)s is unused after %(months)s months (≥%(threshold)s: %(level)s)."),
        measure=measure_bond_unused, thresholds={1: 6, 2: 9, 3: 12}, unit=_("months"),
        reads=frozenset({"finance.FundMovement"}),
    ))  # fmt: skip
    register(RuleKind(
        code="payments_ahead", order=115, name=_("Payments ahead of the reported progress"),
        message=gettext_noop("Paid out %(paid)s 万元 against %(done)s 万元 reported done: %(share)s%% of the payments ahead of the progress (≥%(threshold)s%%: %(level)s)."),
        measure=measure_payments_ahead, thresholds={1: 10, 2: 25, 3: 50}, unit="%",
        reads=frozenset({"finance.FundMovement", "reporting.MonthlyReport"}),
    ))  # fmt: skip
