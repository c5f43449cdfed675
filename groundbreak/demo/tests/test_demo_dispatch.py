"""The demo's dispatch: two meetings, items through every step, one overdue item warned and
back on the March meeting's agenda."""

import pytest

from groundbreak.alerts.models import Warning
from groundbreak.dispatch.choices import ItemStatus, Section
from groundbreak.dispatch.demo import DEMO_DATE
from groundbreak.dispatch.models import Meeting, SupervisionItem

pytestmark = pytest.mark.django_db


def test_the_march_meeting_carries_the_overdue_item_and_its_warning(demo):
    march = Meeting.objects.get(date=DEMO_DATE)
    overdue = SupervisionItem.objects.overdue(DEMO_DATE).get()
    assert overdue.responsible_region.name == "江川区"
    assert Warning.objects.filter(rule__kind="supervision_overdue").live().exists()
    assert march.lines.filter(section=Section.OPEN_ITEM, item=overdue).exists()
    assert march.lines.filter(section=Section.WARNING,
                              warning__rule__kind="supervision_overdue").exists()  # fmt: skip
    steps = set(SupervisionItem.objects.get(status=ItemStatus.CLOSED).steps.values_list(
        "action", flat=True))  # fmt: skip
    assert steps == {"approve", "issue", "receive", "start", "feedback", "send_back", "review",
                     "close"}  # fmt: skip
    assert march.items.filter(
        status=ItemStatus.ISSUED, document_number__startswith="玉发改督〔2020〕"
    ).exists()
