"""Funding gaps and the use of funds against hand-computed figures (万元).

A (江川, sector E): total 12,000; government 2,000 + bonds 3,000 secured → gap 7,000; plan
2020 3,000; received in 2020 1,000 (bond, 10 Jan) + 500 (other, 1 May) → this year's gap
1,500. A 2019 bond receipt of 800 (1 Jun 2019) does not count for 2020. Bond payments 600
(1 Dec 2019) + 700 (1 Feb 2020) = 1,300 cover the 800 of 2019 and 500 of January: 500 of
January's bond money is unused.
B (江川, E): total 800, all enterprise funds → gap 0; plan 200, nothing received → 200.
C (红塔, sector C): total 5,000, no funding field given → gap 5,000; plan 1,250 → 1,250.
"""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from groundbreak.alerts.engine import evaluate
from groundbreak.alerts.models import Warning
from groundbreak.finance import rules, selectors, services
from groundbreak.finance.models import Channel
from groundbreak.regions.models import Sector
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod

D = Decimal


@pytest.fixture
def three(make_project, bond, city_user):
    a = make_project("530403", total="12000", funding_government=D(2000), funding_bonds=D(3000))
    b = make_project("530403", total="800", funding_enterprise=D(800))
    c = make_project("530402", total="5000", sector=Sector.objects.get(code="C"))
    other = Channel.objects.get(code="city_cultivation_fund")
    for kind, day, amount, channel in [
        ("received", date(2019, 6, 1), 800, bond),
        ("paid", date(2019, 12, 1), 600, bond),
        ("received", date(2020, 1, 10), 1000, bond),
        ("paid", date(2020, 2, 1), 700, bond),
        ("received", date(2020, 5, 1), 500, other),
    ]:
        services.record_movement(
            a, by=city_user, kind=kind, date=day, amount=D(amount), channel=channel
        )
    return a, b, c


def test_each_projects_gap_and_this_years_gap(three, city_user):
    a, b, c = three
    rows = {p.pk: p for p in selectors.funding_gaps(user=city_user, year=2020)}
    assert (rows[a.pk].secured, rows[a.pk].gap, rows[a.pk].in_hand, rows[a.pk].year_gap) == (
        D(5000), D(7000), D(1500), D(1500))  # fmt: skip
    assert (rows[b.pk].gap, rows[b.pk].year_gap) == (D(0), D(200))
    assert (rows[c.pk].gap, rows[c.pk].year_gap, rows[c.pk].funding_unknown) == (
        D(5000),
        D(1250),
        True,
    )
    assert rows[a.pk].funding_unknown is False
    # 2019 reads its own year: A's plan of 2019 is absent, its 800 received is in hand.
    a19 = {p.pk: p for p in selectors.funding_gaps(user=city_user, year=2019, only_gaps=False)}[
        a.pk
    ]
    assert (a19.in_hand, a19.year_gap) == (D(800), D(0))


def test_gaps_summed_per_county_and_sector(three, city_user):
    rows = selectors.funding_gaps(user=city_user, year=2020)
    assert selectors.gap_totals(rows, "region") == [("江川区", 2, D(7000), D(1700)),
                                                    ("红塔区", 1, D(5000), D(1250))]  # fmt: skip
    by_sector = {name: (n, g, y) for name, n, g, y in selectors.gap_totals(rows, "sector")}
    assert by_sector[Sector.objects.get(code="E").name] == (2, D(7000), D(1700))
    assert by_sector[Sector.objects.get(code="C").name] == (1, D(5000), D(1250))


def test_a_county_sees_only_its_own_gaps(three, jiangchuan_user):
    a, b, c = three
    assert {p.pk for p in selectors.funding_gaps(user=jiangchuan_user, year=2020)} == {a.pk, b.pk}


def test_the_gap_list_exports_to_xlsx_as_shown(three, client, city_user):
    client.force_login(city_user)
    answer = client.get("/finance/gaps/export/?year=2020")
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    header = [c.value for c in sheet[3]]
    rows = {
        r[3]: dict(zip(header, r, strict=False))
        for r in sheet.iter_rows(min_row=4, values_only=True)
        if r[2]
    }
    gap, year_gap = header[6], header[9]
    assert rows[three[0].name][gap] == 7000 and rows[three[0].name][year_gap] == 1500
    assert rows[three[2].name][gap] == 5000 and len(rows) == 3


def test_use_of_funds_per_project(three, city_user):
    a = three[0]
    (row,) = selectors.fund_use(user=city_user, year=2020, on_date=date(2020, 12, 31))
    assert row["project"] == a
    assert (row["received"], row["paid"], row["received_year"], row["paid_year"], row["in_hand"]) == (
        D(2300), D(1300), D(1500), D(700), D(1000))  # fmt: skip
    assert (row["bond_unused"], row["bond_since"]) == (D(500), date(2020, 1, 10))


def test_oldest_unused_bond_money_first_in_first_out():
    receipts = [(date(2019, 6, 1), D(800)), (date(2020, 1, 10), D(1000))]
    assert rules.oldest_unused(receipts, D(0)) == (date(2019, 6, 1), D(1800))
    assert rules.oldest_unused(receipts, D(800)) == (date(2020, 1, 10), D(1000))
    assert rules.oldest_unused(receipts, D(1300)) == (date(2020, 1, 10), D(500))
    assert rules.oldest_unused(receipts, D(1800)) == (None, D(0))


@pytest.mark.parametrize(("on", "months", "level"), [
    (date(2019, 12, 15), 6, 1),  # 200 of June's 800 unused for six months
    (date(2020, 7, 9), 5, 0),  # 500 of 10 January's money: five whole months
    (date(2020, 7, 10), 6, 1),
    (date(2020, 10, 10), 9, 2),
    (date(2021, 1, 10), 12, 3),
])  # fmt: skip
def test_bond_money_unused_beyond_its_window(three, on, months, level):
    a = three[0]
    (m,) = rules.measure_bond_unused(on, [a.pk])
    assert m.value == months
    evaluate(on, [a.pk])
    found = Warning.objects.filter(rule__kind="bond_unused", project=a, level__gt=0)
    assert [w.level for w in found] == ([level] if level else [])


def test_payments_ahead_of_reported_progress(three):
    a = three[0]
    (m,) = rules.measure_payments_ahead(date(2020, 4, 3), [a.pk])
    assert m.value == D(100)  # 1,300 paid, nothing reported
    period = {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}[3]
    MonthlyReport.objects.create(project=a, period=period, completed_period=D(1000),
                                 completed_ytd=D(1000), completed_total=D(1000), status="submitted")  # fmt: skip
    (m,) = rules.measure_payments_ahead(date(2020, 4, 3), [a.pk])
    assert m.value == D("23.1")  # (1,300 − 1,000) ÷ 1,300
    evaluate(date(2020, 4, 3), [a.pk])
    assert Warning.objects.get(rule__kind="payments_ahead", project=a).level == 1
    (m,) = rules.measure_payments_ahead(date(2020, 2, 15), [a.pk])
    assert m.value == D(100)  # March's report is not yet in on 15 February
