"""The warning rule kind "supervision item overdue" (督办事项逾期), registered with the alerts
registry: one warning per overdue item and project it names, graded by days overdue."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from groundbreak.alerts.registry import Measurement, RuleKind, register
from groundbreak.alerts.rules import link
from groundbreak.dispatch.models import SupervisionItem

CODE = "supervision_overdue"


def measure_supervision_overdue(on_date, project_ids=None, rule=None):
    """Days past the deadline of each issued, unclosed item, per project it names (an item
    naming no project raises no warning: a warning is a project's)."""
    through = SupervisionItem.projects.through
    rows = through.objects.filter(
        supervisionitem__in=SupervisionItem.objects.overdue(on_date).order_by()
    )
    if project_ids is not None:
        rows = rows.filter(project_id__in=list(project_ids))
    out = []
    for item_id, project_id, number, decision, deadline in rows.values_list(
        "supervisionitem_id",
        "project_id",
        "supervisionitem__document_number",
        "supervisionitem__decision",
        "supervisionitem__deadline",
    ):
        days = (on_date - deadline).days
        out.append(
            Measurement(
                project_id=project_id,
                subject=f"supervision:{item_id}",
                value=Decimal(days),
                params={
                    "number": number,
                    "text": decision[:60],
                    "due": deadline.isoformat(),
                    "days": str(days),
                },
                inputs={
                    "item": item_id,
                    "deadline": deadline.isoformat(),
                    "on": on_date.isoformat(),
                },
                link=link("dispatch:item_detail", item_id),
            )
        )
    return out


def register_overdue_kind():
    register(RuleKind(
        code=CODE, order=90, name=_("Supervision item overdue"),
        message=gettext_noop("Supervision item %(number)s “%(text)s” was due on %(due)s and is %(days)s days overdue (≥%(threshold)s: %(level)s)."),
        measure=measure_supervision_overdue, thresholds={1: 1, 2: 8, 3: 15}, unit=_("days"),
        reads=frozenset({"dispatch.SupervisionItem"}),
    ))  # fmt: skip
