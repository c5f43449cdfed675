import pytest
from django.utils import translation

from groundbreak.lists import services
from groundbreak.reporting.models import ReportingPeriod


@pytest.fixture
def periods(db):
    return {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}


@pytest.fixture
def users(
    city_user, hongta_user, jiangchuan_user, dept_user, owner_user, leader_user, auditor_user
):
    return {"city": city_user, "hongta": hongta_user, "jiangchuan": jiangchuan_user,
            "dept": dept_user, "owner": owner_user, "leader": leader_user,
            "auditor": auditor_user}  # fmt: skip


@pytest.fixture
def project(portfolio):
    """红塔区: the owner's project, the department's and the leader's."""
    return portfolio["hongta_a"]


@pytest.fixture
def raised(project, owner_user):
    """A problem the owner raised."""
    return services.raise_problem(
        project, by=owner_user, category="land", description="用地指标未落实",
        responsible_unit="红塔区自然资源局",
    )  # fmt: skip


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in their English msgids."""
    with translation.override("en"):
        yield
