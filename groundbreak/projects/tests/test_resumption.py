"""The resumption rate (复工率) by county and by sector on any date."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from groundbreak.projects import services
from groundbreak.projects.choices import Stage, WorkStatusKind
from groundbreak.projects.selectors import resumption_rates
from groundbreak.regions.models import Sector


@pytest.fixture
def sites(make_project, city_user):
    """Three projects under construction: one stops and resumes, one stops and stays, one never stops."""
    resumed = make_project("530402", stage=Stage.CONTINUING, actual_start=date(2019, 5, 1))
    stuck = make_project(
        "530403",
        stage=Stage.CONTINUING,
        actual_start=date(2019, 5, 1),
        sector=Sector.objects.get(code="C"),
    )
    steady = make_project("530402", stage=Stage.CONTINUING, actual_start=date(2019, 5, 1))
    make_project("530402", stage=Stage.PRELIMINARY)  # not under construction: not counted
    for project in (resumed, stuck):
        services.record_work_status(
            project,
            by=city_user,
            kind=WorkStatusKind.SUSPENDED,
            date=date(2020, 1, 20),
            reason="epidemic",
        )
    services.record_work_status(
        resumed,
        by=city_user,
        kind=WorkStatusKind.RESUMED,
        date=date(2020, 2, 15),
        workers_on_site=150,
    )
    return resumed, stuck, steady


def test_rate_by_county_before_and_after_resumption(sites, city_user):
    rows, total = resumption_rates(city_user, date(2020, 2, 1))
    assert (total.under_construction, total.still_suspended, total.working) == (3, 2, 1)
    rows, total = resumption_rates(city_user, date(2020, 2, 29))
    assert (total.stopped, total.resumed, total.still_suspended, total.workers) == (2, 1, 1, 150)
    assert total.rate == Decimal(200) / Decimal(3)
    by_county = {row.label: (row.under_construction, row.working) for row in rows}
    assert by_county == {"红塔区": (2, 2), "江川区": (1, 0)}


def test_rate_by_sector(sites, city_user):
    rows, _total = resumption_rates(city_user, date(2020, 2, 29), group_by="sector")
    assert {row.label.split()[0]: row.working for row in rows} == {"C": 0, "E": 2}


def test_projects_started_after_the_date_are_not_counted(sites, city_user):
    _rows, total = resumption_rates(city_user, date(2019, 4, 1))
    assert total.under_construction == 0 and total.rate is None


def test_county_sees_only_its_own_rate(client, sites, hongta_user):
    client.force_login(hongta_user)
    response = client.get(reverse("projects:resumption"), {"date": "2020-02-29"})
    assert response.context["total"].under_construction == 2
    assert "江川区" not in response.content.decode()
