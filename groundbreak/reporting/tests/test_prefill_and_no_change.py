"""What a new report opens with (prefill), "无变化" in one tap, and the work-resumed date."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groundbreak.core.services import StaleEditError
from groundbreak.reporting import services
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport, ProjectYearSummary, ReportingPeriod
from groundbreak.reporting.tests.helpers import fill

D = Decimal
TEXTS = {"progress_text": "主体结构完成60%", "workers_on_site": 85, "problems": "用地指标未落实"}


@pytest.fixture
def next_year(db):
    return {p.last_month: p for p in ReportingPeriod.periods_for_year(2021)}


def summary(project, year):
    return ProjectYearSummary.objects.get(project=project, year=year)


# --- prefill -------------------------------------------------------------------------------


def test_prefill_is_empty_without_an_earlier_report(project, periods, owner_user):
    assert services.prefill(project, periods[2]) == {}
    fill(project, periods[3], owner_user, 100, 100, 100)
    assert services.prefill(project, periods[3]) == {}  # the period's own report is not "earlier"
    assert services.prefill(project, periods[2]) == {}  # nor is a later one


def test_prefill_carries_the_text_and_brings_the_figures_forward(project, periods, owner_user):
    fill(project, periods[2], owner_user, 300, 300, 1300, **TEXTS)
    figures = services.prefill(project, periods[3])
    assert {name: figures[name] for name in TEXTS} == TEXTS
    assert figures["completed_period"] is None  # the period's own investment is for the filler
    assert (figures["completed_ytd"], figures["completed_total"]) == (D(300), D(1300))
    assert (figures["base_ytd"], figures["base_total"]) == (D(300), D(1300))
    assert figures["from_period"] == periods[2]


def test_prefill_skips_to_the_latest_earlier_report(project, periods, owner_user):
    fill(project, periods[2], owner_user, 300, 300, 300, progress_text="基础施工")
    fill(project, periods[3], owner_user, 200, 500, 500, progress_text="主体施工")
    figures = services.prefill(project, periods[6])  # 4月 and 5月 not reported
    assert figures["from_period"] == periods[3]
    assert (figures["progress_text"], figures["completed_ytd"]) == ("主体施工", D(500))


def test_a_new_year_starts_at_zero_but_keeps_the_figure_since_the_start(
    project, periods, next_year, owner_user
):
    fill(project, periods[2], owner_user, 300, 300, 300)
    fill(project, periods[3], owner_user, 200, 500, 2500, **TEXTS)
    for period in (next_year[2], next_year[4]):
        figures = services.prefill(project, period)
        assert figures["from_period"] == periods[3]
        assert (figures["completed_ytd"], figures["base_ytd"]) == (D(0), D(0))
        assert (figures["completed_total"], figures["base_total"]) == (D(2500), D(2500))
        assert {name: figures[name] for name in TEXTS} == TEXTS


# --- 无变化 -------------------------------------------------------------------------------


def test_no_change_submits_the_last_report_carried_forward(project, periods, owner_user):
    fill(project, periods[2], owner_user, 300, 300, 1300, **TEXTS)
    report = services.report_no_change(project, periods[3], by=owner_user)
    report = MonthlyReport.objects.get(pk=report.pk)
    assert (report.project, report.period) == (project, periods[3])
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at is not None
    assert (report.completed_period, report.completed_ytd, report.completed_total) == (
        D(0),
        D(300),
        D(1300),
    )
    assert {name: getattr(report, name) for name in TEXTS} == TEXTS
    assert (report.work_resumed, report.resumed_on, report.filled_by) == (False, None, owner_user)
    assert list(
        report.history.order_by("history_date").values_list("history_change_reason", flat=True)
    ) == ["Filled in", "Submitted"]


def test_no_change_is_refused_without_an_earlier_report(project, periods, owner_user):
    with pytest.raises(ValidationError):
        services.report_no_change(project, periods[2], by=owner_user)
    assert not MonthlyReport.objects.filter(project=project).exists()


def test_no_change_over_a_returned_report_of_the_same_period(
    project, periods, owner_user, hongta_user
):
    fill(project, periods[2], owner_user, 300, 300, 300, **TEXTS)
    report = fill(project, periods[3], owner_user, 100, 400, 400, progress_text="误填")
    report = services.submit_report(report, by=owner_user, version=report.version)
    report = services.return_report(
        report, by=hongta_user, version=report.version, reason="本月停工"
    )
    with pytest.raises(ValidationError):  # over an existing report, say which version
        services.report_no_change(project, periods[3], by=owner_user, confirm=True)
    # It would replace the owner's figures: refused, saying what would change, until confirmed.
    with pytest.raises(ValidationError, match="100 → 0"):
        services.report_no_change(project, periods[3], by=owner_user, version=report.version)
    report.refresh_from_db()
    assert (report.status, report.completed_period) == (ReportStatus.RETURNED, D(100))
    again = services.report_no_change(
        project, periods[3], by=owner_user, version=report.version, confirm=True
    )
    assert again.pk == report.pk
    assert MonthlyReport.objects.filter(project=project, period=periods[3]).count() == 1
    again.refresh_from_db()
    assert again.status == ReportStatus.SUBMITTED
    assert (again.completed_period, again.completed_ytd, again.completed_total) == (
        D(0),
        D(300),
        D(300),
    )
    assert again.progress_text == TEXTS["progress_text"]


def test_no_change_over_a_returned_report_checks_a_given_version(
    project, periods, owner_user, hongta_user
):
    fill(project, periods[2], owner_user, 300, 300, 300)
    report = fill(project, periods[3], owner_user, 100, 400, 400)
    report = services.submit_report(report, by=owner_user, version=report.version)
    report = services.return_report(report, by=hongta_user, version=report.version, reason="核实")
    with pytest.raises(StaleEditError):
        services.report_no_change(project, periods[3], by=owner_user, version=report.version - 1)
    report.refresh_from_db()
    assert (report.status, report.completed_period) == (ReportStatus.RETURNED, D(100))


def test_no_change_cannot_overwrite_a_handed_in_report(project, periods, owner_user):
    fill(project, periods[2], owner_user, 300, 300, 300)
    report = fill(project, periods[3], owner_user, 100, 400, 400)
    services.submit_report(report, by=owner_user, version=report.version)
    with pytest.raises(ValidationError):
        services.report_no_change(project, periods[3], by=owner_user)
    report.refresh_from_db()
    assert (report.status, report.completed_period) == (ReportStatus.SUBMITTED, D(100))


def test_no_change_in_a_new_years_first_period(project, periods, next_year, owner_user):
    fill(project, periods[2], owner_user, 300, 300, 1300, **TEXTS)
    report = services.report_no_change(project, next_year[2], by=owner_user)
    assert (report.completed_period, report.completed_ytd, report.completed_total) == (
        D(0),
        D(0),
        D(1300),
    )
    assert summary(project, 2021).completed_ytd == D(0)
    assert summary(project, 2020).completed_ytd == D(300)


def test_no_change_keeps_the_reason_for_figures_beyond_the_plan(make_project, periods, owner_user):
    small = make_project("530402", total="800")  # 200万 planned for 2020
    fill(small, periods[2], owner_user, 250, 250, 250, over_plan_reason="提前完成土建")
    report = services.report_no_change(small, periods[3], by=owner_user)
    assert (report.completed_ytd, report.over_plan_reason) == (D(250), "提前完成土建")


def test_no_change_is_for_those_who_may_fill(project, periods, owner_user, jiangchuan_user):
    fill(project, periods[2], owner_user, 300, 300, 300)
    with pytest.raises(PermissionDenied):
        services.report_no_change(project, periods[3], by=jiangchuan_user)
    assert not MonthlyReport.objects.filter(period=periods[3]).exists()


def test_the_year_summary_equals_the_no_change_report(project, periods, owner_user):
    fill(project, periods[2], owner_user, 600, 600, 900)
    report = services.report_no_change(project, periods[3], by=owner_user)
    row = summary(project, 2020)
    assert (row.completed_ytd, row.last_period) == (report.completed_ytd, periods[3])
    assert row.completion_rate == (report.completed_ytd / project.plan_for(2020)).quantize(
        D("0.0001")
    )
    assert row.time_progress == D("0.2500")


# --- work resumed --------------------------------------------------------------------------


def test_work_cannot_resume_after_the_end_of_the_period(project, periods, owner_user):
    with pytest.raises(ValidationError) as error:
        fill(
            project, periods[3], owner_user, 1, 1, 1, work_resumed=True, resumed_on=date(2020, 4, 1)
        )
    assert "resumed_on" in error.value.message_dict
    report = fill(
        project, periods[3], owner_user, 1, 1, 1, work_resumed=True, resumed_on=date(2020, 3, 31)
    )
    assert report.resumed_on == date(2020, 3, 31)
