"""Work owed is never hidden behind a newer period: after the owner handed in two of four April
reports (May open), the two April reports still owed are listed, the lists open on April, the
landing page leads to them, and the May form says that April is missing."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groundbreak.reporting import selectors, services
from groundbreak.reporting.tests.helpers import fill


@pytest.fixture
def in_may(monkeypatch):
    """Today is 10 May 2020: April's deadline (25 April) has passed, May is open."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2020, 5, 10))


@pytest.fixture
def april(make_project, periods, owner_user, hongta_user, in_may):
    projects = [make_project("530402", name=f"四月项目{n}") for n in range(4)]
    for project in projects:
        ytd = 0
        for month in (2, 3, 4) if project in projects[:2] else (2, 3):
            ytd += 100
            report = fill(project, periods[month], owner_user, 100, ytd, ytd)
            report = services.submit_report(report, by=owner_user, version=report.version)
            if month < 4:  # the county has reviewed what came before April
                services.approve_report(report, by=hongta_user, version=report.version)
    return projects


def test_the_default_period_is_never_one_ahead_of_work_owed(
    april, periods, owner_user, hongta_user, jiangchuan_user
):
    assert selectors.default_period(owner_user) == periods[4]
    assert selectors.default_period(hongta_user) == periods[4]  # April to review and to chase
    assert selectors.default_period(jiangchuan_user) == periods[5]  # owes nothing: May, open
    assert selectors.default_period() == periods[5]  # never June, not begun


def test_the_fill_page_lists_everything_owed_oldest_first(april, periods, owner_user):
    client = Client()
    client.force_login(owner_user)
    page = client.get(reverse("reporting:fill_list")).content.decode()
    assert "2020年4月" in page
    for project in april[2:]:
        assert f'data-project="{project.pk}"' in page
    may = client.get(reverse("reporting:fill_list"), {"period": "2020-05"}).content.decode()
    owed = may[may.index('id="owed"') : may.index("</section>", may.index('id="owed"'))]
    assert all(project.name in owed for project in april[2:])
    assert not any(project.name in owed for project in april[:2])
    rows = selectors.owed_reports(owner_user)
    assert [(r["period"].last_month, r["project"]) for r in rows] == [
        (4, april[2]), (4, april[3]), (5, april[0]), (5, april[1]), (5, april[2]), (5, april[3]),
    ]  # fmt: skip


def test_the_landing_page_and_the_report_list_open_on_the_work_owed(april, periods, owner_user):
    client = Client()
    client.force_login(owner_user)
    assert client.get("/").url == reverse("reporting:fill_list")
    listing = client.get(reverse("reporting:report_list")).content.decode()
    assert f'<option value="{periods[4].pk}" selected>' in listing


def test_the_prefill_says_the_previous_periods_report_is_missing(april, periods, owner_user):
    client = Client()
    client.force_login(owner_user)
    url = reverse("reporting:fill_report", args=[april[2].pk, periods[5].pk])
    page = client.get(url).content.decode()
    assert 'id="prefill-gap"' in page and "2020年4月" in page and "2020年3月" in page
    complete = reverse("reporting:fill_report", args=[april[0].pk, periods[5].pk])
    assert 'id="prefill-gap"' not in client.get(complete).content.decode()
