"""The review window and the freeze: counties object to their own figures only, the city
answers each, issue waits for the window and the answers, and the issued figures stay as
issued; only the city issues or withdraws."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groundbreak.dispatch.bulletins import services
from groundbreak.dispatch.bulletins.models import Bulletin, BulletinStatus, Objection
from groundbreak.notifications.models import Notification
from groundbreak.reporting.models import MonthlyReport

pytestmark = pytest.mark.django_db
OPENED = date(2020, 4, 5)


@pytest.fixture
def draft(march, city_user, regions, hongta_user, jiangchuan_user):
    bulletin = services.create_bulletin(march, regions["530400"], by=city_user)
    return services.open_review(bulletin, by=city_user, on_date=OPENED)


def _key(bulletin, name):
    return next(r["key"] for r in bulletin.data["counties"] if r["name"] == name)


def test_review_shows_the_draft_to_the_counties_for_n_days_with_a_link(draft, jiangchuan_user):
    assert draft.status == BulletinStatus.REVIEW and draft.review_until == date(2020, 4, 8)
    note = Notification.objects.get(recipient=jiangchuan_user, key=f"bulletin-{draft.pk}-review")
    assert note.link == draft.get_absolute_url() and note.urgent
    assert Bulletin.objects.restrict(jiangchuan_user).filter(pk=draft.pk).exists()


def test_a_county_objects_only_to_its_own_rows(draft, jiangchuan_user, hongta_user):
    objection = services.raise_objection(
        draft, by=jiangchuan_user, table="counties", row_key=_key(draft, "江川区"),
        column="completed", reason="3月补报30万元未计入",
    )  # fmt: skip
    assert objection.figure == "80.00" or Decimal(objection.figure) == 80
    with pytest.raises(PermissionDenied, match="只能对本县"):
        services.raise_objection(draft, by=jiangchuan_user, table="counties",
                                 row_key=_key(draft, "红塔区"), column="completed", reason="x")  # fmt: skip
    # 红塔区 does not see 江川区's objection; the city does.
    assert not Objection.objects.restrict(hongta_user).exists()
    assert Objection.objects.restrict(jiangchuan_user).count() == 1


def test_issue_waits_for_the_window_and_every_answer_then_freezes(draft, city_user, jiangchuan_user,
                                                                  portfolio, periods):  # fmt: skip
    objection = services.raise_objection(
        draft, by=jiangchuan_user, table="counties", row_key=_key(draft, "江川区"),
        column="completed", reason="3月补报30万元未计入",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="2020-04-08"):
        services.issue_bulletin(draft, by=city_user, on_date=date(2020, 4, 7))
    with pytest.raises(ValidationError, match="尚未答复"):
        services.issue_bulletin(draft, by=city_user, on_date=date(2020, 4, 8))
    with pytest.raises(PermissionDenied, match="市级掌握"):
        services.issue_bulletin(draft, by=jiangchuan_user, on_date=date(2020, 4, 8))
    services.answer_objection(objection, by=city_user, answer="已核实，按审核后月报计")
    issued = services.issue_bulletin(draft, by=city_user, on_date=date(2020, 4, 8))
    assert issued.document_number == "玉发改通报〔2020〕1号"
    figures = issued.data
    # A later correction of a report changes nothing in the issued bulletin.
    report = MonthlyReport.objects.get(project=portfolio["jiangchuan"], period=periods[3])
    report.completed_ytd = Decimal(500)
    report.save()
    issued.refresh_from_db()
    assert issued.data == figures and Decimal(issued.data["summary"]["completed"]) == 1280
    with pytest.raises(ValidationError, match="冻结"):
        services.refresh_bulletin(issued, by=city_user)
    with pytest.raises(PermissionDenied, match="市级掌握"):
        services.withdraw_bulletin(issued, by=jiangchuan_user, reason="数据有误")
    withdrawn = services.withdraw_bulletin(issued, by=city_user, reason="数据有误，重发")
    assert withdrawn.status == BulletinStatus.WITHDRAWN
    assert withdrawn.history.first().history_change_reason == "withdrawn"
