"""The projection (from earlier years' pattern, or the default one), the quarterly balance,
the pipeline flow and stage ageing, against figures worked out by hand."""

from datetime import date
from decimal import Decimal

from groundbreak.planning import pipeline, selectors, services
from groundbreak.projects.choices import Stage
from groundbreak.projects.models import StageTransition
from groundbreak.reporting.models import ReportingPeriod

D = Decimal


def _figures(region, year, by, **months):
    periods = {p.last_month: p for p in ReportingPeriod.periods_for_year(year)}
    for month, amount in months.items():
        services.save_region_figure(region, periods[int(month[1:])], by=by, completed_ytd=D(amount))
    return periods


def test_projection_reads_the_pattern_of_earlier_years(regions, city_user, hongta):
    # 2018: 1-6月 400 of 1,000 (40 %); 2019: 500 of 1,000 (50 %): the pattern is 45 %.
    _figures(hongta, 2018, city_user, m6="400", m12="1000")
    _figures(hongta, 2019, city_user, m6="500", m12="1000")
    periods = _figures(hongta, 2020, city_user, m6="900")
    line = next(ln for ln in selectors.accounts(user=city_user, year=2020, period=periods[6])
                if ln.region == hongta)  # fmt: skip
    assert (line.pattern, line.pattern_source) == (D("45.00"), "history")
    assert line.projection == D(2000)  # 900 ÷ 45 %
    jiangchuan_line = next(ln for ln in selectors.accounts(user=city_user, year=2020, period=periods[6])
                           if ln.region.code == "530403")  # fmt: skip
    assert (jiangchuan_line.pattern, jiangchuan_line.pattern_source) == (D(47), "default")


def test_the_city_line_adds_the_counties_table_figures(regions, city_user, hongta, jiangchuan):
    periods = _figures(hongta, 2020, city_user, m3="300")
    _figures(jiangchuan, 2020, city_user, m3="200")
    city = next(ln for ln in selectors.accounts(user=city_user, year=2020, period=periods[3])
                if ln.region.code == "530400")  # fmt: skip
    assert city.ytd == D(500)


def test_quarterly_balance_planned_against_actual(regions, city_user, hongta):
    services.set_target(hongta, 2020, by=city_user, base_amount=D(1000),
                        quarter_shares=[D(20), D(30), D(25), D(25)])  # fmt: skip
    _figures(hongta, 2020, city_user, m3="150", m6="500")
    row = next(
        r for r in selectors.quarterly(user=city_user, year=2020) if r["line"].region == hongta
    )
    assert [q["planned"] for q in row["quarters"]] == [D(220), D(330), D("275"), D("275")]
    assert [q["actual"] for q in row["quarters"]] == [D(150), D(350), None, None]
    assert row["late_share"] == D(50)


def test_pipeline_flow_and_stage_ageing(make_project, city_user, hongta):
    a = make_project("530402", stage=Stage.RESERVE, plans={})  # into the reserve 2020-01-01
    make_project("530402", stage=Stage.RESERVE, plans={})
    StageTransition.objects.create(
        project=a, from_stage=Stage.RESERVE, to_stage=Stage.PRELIMINARY, date=date(2020, 3, 1)
    )
    StageTransition.objects.create(
        project=a, from_stage=Stage.PRELIMINARY, to_stage=Stage.NEW_START, date=date(2020, 5, 1)
    )
    flow = next(f for f in pipeline.flow(user=city_user, year=2020) if f["region"] == hongta)
    assert (flow["reserve"], flow["preliminary"], flow["new_start"]) == (2, 1, 1)
    ageing = {
        row["stage"]: row
        for row in pipeline.stage_ageing(user=city_user, on_date=date(2020, 6, 30))
    }
    reserve = ageing[Stage.RESERVE.label]
    # a: 1 Jan → 1 Mar = 60 days; b: 1 Jan → 30 Jun = 181 days (still in the reserve)
    assert (reserve["count"], reserve["max"], reserve["median"]) == (2, 181, D(121)) or reserve[
        "median"
    ] == 120.5
    assert ageing[Stage.PRELIMINARY.label]["max"] == 61  # 1 Mar → 1 May
