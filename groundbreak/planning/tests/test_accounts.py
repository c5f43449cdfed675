"""The three accounts, the gap and the closing list on a small portfolio in 红塔区, against
figures worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groundbreak.alerts.models import Warning
from groundbreak.planning import selectors, services
from groundbreak.planning.models import AccountLock
from groundbreak.projects.choices import Stage
from groundbreak.reporting import services as reporting
from groundbreak.reporting.models import ReportingPeriod

D = Decimal


@pytest.fixture
def small(make_project, city_user, hongta_user, hongta):
    """红塔区, 2020, up to March: a continuing project (plan 1,000, done 300), a new start
    (plan 400, done 100), a ready preliminary project (plan 500), a reserve project
    (plan 1,000); target 10,000 × 1.1 = 11,000; other investment 200 by March."""
    periods = {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}
    old = make_project(
        "530402",
        total="5000",
        plans={2020: "1000"},
        stage=Stage.CONTINUING,
        actual_start=date(2019, 5, 1),
        in_statistics_date=date(2019, 6, 1),
    )
    new = make_project(
        "530402",
        total="2000",
        plans={2020: "400"},
        stage=Stage.NEW_START,
        actual_start=date(2020, 3, 1),
    )
    ready = make_project("530402", total="3000", plans={2020: "500"}, stage=Stage.PRELIMINARY)
    reserve = make_project("530402", total="9000", plans={2020: "1000"}, stage=Stage.RESERVE)
    for project, done in ((old, "300"), (new, "100")):
        reporting.save_report(project, periods[3], by=city_user, completed_period=D(done),
                              completed_ytd=D(done), completed_total=D(done))  # fmt: skip
        report = project.reports.get()
        reporting.submit_report(
            report, by=city_user, version=report.version, require_evidence=False
        )
    # Evaluated at today's date, 2020's projects carry warnings; the weights are tested apart.
    Warning.objects.all().delete()
    services.set_readiness(ready, by=city_user, approvals_complete=True)
    services.set_target(hongta, 2020, by=city_user, base_amount=D(10000))
    services.save_region_figure(hongta, periods[3], by=hongta_user, real_estate_ytd=D(150),
                                other_ytd=D(50), last_year_ytd=D(500))  # fmt: skip
    return {"periods": periods, "old": old, "new": new, "ready": ready, "reserve": reserve}


def line_of(user, hongta, period):
    return next(ln for ln in selectors.accounts(user=user, year=2020, period=period)
                if ln.region == hongta)  # fmt: skip


def test_accounts_of_a_county_by_hand(small, hongta_user, hongta):
    line = line_of(hongta_user, hongta, small["periods"][3])
    assert line.target_amount == D("11000")
    # 入库 project only: the new start is not in the statistics.
    assert line.projects_actual == D(300)
    assert line.ytd == D(500)  # 300 + 150 + 50
    assert line.growth == D("0.0")  # 500 against 500 last year
    assert line.stock == D(700)  # 1,000 − 300
    # new 300 × 100% + ready 500 × 80% + reserve 1,000 × 20% = 300 + 400 + 200
    assert line.increment == D(900)
    assert line.other_rest == D(600)  # 200 × 9 / 3
    assert line.support == D(2700)  # 500 + 700 + 900 + 600
    assert line.gap == D(8300)
    assert line.projection == D(2500)  # 500 ÷ 20% (default pattern by March)


def test_a_warning_level_lowers_the_weight_by_a_step(small, hongta_user, hongta):
    services.set_start_weight("warning_step", by=None, weight=D(30))
    table = selectors.weights()
    assert selectors.weight_for("ready", 2, table) == D(20)
    assert selectors.weight_for("reserve", 1, table) == D(0)  # never below zero


def test_closing_list_is_largest_first_until_the_gap_is_covered(small, city_user, hongta):
    rows, total = selectors.closing_projects(user=city_user, year=2020, region=hongta, gap=D(700))
    # reserve adds 1,000 − 200 = 800 (covers 700 alone); ready would add 100.
    assert [p.pk for p in rows] == [small["reserve"].pk] and total == D(800)
    rows, total = selectors.closing_projects(user=city_user, year=2020, region=hongta, gap=D(850))
    assert [p.pk for p in rows] == [small["reserve"].pk, small["ready"].pk] and total == D(900)


def test_drill_down_lists_the_projects_of_the_stock(small, city_user, hongta):
    rows = selectors.line_projects(user=city_user, year=2020, region=hongta, account="stock")
    assert [(p.pk, p.counted) for p in rows] == [(small["old"].pk, D(700))]


def test_county_lock_refuses_change_naming_the_holder(small, hongta, hongta_user, city_user):
    period = small["periods"][3]
    lock = services.lock_accounts(hongta, period, by=hongta_user)
    with pytest.raises(ValidationError, match="hongta"):
        services.save_region_figure(hongta, period, by=hongta_user, other_ytd=D(60))
    city_lock = services.lock_accounts(hongta, period, by=city_user)
    with pytest.raises(ValidationError, match="city") as refused:
        services.save_region_figure(hongta, period, by=hongta_user, other_ytd=D(60))
    assert "市" in str(refused.value) or "city level" in str(refused.value)
    with pytest.raises(PermissionDenied):
        services.unlock_accounts(city_lock, by=hongta_user)
    with pytest.raises(PermissionDenied):
        services.unlock_accounts(lock, by=city_user)
    # A correction with a reason by the level holding the top lock goes through, in history.
    figure = services.save_region_figure(hongta, period, by=city_user, other_ytd=D(60), version=1,
                                         correction_reason="统计局更正")  # fmt: skip
    assert figure.history.first().history_change_reason == "统计局更正"
    services.unlock_accounts(city_lock, by=city_user)
    services.unlock_accounts(lock, by=hongta_user)
    assert not AccountLock.objects.held().exists()


def test_a_county_sees_only_its_own_line(small, jiangchuan_user, hongta_user, hongta):
    assert [ln.region.name for ln in selectors.accounts(user=jiangchuan_user, year=2020)] == [
        "江川区"
    ]
    assert (
        selectors.line_projects(user=jiangchuan_user, year=2020, region=hongta, account="stock")
        == []
    )
    with pytest.raises(PermissionDenied):
        services.save_region_figure(hongta, small["periods"][3], by=jiangchuan_user, other_ytd=D(1))
