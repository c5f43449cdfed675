"""`groundbreak open_periods YEAR`: the year's eleven periods, once."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from groundbreak.reporting.models import ReportingPeriod


def test_a_year_is_opened_once_with_its_deadlines(db, capsys):
    call_command("open_periods", "2027", "--deadline-day", "20")
    periods = list(ReportingPeriod.objects.filter(year=2027))
    assert len(periods) == 11 and periods[0].deadline == date(2027, 2, 20)
    assert "11 periods created, 0 kept" in capsys.readouterr().out
    call_command("open_periods", "2027")
    assert ReportingPeriod.objects.filter(year=2027).count() == 11
    assert "0 periods created, 11 kept" in capsys.readouterr().out
    assert ReportingPeriod.objects.get(year=2027, last_month=3).deadline == date(2027, 3, 20)


def test_a_short_month_is_due_on_its_last_day(db):
    call_command("open_periods", "2028", "--deadline-day", "31")
    assert ReportingPeriod.objects.get(year=2028, last_month=2).deadline == date(2028, 2, 29)


@pytest.mark.parametrize("args", [["1999"], ["2027", "--deadline-day", "0"]])
def test_nonsense_is_refused(db, args):
    with pytest.raises(CommandError):
        call_command("open_periods", *args)
    assert not ReportingPeriod.objects.exists()
