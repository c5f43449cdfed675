"""Every step of a supervision item by every role: allowed, or refused naming who may."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groundbreak.dispatch import rules, services
from groundbreak.dispatch.choices import ItemStatus
from groundbreak.notifications.models import Notification
from groundbreak.reporting.tests.helpers import jpeg

pytestmark = pytest.mark.django_db
ROLES = ["city", "hongta", "jiangchuan", "dept", "owner", "leader", "auditor"]
# The status each action starts from, and the only role (of ROLES) that may take it.
STEPS = [
    ("approve", ItemStatus.DRAFTED, "leader"),
    ("issue", ItemStatus.APPROVED, "city"),
    ("receive", ItemStatus.ISSUED, "jiangchuan"),
    ("start", ItemStatus.RECEIVED, "jiangchuan"),
    ("feedback", ItemStatus.IN_HAND, "jiangchuan"),
    ("review", ItemStatus.FEEDBACK, "city"),
    ("close", ItemStatus.REVIEWED, "city"),
    ("send_back", ItemStatus.FEEDBACK, "city"),
]
WHO = {"city": "市发改委工作人员", "leader": "市领导", "jiangchuan": "责任单位（江川区）"}


@pytest.fixture
def users(city_user, hongta_user, jiangchuan_user, dept_user, owner_user, leader_user,
          auditor_user):  # fmt: skip
    return dict(zip(ROLES, [city_user, hongta_user, jiangchuan_user, dept_user, owner_user,
                            leader_user, auditor_user], strict=True))  # fmt: skip


@pytest.fixture
def item(city_user, jiangchuan, portfolio):
    return services.draft_item(
        by=city_user, decision="完成用地报批", deadline=date(2020, 4, 30),
        responsible_region=jiangchuan, projects=[portfolio["jiangchuan"]],
    )  # fmt: skip


@pytest.mark.parametrize(("action", "status", "allowed"), STEPS)
def test_each_step_by_each_role(users, item, action, status, allowed):
    item.status = status
    item.save()
    for role in ROLES:
        found = rules.refusal(users[role], item, action)
        if role == allowed:
            assert found is None, role
        elif role in ("hongta", "dept", "owner"):
            assert found.kind == rules.Kind.HIDDEN, role  # not their item
        else:
            assert found.kind == rules.Kind.FORBIDDEN, role
            assert WHO[allowed] in found.message, role


def test_a_step_out_of_turn_says_the_status(users, item):
    found = rules.refusal(users["city"], item, "close")
    assert found.kind == rules.Kind.INVALID and "拟稿" in found.message
    with pytest.raises(ValidationError):
        services.act(item, "close", by=users["city"])


def test_refused_in_chinese_names_who_may(users, item, settings):
    from django.utils import translation

    with translation.override("zh-hans"):
        found = rules.refusal(users["jiangchuan"], item, "approve")
    assert "市领导" in found.message


def test_through_every_step_with_history_and_inbox(users, item):
    on = date(2020, 4, 10)
    services.act(item, "approve", by=users["leader"], on_date=on)
    services.act(item, "issue", by=users["city"], on_date=on)
    item.refresh_from_db()
    assert item.document_number == "玉发改督〔2020〕1号"
    inbox = Notification.objects.filter(recipient=users["jiangchuan"])
    assert inbox.filter(link=item.get_absolute_url()).count() == 1
    assert not Notification.objects.filter(recipient=users["hongta"]).exists()
    services.act(item, "receive", by=users["jiangchuan"], on_date=on)
    services.act(item, "start", by=users["jiangchuan"], on_date=on)
    with pytest.raises(ValidationError):
        services.act(item, "feedback", by=users["jiangchuan"], on_date=on)  # no note
    services.act(item, "feedback", by=users["jiangchuan"], on_date=date(2020, 4, 25),
                 note="已报批", evidence=jpeg(), evidence_name="批复.jpg")  # fmt: skip
    with pytest.raises(ValidationError):
        services.act(item, "send_back", by=users["city"])  # no reason
    services.act(item, "send_back", by=users["city"], note="缺批复文号")
    services.act(item, "feedback", by=users["jiangchuan"], note="补充文号")
    services.act(item, "review", by=users["city"])
    item = services.act(item, "close", by=users["city"])
    assert item.status == ItemStatus.CLOSED
    steps = list(item.steps.values_list("action", "by__username"))
    assert steps == [("approve", "leader"), ("issue", "city"), ("receive", "jiangchuan"),
                     ("start", "jiangchuan"), ("feedback", "jiangchuan"), ("send_back", "city"),
                     ("feedback", "jiangchuan"), ("review", "city"), ("close", "city")]  # fmt: skip
    assert item.steps.get(note="已报批").evidence_name == "批复.jpg"
    assert item.steps.get(note="缺批复文号").to_status == ItemStatus.IN_HAND


def test_numbers_count_up_within_a_year(users, item, city_user, jiangchuan):
    other = services.draft_item(by=city_user, decision="第二项", deadline=date(2020, 5, 1),
                                responsible_region=jiangchuan)  # fmt: skip
    for x in (item, other):
        services.act(x, "approve", by=users["leader"], on_date=date(2020, 4, 10))
        services.act(x, "issue", by=users["city"], on_date=date(2020, 4, 10))
    other.refresh_from_db()
    assert other.document_number == "玉发改督〔2020〕2号"


def test_evidence_is_bounded(users, item, settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 100
    for action in ("approve",):
        services.act(item, action, by=users["leader"])
    services.act(item, "issue", by=users["city"])
    services.act(item, "receive", by=users["jiangchuan"])
    services.act(item, "start", by=users["jiangchuan"])
    with pytest.raises(ValidationError, match="超过"):
        services.act(item, "feedback", by=users["jiangchuan"], note="x", evidence=jpeg(),
                     evidence_name="big.jpg")  # fmt: skip


def test_only_city_staff_draft(users, jiangchuan):
    with pytest.raises(PermissionDenied):
        services.draft_item(by=users["jiangchuan"], decision="x", deadline=date(2020, 5, 1),
                            responsible_region=jiangchuan)  # fmt: skip
