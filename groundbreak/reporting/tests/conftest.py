import pytest

from groundbreak.projects.choices import Stage
from groundbreak.reporting.models import ReportingPeriod


@pytest.fixture
def periods(db):
    """2020's eleven periods by their last month: periods[2] is 1-2月, periods[3] is 3月."""
    return {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}


@pytest.fixture
def project(make_project):
    """红塔区, started 25 Feb 2020, 12,000万 total, 3,000万 planned for 2020, the owner's."""
    return make_project("530402", stage=Stage.NEW_START)
