"""The demo's bulletins: 玉溪市's 1-3月 2020 issued (its objection answered) with figures that
are the sums of the handed-in March reports, and 江川区's draft with an open objection."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from groundbreak.dispatch.bulletins.models import Bulletin, BulletinStatus
from groundbreak.reporting.models import MonthlyReport

pytestmark = pytest.mark.django_db


def test_the_demo_issues_the_march_bulletin_and_keeps_a_draft_with_an_objection(demo):
    issued = Bulletin.objects.get(status=BulletinStatus.ISSUED)
    assert issued.document_number == "玉发改通报〔2020〕1号"
    assert issued.region.name == "玉溪市" and issued.data["period"]["label"] == "2020年1-3月"
    handed_in = MonthlyReport.objects.filter(
        period=issued.period, status__in=("submitted", "approved", "locked")
    ).aggregate(total=Sum("completed_ytd"))["total"] or Decimal(0)
    assert Decimal(issued.data["summary"]["completed"]) == handed_in
    assert not issued.objections.unanswered().exists() and issued.objections.exists()
    draft = Bulletin.objects.get(status=BulletinStatus.REVIEW)
    assert draft.region.name == "江川区" and draft.objections.unanswered().count() == 1
