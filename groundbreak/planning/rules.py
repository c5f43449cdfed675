"""Two warning rules on a county's accounts, registered with the alerts' registry.

The alerts keep a warning on a project, so a county's warning is kept on its anchor project
(the county's project with the largest plan of the year, or of total investment for the
reserve) with the subject ``region:<pk>`` and a link to the planning page: one light per
county, raised and cleared by the evaluator like any other.
"""

from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from groundbreak.alerts.choices import Direction
from groundbreak.alerts.registry import Measurement, RuleKind, register
from groundbreak.core.money import format_yi
from groundbreak.planning.models import InvestmentTarget, ReserveThreshold, may_use_planning
from groundbreak.planning.pipeline import RESERVE_STAGES, reserve_by_region
from groundbreak.projects.models import AnnualPlan, Project
from groundbreak.regions.models import Region


def _anchors(region_ids, year, *, by_plan=True):
    """``{county pk: anchor project pk}``: the county's largest project (plan of ``year`` or
    total investment), reserve projects first for the reserve rule."""
    plan = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year).values("amount")[:1]
    anchors = {}
    for county_pk, ids in region_ids.items():
        projects = Project.objects.filter(region_id__in=ids)
        if by_plan:
            projects = projects.annotate(p=Subquery(plan)).order_by("-p", "pk")
        else:
            projects = projects.order_by("-total_investment", "pk")
            reserve = projects.filter(stage__in=RESERVE_STAGES)
            projects = reserve if reserve.exists() else projects
        first = projects.values_list("pk", flat=True).first()
        if first:
            anchors[county_pk] = first
    return anchors


def _keep(anchors, project_ids):
    return {k: v for k, v in anchors.items() if project_ids is None or v in set(project_ids)}


def measure_late_quarters(on_date, project_ids=None, rule=None):
    """The share (%) of a county's target split that falls in Q3 and Q4."""
    targets = InvestmentTarget.objects.filter(year=on_date.year, q3_share__isnull=False,
                                              q4_share__isnull=False).select_related("region")  # fmt: skip
    targets = {t.region_id: t for t in targets if t.region.parent_id is not None}
    anchors = _keep(_anchors({pk: t.region.descendant_ids() for pk, t in targets.items()},
                             on_date.year), project_ids)  # fmt: skip
    link = reverse("planning:quarterly") + f"?year={on_date.year}"
    out = []
    for region_pk, project_pk in anchors.items():
        target = targets[region_pk]
        late = target.q3_share + target.q4_share
        out.append(Measurement(
            project_id=project_pk, subject=f"region:{region_pk}", value=late,
            params={"region": target.region.name, "share": str(late.normalize()),
                    "year": str(on_date.year)},
            inputs={"region": target.region.code, "q3": str(target.q3_share), "q4": str(target.q4_share)},
            link=link,
        ))  # fmt: skip
    return out


def measure_reserve_short(on_date, project_ids=None, rule=None):
    """A county's rolling reserve (储备 + 前期, total investment) as a share (%) of its
    threshold for the year."""
    thresholds = {
        t.region_id: t
        for t in ReserveThreshold.objects.filter(year=on_date.year, amount__gt=0).select_related("region")
    }  # fmt: skip
    ids = {pk: t.region.descendant_ids() for pk, t in thresholds.items()}
    sums = reserve_by_region(ids, on_date.year)
    anchors = _keep(_anchors(ids, on_date.year, by_plan=False), project_ids)
    link = reverse("planning:reserve") + f"?year={on_date.year}"
    out = []
    for region_pk, project_pk in anchors.items():
        threshold = thresholds[region_pk]
        amount = sums[region_pk][0]
        # Graded unrounded: 999.99 of 1,000 is below the threshold even if it shows as 100.0.
        share = amount / threshold.amount * 100
        out.append(Measurement(
            project_id=project_pk, subject=f"region:{region_pk}", value=share,
            params={"region": threshold.region.name, "amount": format_yi(amount),
                    "limit": format_yi(threshold.amount), "share": str(share.quantize(Decimal("0.1")))},
            inputs={"region": threshold.region.code, "reserve": str(amount),
                    "threshold": str(threshold.amount)},
            link=link,
        ))  # fmt: skip
    return out


def register_kinds():
    register(RuleKind(
        code="late_quarters", order=90, name=_("Investment pushed into the last quarters"),
        message=gettext_noop("%(region)s plans %(share)s%% of its %(year)s target in Q3 and Q4 (≥%(threshold)s%%: %(level)s)."),
        measure=measure_late_quarters, thresholds={1: 60, 2: 70, 3: 80}, unit="%",
        margin=Decimal(0), link_visible=may_use_planning,
        reads=frozenset({"projects.AnnualPlan"}),
    ))  # fmt: skip
    register(RuleKind(
        code="reserve_short", order=95, name=_("Reserve pool below its threshold"),
        message=gettext_noop("%(region)s holds %(amount)s 亿元 in its reserve, %(share)s%% of its threshold of %(limit)s 亿元 (below %(threshold)s%%: %(level)s)."),
        measure=measure_reserve_short, thresholds={1: 100, 2: 80, 3: 60}, unit="%",
        direction=Direction.BELOW, link_visible=may_use_planning,
        reads=frozenset({"projects.AnnualPlan"}),
    ))  # fmt: skip


__all__ = ["Region", "measure_late_quarters", "measure_reserve_short", "register_kinds"]
