"""Construction periods (建设年限) as published lists write them: read where they say dates,
warned of and never refused where they do not."""

from datetime import date

import pytest
from django.utils import translation

from groundbreak.projects.importing.periods import read_period
from groundbreak.projects.importing.values import PartialDate


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2020-2022", date(2020, 1, 1), date(2022, 12, 31)),
        ("2020.03-2022.12", date(2020, 3, 1), date(2022, 12, 31)),
        ("2020年3月至2022年12月", date(2020, 3, 1), date(2022, 12, 31)),
        ("2020-2022年", date(2020, 1, 1), date(2022, 12, 31)),
        ("2020年—2022年", date(2020, 1, 1), date(2022, 12, 31)),
        ("２０２０～２０２２", date(2020, 1, 1), date(2022, 12, 31)),
        # one year is that year, not a duration of 2020 years
        ("2020年", date(2020, 1, 1), date(2020, 12, 31)),
        ("2020", date(2020, 1, 1), date(2020, 12, 31)),
    ],
)
def test_spans_give_both_dates_without_warning(text, start, end):
    period = read_period(text, plan_year=2020)
    assert (period.start, period.end, period.warning) == (start, end, "")


@pytest.mark.parametrize(
    "text, end",
    [
        ("建设工期3年", date(2022, 12, 31)),
        ("工期36个月", date(2022, 12, 31)),
        ("建设期2年", date(2021, 12, 31)),
        ("建设周期18个月", date(2021, 6, 30)),
        ("工期两年", date(2021, 12, 31)),
    ],
)
def test_a_duration_counts_from_the_plan_year(text, end):
    period = read_period(text, plan_year=2020)
    assert (period.start, period.end) == (date(2020, 1, 1), end)
    assert text in period.warning and "counted from 2020" in period.warning


def test_a_duration_counts_from_the_rows_planned_start():
    period = read_period(
        "工期36个月", start=PartialDate(2021, 4, 1, precision="month"), plan_year=2020
    )
    # the row's own start stays; only the completion is derived
    assert period.start is None and period.end == date(2024, 3, 31)
    assert "2021-04" in period.warning and "2024-03" in period.warning


def test_a_start_alone_gives_the_start_only():
    period = read_period("2020年开工", plan_year=2021)
    assert (period.start, period.end, period.warning) == (date(2020, 1, 1), None, "")
    assert read_period("2020年5月开工", plan_year=2021).start == date(2020, 5, 1)


def test_continuing_gives_no_dates_and_says_so():
    period = read_period("续建", plan_year=2020)
    assert (period.start, period.end) == (None, None)
    assert "续建" in period.warning and "continuing" in period.warning


@pytest.mark.parametrize("text", ["明年", "2020.13-2021.01", "待定", "视资金到位情况"])
def test_anything_else_is_a_warning_quoting_the_text_never_a_refusal(text):
    period = read_period(text, plan_year=2020)
    assert (period.start, period.end) == (None, None)
    assert text in period.warning


def test_blank_says_nothing():
    assert read_period("", plan_year=2020) == read_period("  ", plan_year=2020)
    assert read_period("", plan_year=2020).warning == ""


@pytest.mark.parametrize("text", ["工期100年", "建设期999个月"])
def test_a_duration_no_list_means_is_a_warning_not_a_date(text):
    period = read_period(text, plan_year=2020)
    assert (period.start, period.end) == (None, None)
    assert text in period.warning
