"""The statistics bureau's figures next to the owners' (两套数), the lists built on them
(开工未入库, 入库零报告), and the reporting lists: missing, late, per county, default period."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from groundbreak.core.services import StaleEditError
from groundbreak.imports.models import ImportKind, ImportRecord
from groundbreak.projects.choices import Stage
from groundbreak.reporting import selectors, services, statistics
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import (
    DivergenceReason,
    MonthlyReport,
    ReportingPeriod,
    StatisticsFigure,
)

D = Decimal


def bureau_table(region, by, name="统计局1-2月.xlsx"):
    content = f"{name} {ImportRecord.objects.count()}".encode()
    return ImportRecord.objects.create(
        kind=ImportKind.STATISTICS, region=region, filename=name,
        sha256=ImportRecord.digest(content), file=ContentFile(content, name=name), created_by=by,
    )  # fmt: skip


def handed_in(project, period, by, ytd, *, amount=None, total=None):
    amount = ytd if amount is None else amount
    report = services.save_report(
        project, period, by=by, completed_period=D(str(amount)), completed_ytd=D(str(ytd)),
        completed_total=D(str(ytd if total is None else total)),
    )  # fmt: skip
    return services.submit_report(report, by=by, version=report.version)


def local(*parts):
    return timezone.make_aware(datetime(*parts))


# --- the bureau's figure -------------------------------------------------------------------


def test_the_county_and_the_city_enter_the_bureaus_figure(project, periods, hongta_user, city_user):
    figure = statistics.record_statistics_figure(
        project, periods[2], by=hongta_user, completed_ytd=D(280)
    )
    assert (figure.completed_ytd, figure.entered_by, figure.is_imported) == (
        D(280),
        hongta_user,
        False,
    )
    figure = statistics.record_statistics_figure(
        project, periods[2], by=city_user, completed_ytd=D(290), version=figure.version
    )
    assert StatisticsFigure.objects.get().completed_ytd == D(290)
    assert figure.entered_by == city_user
    assert [h.history_change_reason for h in figure.history.order_by("history_date")] == [
        "Entered",
        "Entered",
    ]


def test_the_owner_and_other_counties_cannot_enter_the_bureaus_figure(
    project, periods, owner_user, jiangchuan_user
):
    for outsider in (owner_user, jiangchuan_user):
        with pytest.raises(PermissionDenied):
            statistics.record_statistics_figure(
                project, periods[2], by=outsider, completed_ytd=D(1)
            )
    assert not StatisticsFigure.objects.exists()


def test_a_negative_figure_is_refused(project, periods, city_user):
    with pytest.raises(ValidationError) as error:
        statistics.record_statistics_figure(project, periods[2], by=city_user, completed_ytd=D(-1))
    assert "completed_ytd" in error.value.message_dict


def test_a_hand_edit_needs_the_current_version(project, periods, hongta_user, city_user):
    figure = statistics.record_statistics_figure(
        project, periods[2], by=hongta_user, completed_ytd=D(280)
    )
    statistics.record_statistics_figure(
        project, periods[2], by=city_user, completed_ytd=D(290), version=figure.version
    )
    with pytest.raises(StaleEditError):
        statistics.record_statistics_figure(
            project, periods[2], by=hongta_user, completed_ytd=D(300), version=figure.version
        )
    with pytest.raises(ValidationError):
        statistics.record_statistics_figure(
            project, periods[2], by=hongta_user, completed_ytd=D(300)
        )
    assert StatisticsFigure.objects.get().completed_ytd == D(290)


def test_an_imported_figure_is_read_only_by_hand_but_a_later_import_replaces_it(
    project, periods, hongta, city_user, hongta_user
):
    first = bureau_table(hongta, city_user)
    figure = statistics.record_statistics_figure(
        project, periods[2], by=city_user, completed_ytd=D(280), source=first
    )
    assert figure.is_imported and figure.imported_by == first
    for editor in (hongta_user, city_user):
        with pytest.raises(ValidationError):
            statistics.record_statistics_figure(
                project, periods[2], by=editor, completed_ytd=D(1), version=figure.version
            )
    assert StatisticsFigure.objects.get().completed_ytd == D(280)
    second = bureau_table(hongta, city_user, name="统计局1-2月(更正).xlsx")
    figure = statistics.record_statistics_figure(
        project, periods[2], by=city_user, completed_ytd=D(310), source=second
    )
    stored = StatisticsFigure.objects.get()
    assert (stored.completed_ytd, stored.imported_by) == (D(310), second)
    assert figure.history.first().history_change_reason == "Imported"


def test_a_hand_entered_figure_may_be_replaced_by_an_import(
    project, periods, hongta, city_user, hongta_user
):
    figure = statistics.record_statistics_figure(
        project, periods[2], by=hongta_user, completed_ytd=D(280)
    )
    table = bureau_table(hongta, city_user)
    statistics.record_statistics_figure(
        project, periods[2], by=city_user, completed_ytd=D(300), source=table
    )
    figure.refresh_from_db()
    assert (figure.completed_ytd, figure.imported_by) == (D(300), table)


# --- divergence ----------------------------------------------------------------------------


def test_divergence_at_the_threshold(settings):
    assert settings.STATISTICS_DIVERGENCE_PERCENT == "10"
    diverges = statistics.diverges
    assert not diverges(D(100), D(90))  # exactly 10 % of the larger one
    assert not diverges(D(90), D(100))
    assert diverges(D(100), D("89.9999"))
    assert diverges(D("89.9999"), D(100))
    assert not diverges(D(0), D(0)) and not diverges(None, None)
    assert diverges(None, D(5)) and diverges(D(5), None)
    settings.STATISTICS_DIVERGENCE_PERCENT = "20"
    assert not diverges(D(100), D(80)) and diverges(D(100), D("79.9999"))


def test_comparison_lists_both_figures_and_marks_the_diverging_rows(
    make_project, periods, city_user, hongta_user
):
    close = make_project("530402", name="甲 一致")
    apart = make_project("530402", name="乙 相差")
    owner_only = make_project("530402", name="丙 无统计")
    bureau_only = make_project("530402", name="丁 仅统计")
    draft_only = make_project("530402", name="戊 草稿")
    elsewhere = make_project("530403", name="己 江川")
    for project, ytd in ((close, 100), (apart, 100), (owner_only, 100), (elsewhere, 100)):
        handed_in(project, periods[2], city_user, ytd)
    services.save_report(
        draft_only, periods[2], by=city_user, completed_period=D(50), completed_ytd=D(50),
        completed_total=D(50),
    )  # fmt: skip
    for project, ytd in ((close, 90), (apart, "89.99"), (bureau_only, 40), (elsewhere, 10)):
        statistics.record_statistics_figure(
            project, periods[2], by=city_user, completed_ytd=D(str(ytd))
        )
    rows = {row["project"]: row for row in statistics.comparison(periods[2], user=city_user)}
    assert set(rows) == {close, apart, owner_only, bureau_only, elsewhere}
    assert (rows[close]["owner_ytd"], rows[close]["statistics_ytd"]) == (D(100), D(90))
    assert rows[close]["difference"] == D(10) and not rows[close]["diverges"]
    assert rows[apart]["diverges"] and rows[apart]["difference"] == D("10.01")
    assert rows[owner_only]["statistics_ytd"] is None and rows[owner_only]["figure"] is None
    assert not rows[owner_only]["diverges"]
    assert rows[bureau_only]["owner_ytd"] is None and rows[bureau_only]["diverges"]
    assert rows[bureau_only]["difference"] == D(-40)
    assert rows[elsewhere]["diverges"]
    county = {row["project"] for row in statistics.comparison(periods[2], user=hongta_user)}
    assert county == {close, apart, owner_only, bureau_only}


def test_comparison_of_another_period_is_empty(project, periods, city_user):
    handed_in(project, periods[2], city_user, 100)
    statistics.record_statistics_figure(project, periods[2], by=city_user, completed_ytd=D(90))
    assert statistics.comparison(periods[3], user=city_user) == []


def test_explaining_a_divergence(project, periods, hongta_user, owner_user):
    figure = statistics.record_statistics_figure(
        project, periods[2], by=hongta_user, completed_ytd=D(50)
    )
    with pytest.raises(ValidationError) as error:
        statistics.explain_divergence(
            figure, by=hongta_user, version=figure.version, reason=DivergenceReason.OTHER,
            reason_text="  ",
        )  # fmt: skip
    assert "reason_text" in error.value.message_dict
    for unknown in ("bogus", ""):
        with pytest.raises(ValidationError) as error:
            statistics.explain_divergence(
                figure, by=hongta_user, version=figure.version, reason=unknown
            )
        assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        statistics.explain_divergence(
            figure, by=owner_user, version=figure.version, reason=DivergenceReason.PAYMENT_LAG
        )
    figure = statistics.explain_divergence(
        figure, by=hongta_user, version=figure.version, reason=DivergenceReason.OTHER,
        reason_text=" 统计口径调整 ",
    )  # fmt: skip
    stored = StatisticsFigure.objects.get()
    assert (stored.reason, stored.reason_text) == (DivergenceReason.OTHER, "统计口径调整")
    with pytest.raises(StaleEditError):
        statistics.explain_divergence(
            figure, by=hongta_user, version=figure.version - 1, reason=DivergenceReason.SCOPE
        )
    figure = statistics.explain_divergence(
        figure, by=hongta_user, version=figure.version, reason=DivergenceReason.PAYMENT_LAG
    )
    assert (figure.reason, figure.reason_text) == (DivergenceReason.PAYMENT_LAG, "")


def test_an_imported_figure_can_still_be_explained(project, periods, hongta, city_user):
    figure = statistics.record_statistics_figure(
        project,
        periods[2],
        by=city_user,
        completed_ytd=D(50),
        source=bureau_table(hongta, city_user),
    )
    figure = statistics.explain_divergence(
        figure, by=city_user, version=figure.version, reason=DivergenceReason.NOT_IN_STATISTICS
    )
    assert figure.reason == DivergenceReason.NOT_IN_STATISTICS and figure.completed_ytd == D(50)


# --- 开工未入库 and 入库零报告 ----------------------------------------------------------------


def test_started_not_in_statistics(make_project, periods, city_user, hongta_user):
    end = periods[2].end  # 29 Feb 2020
    outside = make_project("530402", name="未入库")
    entered_later = make_project("530402", name="3月入库", in_statistics_date=date(2020, 3, 1))
    make_project("530402", name="2月入库", in_statistics_date=end)
    make_project("530402", name="前期", stage=Stage.PRELIMINARY)
    make_project("530402", name="3月开工", actual_start=date(2020, 3, 2))
    elsewhere = make_project("530403", name="江川未入库")
    listed = statistics.started_not_in_statistics(periods[2], user=city_user)
    assert set(listed) == {outside, entered_later, elsewhere}
    assert set(statistics.started_not_in_statistics(periods[2], user=hongta_user)) == {
        outside,
        entered_later,
    }


def test_in_statistics_reporting_zero(make_project, periods, city_user, hongta_user):
    entered = date(2020, 2, 27)
    silent = make_project("530402", name="无月报", in_statistics_date=entered)
    zero = make_project("530402", name="零报告", in_statistics_date=entered)
    working = make_project("530402", name="有投资", in_statistics_date=entered)
    drafted = make_project("530402", name="草稿", in_statistics_date=entered)
    make_project("530402", name="3月入库", in_statistics_date=date(2020, 3, 1))
    make_project("530402", name="未入库")
    make_project(
        "530402", name="去年竣工", stage=Stage.COMPLETED, actual_start=date(2019, 3, 1),
        actual_completion=date(2019, 12, 31), in_statistics_date=date(2019, 3, 5),
    )  # fmt: skip
    elsewhere = make_project("530403", name="江川零报告", in_statistics_date=entered)
    handed_in(zero, periods[2], city_user, 0)
    handed_in(working, periods[2], city_user, 120)
    services.save_report(
        drafted, periods[2], by=city_user, completed_period=D(80), completed_ytd=D(80),
        completed_total=D(80),
    )  # fmt: skip
    listed = statistics.in_statistics_reporting_zero(periods[2], user=city_user)
    assert set(listed) == {silent, zero, drafted, elsewhere}
    county = statistics.in_statistics_reporting_zero(periods[2], user=hongta_user)
    assert set(county) == {silent, zero, drafted}


# --- missing, late, per county -------------------------------------------------------------


@pytest.fixture
def two_counties(make_project, periods, owner_user, other_owner, city_user, hongta_user):
    """1-2月 (deadline 25 Feb): 红塔 has one report on time, one late, one draft; 江川 one
    late (approved) and one never filled. Not due: a project in preliminary work and one
    completed the year before."""
    p = {
        "on_time": make_project("530402", name="红塔 按时"),
        "late": make_project("530402", name="红塔 迟报"),
        "draft": make_project("530402", name="红塔 草稿"),
        "jc_late": make_project("530403", name="江川 迟报", owner_unit=other_owner),
        "jc_none": make_project("530403", name="江川 未报", owner_unit=other_owner),
    }
    make_project("530402", name="红塔 前期", stage=Stage.PRELIMINARY)
    make_project(
        "530403", name="江川 去年竣工", stage=Stage.COMPLETED, actual_start=date(2019, 3, 1),
        actual_completion=date(2019, 12, 31),
    )  # fmt: skip
    reports = {}
    for key in ("on_time", "late", "jc_late"):
        reports[key] = handed_in(p[key], periods[2], city_user, 10)
    services.save_report(
        p["draft"], periods[2], by=owner_user, completed_period=D(10), completed_ytd=D(10),
        completed_total=D(10),
    )  # fmt: skip
    services.approve_report(reports["jc_late"], by=city_user, version=reports["jc_late"].version)
    # Deadline day 23:59 in Yuxi is on time; 00:30 the next morning (still the 25th in UTC) is late.
    MonthlyReport.objects.filter(pk=reports["on_time"].pk).update(
        submitted_at=local(2020, 2, 25, 23, 59)
    )
    MonthlyReport.objects.filter(pk=reports["late"].pk).update(
        submitted_at=local(2020, 2, 26, 0, 30)
    )
    MonthlyReport.objects.filter(pk=reports["jc_late"].pk).update(
        submitted_at=local(2020, 3, 10, 9, 0)
    )
    return p


def test_missing_reports(two_counties, periods, city_user, hongta_user, jiangchuan_user):
    p = two_counties
    assert set(selectors.missing_reports(periods[2], user=city_user)) == {p["draft"], p["jc_none"]}
    assert set(selectors.missing_reports(periods[2], user=hongta_user)) == {p["draft"]}
    assert set(selectors.missing_reports(periods[2], user=jiangchuan_user)) == {p["jc_none"]}


def test_a_returned_report_is_missing_again(two_counties, periods, city_user, hongta_user):
    report = MonthlyReport.objects.get(project=two_counties["late"], period=periods[2])
    services.return_report(report, by=hongta_user, version=report.version, reason="数据有误")
    assert two_counties["late"] in set(selectors.missing_reports(periods[2], user=city_user))
    assert not selectors.late_reports(periods[2], user=hongta_user).exists()


def test_late_reports(two_counties, periods, city_user, hongta_user, jiangchuan_user):
    p = two_counties

    def late(user):
        return {r.project for r in selectors.late_reports(periods[2], user=user)}

    assert late(city_user) == {p["late"], p["jc_late"]}
    assert late(hongta_user) == {p["late"]}
    assert late(jiangchuan_user) == {p["jc_late"]}
    for report in MonthlyReport.objects.filter(period=periods[2]):
        assert report.is_late == (report.project in late(city_user))


def test_reporting_by_county(
    two_counties, periods, hongta, jiangchuan, city_user, hongta_user, jiangchuan_user
):
    approved = MonthlyReport.objects.get(project=two_counties["jc_late"], period=periods[2])
    assert approved.status == ReportStatus.APPROVED  # approved counts as handed in
    rows = selectors.reporting_by_county(periods[2], user=city_user)
    assert rows == [
        {"region": hongta, "due": 3, "handed_in": 2, "late": 1, "missing": 1},
        {"region": jiangchuan, "due": 2, "handed_in": 1, "late": 1, "missing": 1},
    ]
    assert [r["region"] for r in selectors.reporting_by_county(periods[2], user=hongta_user)] == [
        hongta
    ]
    assert selectors.reporting_by_county(periods[2], user=jiangchuan_user) == [
        {"region": jiangchuan, "due": 2, "handed_in": 1, "late": 1, "missing": 1}
    ]


def test_reporting_by_county_for_a_period_nothing_is_due(periods, city_user, make_project):
    make_project("530402", actual_start=date(2020, 3, 2))
    assert selectors.reporting_by_county(periods[2], user=city_user) == []
    assert selectors.reporting_by_county(periods[3], user=city_user)[0]["missing"] == 1


# --- default period ------------------------------------------------------------------------


def test_default_period_in_an_archive(
    make_project, periods, owner_user, hongta_user, jiangchuan_user
):
    assert selectors.default_period() == periods[12]  # every period past: the latest
    project = make_project("530402")  # reports from 1-2月 on
    services.save_report(
        project, periods[3], by=owner_user, completed_period=D(1), completed_ytd=D(1),
        completed_total=D(1),
    )  # fmt: skip
    assert selectors.default_period() == periods[12]
    # Never one ahead of work owed: 1-2月 is still to fill (and March only a draft).
    assert selectors.default_period(owner_user) == periods[2]
    assert selectors.default_period(hongta_user) == periods[2]
    assert selectors.default_period(jiangchuan_user) == periods[12]  # nothing owed in its scope


def test_default_period_is_the_latest_begun_not_one_ahead(periods, owner_user):
    today = timezone.localdate()
    this_year = {p.last_month: p for p in ReportingPeriod.periods_for_year(today.year)}
    ReportingPeriod.periods_for_year(today.year + 1)  # months still ahead: never the default
    current = this_year[max(today.month, 2)]
    assert selectors.default_period() == current
    assert selectors.default_period(owner_user) == current  # owes nothing
