"""Warnings notify their rule level's audience: raised and escalated ones once per level, red
at once (e-mail), the others left for the digest; lowered, cleared and exempt ones not."""

from datetime import date

import pytest
from django.core import mail

from groundbreak.alerts.engine import evaluate
from groundbreak.alerts.models import Warning
from groundbreak.alerts.notify import notify_warning
from groundbreak.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(city_user, hongta_user, jiangchuan_user, dept_user, owner_user, leader_user):
    for user in (city_user, hongta_user, jiangchuan_user, dept_user, owner_user, leader_user):
        user.email = f"{user.username}@example.org"
        user.save()
    return {u.username: u for u in (city_user, hongta_user, jiangchuan_user, dept_user,
                                    owner_user, leader_user)}  # fmt: skip


@pytest.fixture
def lagging(make_project, file_reports, department, leader_person):
    """A 红塔区 project 30 points behind time progress at 2020-06-26: a red investment lag."""
    project = make_project(
        "530402", total="40000", plans={2020: 10000},
        department_in_charge=department, leader_in_charge=leader_person,
    )  # fmt: skip
    file_reports(project, {2: 0, 3: 0, 4: 0, 5: 0, 6: 2000})
    return project


def _of(warning):
    return Notification.objects.filter(key__startswith=f"warning:{warning.pk}:")


def test_red_warning_notifies_its_whole_audience_at_once(
    lagging, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evaluate(date(2020, 6, 26))
    warning = Warning.objects.get(project=lagging, rule__kind="investment_lag")
    assert warning.level == 3
    notified = _of(warning)
    assert {n.recipient.username for n in notified} == {
        "owner",
        "hongta",
        "dept",
        "leader",
        "city",
    }  # fmt: skip  — not 江川区's bureau
    first = notified.first()
    assert first.level == "red" and first.urgent and first.link == warning.get_absolute_url()
    assert lagging.name in first.subject_text and first.body
    assert {m.to[0] for m in mail.outbox} >= {"owner@example.org", "city@example.org"}
    # Evaluated again with nothing changed: nobody is told twice.
    with django_capture_on_commit_callbacks(execute=True):
        evaluate(date(2020, 6, 26))
    assert _of(warning).count() == 5


def test_lower_levels_tell_fewer_people_and_wait_for_the_digest(lagging, people):
    evaluate(date(2020, 6, 26))
    warning = Warning.objects.get(project=lagging, rule__kind="investment_lag")
    Notification.objects.all().delete()
    warning.level = 1
    made = notify_warning(warning)
    assert {n.recipient.username for n in made} == {"owner", "hongta"}
    assert all(n.level == "yellow" and not n.urgent and n.sent_at is None for n in made)
    assert notify_warning(warning) == []  # same level of the same raising: once


def test_a_lowered_warning_notifies_nobody(lagging, people, periods):
    from decimal import Decimal

    from groundbreak.reporting.choices import ReportStatus
    from groundbreak.reporting.models import MonthlyReport

    evaluate(date(2020, 6, 26))
    for month, done, ytd in ((7, 900, 2900), (8, 1000, 3900)):
        MonthlyReport.objects.create(
            project=lagging, period=periods[month], completed_period=Decimal(done),
            completed_ytd=Decimal(ytd), completed_total=Decimal(ytd),
            status=ReportStatus.SUBMITTED,
        )  # fmt: skip
    evaluate(date(2020, 8, 26))
    warning = Warning.objects.get(project=lagging, rule__kind="investment_lag")
    assert warning.level == 2
    assert not _of(warning).filter(level="orange").exists()
    assert Notification.objects.filter(key__startswith=f"warning:{warning.pk}:").count() == 5
