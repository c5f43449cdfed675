"""Every default rule at each level boundary: just below, at and above its thresholds."""

from datetime import date
from decimal import Decimal

import pytest

from groundbreak.alerts.engine import evaluate
from groundbreak.alerts.models import Warning
from groundbreak.projects.choices import Stage, WorkStatusKind
from groundbreak.projects.models import WorkStatusEvent

pytestmark = pytest.mark.django_db


def level_of(project, kind):
    warning = Warning.objects.filter(project=project, rule__kind=kind).first()
    return warning.level if warning else 0


# 3月 due on 25 March: on 1 April time progress is 3/12 = 25 %. Plan 10,000万 (total 40,000万).
@pytest.mark.parametrize(
    ("completed", "level"),
    [
        ("1600", 0),  # 16 %: 9 points below
        ("1500", 1),  # 15 %: 10 points → yellow
        ("1400", 1),
        ("600", 1),  # 19 points
        ("500", 2),  # 20 points → orange
        ("-1", 2),  # (placeholder replaced below)
        ("0", 2),  # 25 points... time progress is only 25, so at most orange
    ],
)
def test_investment_lag_levels_at_march(make_project, file_reports, completed, level):
    if completed == "-1":
        completed = "400"
    project = make_project("530402", total="40000", plans={2020: 10000})
    file_reports(project, {2: 0, 3: completed})
    evaluate(date(2020, 4, 1))
    assert level_of(project, "investment_lag") == level


@pytest.mark.parametrize(("completed", "level"), [("2100", 2), ("2000", 3), ("1900", 3)])
def test_investment_lag_red_at_thirty_points(make_project, file_reports, completed, level):
    """At 6月 (50 %): 21 % is 29 points (orange), 20 % is 30 (red), 19 % is 31 (red)."""
    project = make_project("530402", total="40000", plans={2020: 10000})
    file_reports(project, {2: 0, 3: 0, 4: 0, 5: 0, 6: completed})
    evaluate(date(2020, 6, 26))
    assert level_of(project, "investment_lag") == level


def test_lag_sentence_names_its_inputs(make_project, file_reports):
    project = make_project("530402", total="40000", plans={2020: 10000})
    file_reports(project, {2: 0, 3: 1200})
    evaluate(date(2020, 4, 1))
    warning = Warning.objects.get(project=project, rule__kind="investment_lag")
    assert warning.why == (
        "1-3月完成 1,200万元，为年度计划 10,000万元 的 12.0%，低于时间进度 25.0% 共 13.0 个百分点（≥10 黄）"
    )
    assert Decimal(warning.inputs["completed_ytd"]) == 1200


@pytest.mark.parametrize(
    ("ratio_amount", "level"),
    [("1250", 0), ("1247", 1), ("750", 1), ("747", 2), ("250", 2), ("247", 3)],
)
def test_recent_stall_catches_a_project_ahead_then_stalled(
    make_project, file_reports, ratio_amount, level
):
    """At 6月 the last three periods are 4-6月: the plan gives them 2,500万 (of 10,000万). A
    project that did 6,000万 in 1-3月 is far ahead of time progress but stalled since."""
    project = make_project("530402", total="40000", plans={2020: 10000})
    file_reports(project, {2: 3000, 3: 3000, 4: 0, 5: 0, 6: ratio_amount})
    evaluate(date(2020, 6, 26))
    assert level_of(project, "recent_stall") == level
    assert level_of(project, "investment_lag") == 0


@pytest.mark.parametrize(
    ("planned", "level"),
    [
        (date(2020, 3, 2), 0),
        (date(2020, 3, 1), 1),
        (date(2020, 2, 1), 2),
        (date(2020, 1, 2), 2),
        (date(2020, 1, 1), 3),
    ],
)
def test_start_overdue_by_whole_months(make_project, planned, level):
    project = make_project("530402", stage=Stage.PRELIMINARY, planned_start=planned)
    evaluate(date(2020, 4, 1))
    assert level_of(project, "start_overdue") == level


@pytest.mark.parametrize(
    ("started", "level"),
    [
        (date(2020, 3, 2), 0),
        (date(2020, 3, 1), 1),
        (date(2020, 2, 2), 1),
        (date(2020, 2, 1), 3),
        (date(2020, 1, 1), 3),
    ],
)
def test_not_in_statistics_yellow_then_red(make_project, started, level):
    project = make_project("530402", actual_start=started)
    evaluate(date(2020, 4, 1))
    assert level_of(project, "not_in_statistics") == level


def test_not_in_statistics_spares_a_project_in_them_or_too_small(make_project):
    entered = make_project(
        "530402", actual_start=date(2020, 1, 1), in_statistics_date=date(2020, 1, 5)
    )
    small = make_project("530402", actual_start=date(2020, 1, 1), total="499")
    evaluate(date(2020, 4, 1))
    assert level_of(entered, "not_in_statistics") == 0
    assert level_of(small, "not_in_statistics") == 0


@pytest.mark.parametrize(("filed", "on", "level"), [
    ({2: 1, 3: 1}, date(2020, 4, 26), 1),   # 4月 missing
    ({2: 1, 3: 1, 4: 1}, date(2020, 4, 26), 0),
    ({2: 1}, date(2020, 4, 26), 2),   # 3月, 4月
    ({}, date(2020, 4, 26), 3),   # 1-2月, 3月, 4月
    ({2: 1}, date(2020, 4, 25), 1),   # on the deadline day 4月 is not late yet
])  # fmt: skip
def test_report_missing_periods_in_a_row(make_project, file_reports, filed, on, level):
    project = make_project("530402", actual_start=date(2020, 1, 10))
    file_reports(project, filed)
    evaluate(on)
    assert level_of(project, "report_missing") == level


def test_periods_created_out_of_order_read_the_same(make_project, file_reports, periods):
    """2019's periods created after 2020's (ids not in the order of time): the reports read
    are still those of the periods due, counted back from the latest."""
    from groundbreak.reporting.models import MonthlyReport, ReportingPeriod

    late = {p.last_month: p for p in ReportingPeriod.periods_for_year(2019)}
    assert late[12].pk > periods[2].pk
    silent = make_project("530402", actual_start=date(2019, 9, 1), plans={2020: 1200})
    MonthlyReport.objects.create(
        project=silent, period=late[10], completed_period=1, completed_ytd=1,
        completed_total=1, status="submitted",
    )  # fmt: skip
    steady = make_project("530402", actual_start=date(2019, 9, 1), plans={2020: 1200})
    for month in (11, 12):
        MonthlyReport.objects.create(
            project=steady, period=late[month], completed_period=1, completed_ytd=month,
            completed_total=month, status="submitted",
        )  # fmt: skip
    file_reports(steady, {2: 150})
    evaluate(date(2020, 2, 26))
    assert level_of(silent, "report_missing") == 3  # 2020-01–02, 2019-12, 2019-11
    assert level_of(steady, "report_missing") == 0
    lag = Warning.objects.filter(project=silent, rule__kind="investment_lag").get()
    assert lag.inputs["completed_ytd"] == "0"  # 2019's figures are not 2020's
    assert Decimal(lag.value) == Decimal("16.7")  # 2 of 12 months, nothing done
    assert level_of(steady, "investment_lag") == 0  # 150 of 1,200: 12.5 %, time 16.7 %


@pytest.mark.parametrize(
    ("planned", "level"),
    [
        (date(2020, 3, 2), 0),
        (date(2020, 3, 1), 1),
        (date(2020, 1, 2), 1),
        (date(2020, 1, 1), 2),
        (date(2019, 10, 2), 2),
        (date(2019, 10, 1), 3),
    ],
)
def test_completion_overdue(make_project, planned, level):
    project = make_project(
        "530402",
        actual_start=date(2019, 1, 1),
        planned_start=date(2019, 1, 1),
        planned_completion=planned,
    )
    evaluate(date(2020, 4, 1))
    assert level_of(project, "completion_overdue") == level


@pytest.mark.parametrize(("days", "level"), [(29, 0), (30, 1), (59, 1), (60, 2), (89, 2), (90, 3)])
def test_work_stopped_days(make_project, days, level):
    project = make_project("530402")
    on = date(2020, 6, 1)
    WorkStatusEvent.objects.create(
        project=project,
        kind=WorkStatusKind.SUSPENDED,
        date=date.fromordinal(on.toordinal() - days),
        reason="funds",
    )
    evaluate(on)
    assert level_of(project, "work_stopped") == level


def test_work_resumed_clears_the_stoppage(make_project):
    project = make_project("530402")
    WorkStatusEvent.objects.create(
        project=project, kind=WorkStatusKind.SUSPENDED, date=date(2020, 3, 1), reason="funds"
    )
    evaluate(date(2020, 5, 1))
    assert level_of(project, "work_stopped") == 2
    WorkStatusEvent.objects.create(
        project=project, kind=WorkStatusKind.RESUMED, date=date(2020, 5, 2)
    )
    evaluate(date(2020, 5, 3))
    warning = Warning.objects.get(project=project, rule__kind="work_stopped")
    assert (warning.level, warning.status) == (0, "cleared")
    assert list(warning.events.values_list("kind", flat=True)) == ["raised", "cleared"]
    assert Decimal(0) == warning.level


@pytest.mark.parametrize(("days", "level"), [(0, 0), (1, 1), (14, 1), (15, 2), (29, 2), (30, 3)])
def test_a_problem_overdue_by_days(make_project, city_user, pin, days, level):
    from groundbreak.lists import services as lists

    project = make_project("530402")
    on = date(2020, 5, 1)
    pin(on)
    problem = lists.raise_problem(project, by=city_user, category="land", description="用地未落实",
                                  due_date=date.fromordinal(on.toordinal() - days))  # fmt: skip
    evaluate(on)
    warning = Warning.objects.filter(project=project, rule__kind="item_overdue").first()
    assert (warning.level if warning else 0) == level
    if warning:
        assert warning.subject == f"problem:{problem.pk}"
        assert warning.link == f"/lists/problems/{problem.pk}/"
        assert "用地未落实" in warning.why


def test_each_overdue_item_has_its_own_light_and_clears_when_done(make_project, city_user, pin):
    from groundbreak.lists import services as lists

    pin(date(2020, 5, 2))
    project = make_project("530402")
    target = lists.create_target(
        project, by=city_user, year=2020, content="主体封顶", due_date=date(2020, 3, 1)
    )
    measure = lists.create_measure(
        project, by=city_user, content="协调电力", due_date=date(2020, 4, 20)
    )
    evaluate(date(2020, 5, 1))
    lights = dict(Warning.objects.filter(rule__kind="item_overdue").values_list("subject", "level"))
    assert lights == {f"target:{target.pk}": 3, f"measure:{measure.pk}": 1}
    lists.update_measure(measure, by=city_user, version=measure.version, done_on=date(2020, 4, 30))
    evaluate(date(2020, 5, 2))
    assert Warning.objects.get(subject=f"measure:{measure.pk}").status == "cleared"
