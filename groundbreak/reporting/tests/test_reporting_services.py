"""Monthly reports: the statistics checks at their boundaries, the workflow, the owner-figure
rule and the year summary after every kind of write."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groundbreak.core.services import StaleEditError
from groundbreak.projects.choices import Stage
from groundbreak.reporting import selectors, services
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport, ProjectYearSummary, ReportingPeriod
from groundbreak.reporting.tests.helpers import fill

D = Decimal


def test_a_year_has_eleven_periods_with_jan_feb_together_and_the_25th_as_deadline(periods):
    assert len(periods) == 11
    assert str(periods[2]) == "2020年1-2月" and (periods[2].first_month, periods[2].deadline) == (
        1,
        date(2020, 2, 25),
    )
    assert str(periods[3]) == "2020年3月" and periods[3].previous() == periods[2]
    assert periods[2].previous() is None
    assert (
        ReportingPeriod.periods_for_year(2020) and ReportingPeriod.objects.count() == 11
    )  # idempotent


def test_year_to_date_must_equal_last_period_plus_this_one(project, periods, owner_user):
    fill(project, periods[2], owner_user, 300, 300, 300)
    with pytest.raises(ValidationError) as error:
        fill(project, periods[3], owner_user, 200, "499.99", 600)
    assert "completed_ytd" in error.value.message_dict and "500.00" in " ".join(
        error.value.message_dict["completed_ytd"]
    )
    report = fill(project, periods[3], owner_user, 200, 500, 600)
    assert report.completed_ytd == D(500)


def test_first_period_year_to_date_equals_the_period(project, periods, owner_user):
    with pytest.raises(ValidationError):
        fill(project, periods[2], owner_user, 300, 301, 400)


def test_cumulative_since_start_never_decreases(project, periods, owner_user):
    fill(project, periods[2], owner_user, 300, 300, 1000)
    with pytest.raises(ValidationError) as error:
        fill(project, periods[3], owner_user, 0, 300, "999.99")
    assert "completed_total" in error.value.message_dict
    fill(project, periods[3], owner_user, 0, 300, 1000)


def test_beyond_the_plan_or_the_total_needs_a_reason(project, periods, owner_user):
    with pytest.raises(ValidationError) as error:
        fill(project, periods[2], owner_user, "3000.0001", "3000.0001", "3000.0001")
    assert "over_plan_reason" in error.value.message_dict
    fill(project, periods[2], owner_user, 3000, 3000, 3000)  # exactly the plan: fine
    report = fill(project, periods[3], owner_user, 1, 3001, 3001, over_plan_reason="工期提前")
    assert report.over_plan_reason == "工期提前"


def test_a_project_not_started_cannot_report(make_project, periods, city_user):
    reserve = make_project("530402", stage=Stage.PRELIMINARY)
    with pytest.raises(ValidationError) as error:
        fill(reserve, periods[2], city_user, 1, 1, 1)
    assert "project" in error.value.message_dict
    late = make_project("530402", actual_start=date(2020, 3, 13))
    with pytest.raises(ValidationError):
        fill(late, periods[2], city_user, 1, 1, 1)  # started after 1-2月
    fill(late, periods[3], city_user, 1, 1, 1)


def test_workflow_submit_return_resubmit_approve_lock(
    project, periods, owner_user, hongta_user, city_user
):
    report = fill(project, periods[2], owner_user, 300, 300, 300)
    report = services.submit_report(report, by=owner_user, version=report.version)
    with pytest.raises(ValidationError):  # a submitted report is not edited by its filler
        fill(project, periods[2], owner_user, 301, 301, 301)
    with pytest.raises(ValidationError):
        services.return_report(report, by=hongta_user, version=report.version, reason=" ")
    report = services.return_report(
        report, by=hongta_user, version=report.version, reason="数据与形象进度不符"
    )
    assert (report.status, report.review_note) == (ReportStatus.RETURNED, "数据与形象进度不符")
    report = services.save_report(project, periods[2], by=owner_user, version=report.version,
                                  completed_period=D(250), completed_ytd=D(250), completed_total=D(250))  # fmt: skip
    report = services.submit_report(report, by=owner_user, version=report.version)
    with pytest.raises(PermissionDenied):
        services.approve_report(report, by=owner_user, version=report.version)
    report = services.approve_report(report, by=hongta_user, version=report.version)
    with pytest.raises(PermissionDenied):
        services.lock_report(report, by=hongta_user, version=report.version)
    report = services.lock_report(report, by=city_user, version=report.version)
    assert report.status == ReportStatus.LOCKED
    reasons = list(
        report.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "Filled in",
        "Submitted",
        "Returned",
        "Filled in",
        "Submitted",
        "Approved",
        "Locked",
    ]


def test_the_owners_figures_change_only_by_a_recorded_correction(
    project, periods, owner_user, hongta_user
):
    report = fill(project, periods[2], owner_user, 300, 300, 300)
    report = services.submit_report(report, by=owner_user, version=report.version)
    with pytest.raises(ValidationError):
        services.correct_report(
            report, by=hongta_user, version=report.version, reason="", completed_period=D(280)
        )
    report = services.correct_report(
        report, by=hongta_user, version=report.version, reason="财务支出口径", completed_period=D(280),
        completed_ytd=D(280), completed_total=D(280),
    )  # fmt: skip
    last = report.history.first()
    assert last.history_user == hongta_user and "财务支出口径" in last.history_change_reason
    delta = last.diff_against(last.prev_record)
    assert ("completed_period", D("300.0000"), D("280.0000")) in [
        (c.field, c.old, c.new) for c in delta.changes
    ]
    assert report.filled_by == owner_user  # still the owner's report


def test_a_stale_submission_is_refused(project, periods, owner_user):
    report = fill(project, periods[2], owner_user, 300, 300, 300)
    services.submit_report(report, by=owner_user, version=report.version)
    with pytest.raises(StaleEditError):
        services.submit_report(report, by=owner_user, version=report.version)


def test_who_may_fill_and_review(
    project, periods, jiangchuan_user, leader_user, hongta_user, owner_user
):
    for outsider in (jiangchuan_user, leader_user):
        with pytest.raises(PermissionDenied):
            fill(project, periods[2], outsider, 1, 1, 1)
    report = fill(project, periods[2], hongta_user, 1, 1, 1)  # the county may fill for the owner
    report = services.submit_report(report, by=hongta_user, version=report.version)
    with pytest.raises(PermissionDenied):
        services.approve_report(report, by=jiangchuan_user, version=report.version)
    assert list(MonthlyReport.objects.restrict(owner_user, "view")) == [report]
    assert not MonthlyReport.objects.restrict(jiangchuan_user, "view").exists()


def test_year_summary_equals_the_reports_after_every_kind_of_write(
    project, periods, owner_user, hongta_user
):
    def summary():
        return ProjectYearSummary.objects.get(project=project, year=2020)

    report = fill(project, periods[2], owner_user, 300, 300, 300)
    assert (summary().completed_ytd, summary().completion_rate) == (D(300), D("0.1000"))
    fill(project, periods[3], owner_user, 450, 750, 750)
    assert (summary().completed_ytd, summary().last_period, summary().time_progress) == (
        D(750),
        periods[3],
        D("0.2500"),
    )
    report.refresh_from_db()
    report = services.submit_report(report, by=owner_user, version=report.version)
    report = services.correct_report(
        report, by=hongta_user, version=report.version, reason="更正", completed_period=D(200),
        completed_ytd=D(200), completed_total=D(200),
    )  # fmt: skip
    assert summary().completed_ytd == D(750)  # the latest period still decides
    latest = MonthlyReport.objects.get(period=periods[3])
    assert summary().completed_ytd == latest.completed_ytd


def test_missing_reports_lists_started_projects_without_a_submitted_report(
    project, periods, owner_user, hongta_user, make_project
):
    other = make_project("530402")
    report = fill(project, periods[2], owner_user, 1, 1, 1)
    assert set(selectors.missing_reports(periods[2], user=hongta_user)) == {project, other}
    services.submit_report(report, by=owner_user, version=report.version)
    assert set(selectors.missing_reports(periods[2], user=hongta_user)) == {other}


def test_a_county_cannot_refill_what_the_owner_filled(
    project, periods, owner_user, hongta_user, city_user
):
    draft = fill(project, periods[2], owner_user, 300, 300, 300)
    for reviewer in (hongta_user, city_user):
        with pytest.raises(PermissionDenied):
            fill(project, periods[2], reviewer, 100, 100, 100, version=draft.version)
    report = services.submit_report(draft, by=owner_user, version=draft.version)
    returned = services.return_report(report, by=hongta_user, version=report.version, reason="核实")
    with pytest.raises(PermissionDenied):
        fill(project, periods[2], hongta_user, 100, 100, 100, version=returned.version)
    again = fill(project, periods[2], owner_user, 280, 280, 280, version=returned.version)
    assert again.completed_ytd == D(280) and again.filled_by == owner_user


def test_a_county_may_refill_its_own_draft(project, periods, hongta_user):
    draft = fill(project, periods[2], hongta_user, 300, 300, 300)
    again = fill(project, periods[2], hongta_user, 200, 200, 200, version=draft.version)
    assert again.completed_ytd == D(200)


def test_a_missing_figure_is_named_not_a_crash(project, periods, owner_user):
    with pytest.raises(ValidationError) as error:
        services.save_report(
            project, periods[2], by=owner_user, completed_period=D(1), completed_ytd=None,
            completed_total=D(1),
        )  # fmt: skip
    assert "completed_ytd" in error.value.message_dict
