"""Raising, escalating, lowering with hysteresis, clearing, history, switches, and the two
paths (one project after a write, all projects at once) giving the same warnings."""

from datetime import date
from decimal import Decimal

import pytest

from groundbreak.alerts.engine import evaluate, grade
from groundbreak.alerts.models import Rule, RuleSwitch, Warning, WarningEvent
from groundbreak.alerts.selectors import events_since
from groundbreak.alerts.signals import warning_changed
from groundbreak.projects.choices import Stage
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport

pytestmark = pytest.mark.django_db

LAG = {1: Decimal(10), 2: Decimal(20), 3: Decimal(30)}


@pytest.mark.parametrize(
    ("current", "value", "level"),
    [
        (3, Decimal("29"), 3),  # within the margin of 2 below red: stays red
        (3, Decimal("28"), 3),  # exactly at threshold - margin: still red
        (3, Decimal("27.9"), 2),  # past it: orange
        (3, Decimal("7.9"), 0),  # past yellow's margin too: cleared
        (1, Decimal("8"), 1),
        (1, Decimal("7.99"), 0),
        (1, Decimal("25"), 2),  # up at once
        (0, Decimal("9.99"), 0),  # not raised within the margin
    ],
)
def test_a_level_goes_down_only_past_the_margin(current, value, level):
    assert grade(value, LAG, "at_least", current, Decimal(2)) == level


def test_below_rules_hold_within_the_margin_above():
    stall = {1: Decimal(50), 2: Decimal(30), 3: Decimal(10)}
    assert grade(Decimal("9.9"), stall, "below") == 3
    assert grade(Decimal("14.9"), stall, "below", 3, Decimal(5)) == 3
    assert grade(Decimal("15"), stall, "below", 3, Decimal(5)) == 2


def test_hysteresis_keeps_the_light_from_month_to_month(make_project, file_reports, periods):
    """Red at 30 points; a month later 29 points (within the margin of 2): still red, no event;
    then 27 points: orange, with a 'lowered' event."""
    project = make_project("530402", total="40000", plans={2020: 10000})
    file_reports(project, {2: 0, 3: 0, 4: 0, 5: 0, 6: 2000})  # 20 % at 50 %: 30 points
    evaluate(date(2020, 6, 26))
    warning = Warning.objects.get(project=project, rule__kind="investment_lag")
    assert warning.level == 3
    MonthlyReport.objects.create(project=project, period=periods[7], completed_period=Decimal(900),
                                 completed_ytd=Decimal(2900), completed_total=Decimal(2900),
                                 status=ReportStatus.SUBMITTED)  # fmt: skip
    # 7月: 29 % at 58.3 %: 29.3 points — below red, within the margin
    evaluate(date(2020, 7, 26))
    warning.refresh_from_db()
    assert warning.level == 3
    MonthlyReport.objects.create(project=project, period=periods[8], completed_period=Decimal(1000),
                                 completed_ytd=Decimal(3900), completed_total=Decimal(3900),
                                 status=ReportStatus.SUBMITTED)  # fmt: skip
    # 8月: 39 % at 66.7 %: 27.7 points — past the margin: orange
    evaluate(date(2020, 8, 26))
    warning.refresh_from_db()
    assert warning.level == 2
    assert list(warning.events.values_list("kind", "from_level", "to_level")) == [
        ("raised", 0, 3),
        ("lowered", 3, 2),
    ]


def test_a_missing_report_filed_clears_the_warning_with_an_event(
    make_project, file_reports, periods
):
    project = make_project("530402", actual_start=date(2020, 1, 10))
    file_reports(project, {2: 100})
    evaluate(date(2020, 3, 26))
    warning = Warning.objects.get(project=project, rule__kind="report_missing")
    assert warning.level == 1
    assert "2020-03" in warning.why
    assert (
        warning.link.endswith(f"/{project.pk}/{periods[3].pk}/")
        or str(periods[3].pk) in warning.link
    )
    file_reports(project, {3: 100})
    MonthlyReport.objects.filter(project=project, period=periods[3]).update(completed_ytd=200)
    evaluate(date(2020, 3, 27))
    warning.refresh_from_db()
    assert (warning.level, warning.status) == (0, "cleared")
    cleared = warning.events.last()
    assert (cleared.kind, cleared.from_level, cleared.to_level) == ("cleared", 1, 0)
    assert cleared.inputs["missing"] == []


def test_a_warning_escalates_keeping_its_history(make_project):
    project = make_project("530402", stage=Stage.PRELIMINARY, planned_start=date(2020, 1, 1))
    for on in (date(2020, 2, 1), date(2020, 3, 1), date(2020, 4, 1), date(2020, 4, 2)):
        evaluate(on)
    warning = Warning.objects.get(project=project, rule__kind="start_overdue")
    events = list(warning.events.all())
    assert [(e.kind, e.to_level) for e in events] == [
        ("raised", 1),
        ("escalated", 2),
        ("escalated", 3),
    ]
    assert [e.on_date for e in events] == [date(2020, 2, 1), date(2020, 3, 1), date(2020, 4, 1)]
    assert events[0].inputs["planned_start"] == "2020-01-01"


def test_a_rule_switched_off_for_a_county_leaves_its_projects(make_project, city_user, hongta):
    hongta_project = make_project("530402", stage=Stage.PRELIMINARY, planned_start=date(2020, 1, 1))
    jiangchuan_project = make_project(
        "530403", stage=Stage.PRELIMINARY, planned_start=date(2020, 1, 1)
    )
    evaluate(date(2020, 4, 1))
    RuleSwitch.objects.create(
        rule=Rule.objects.get(kind="start_overdue"), region=hongta, enabled=False
    )
    evaluate(date(2020, 4, 2))
    assert Warning.objects.get(project=hongta_project, rule__kind="start_overdue").level == 0
    assert Warning.objects.get(project=jiangchuan_project, rule__kind="start_overdue").level == 3


def test_the_set_run_equals_the_per_project_runs(make_project, file_reports):
    projects = [
        make_project("530402", total="40000", plans={2020: 10000}),
        make_project("530403", stage=Stage.PRELIMINARY, planned_start=date(2020, 1, 15)),
        make_project("530402", actual_start=date(2019, 12, 1), planned_completion=date(2020, 1, 1)),
        make_project("530403", total="8000", plans={2020: 4000}),
    ]
    file_reports(projects[0], {2: 100, 3: 300})
    file_reports(projects[3], {2: 1000})

    def snapshot():
        return sorted(Warning.objects.values_list("project_id", "rule__kind", "subject", "level", "value", "message"),
                      key=lambda row: (row[0], row[1], row[2]))  # fmt: skip

    evaluate(date(2020, 4, 1))
    whole = snapshot()
    assert len(whole) >= 6
    Warning.objects.all().delete()
    for project in projects:
        evaluate(date(2020, 4, 1), [project.pk])
    assert snapshot() == whole


def test_a_long_list_of_projects_reads_as_a_short_one(make_project, file_reports):
    """Past 200 ids the rules' statements take the ids as one parameter (SQLite's json_each,
    PostgreSQL's ANY): the same warnings as for the project alone."""
    project = make_project("530402", total="40000", plans={2020: 10000})
    file_reports(project, {2: 100})

    def snapshot():
        return sorted(Warning.objects.values_list("rule__kind", "level", "value", "message"))

    evaluate(date(2020, 4, 1), [project.pk])
    alone = snapshot()
    assert {"investment_lag", "report_missing"} <= {row[0] for row in alone}
    Warning.objects.all().delete()
    evaluate(date(2020, 4, 1), [project.pk, *range(10**6, 10**6 + 300)])
    assert snapshot() == alone


def test_warning_changed_and_events_since_tell_notifications(make_project):
    told = []

    def receiver(sender, warning, event, exempt, **kwargs):
        told.append((warning.pk, event.kind, exempt))

    warning_changed.connect(receiver)
    try:
        project = make_project("530402", stage=Stage.PRELIMINARY, planned_start=date(2020, 1, 1))
        from django.utils import timezone

        before = timezone.now()
        evaluate(date(2020, 3, 1))
    finally:
        warning_changed.disconnect(receiver)
    warning = Warning.objects.get(project=project, rule__kind="start_overdue")
    assert told == [(warning.pk, "raised", False)]
    assert [e.warning_id for e in events_since(before)] == [warning.pk]
    assert WarningEvent.objects.count() == 1
