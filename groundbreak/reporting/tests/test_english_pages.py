"""The reporting pages in English: units (10k yuan), period names (Apr 2020, Jan–Feb 2020),
the form's live-check messages and the statistics' divergence reasons in the reader's
language, nothing left in Chinese that has an English form."""

import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from groundbreak.reporting import services, statistics
from groundbreak.reporting.models import DivergenceReason
from groundbreak.reporting.tests.helpers import fill

D = Decimal


@pytest.fixture
def english(owner_user):
    client = Client()
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def reports(project, periods, owner_user, hongta_user, city_user):
    february = fill(project, periods[2], owner_user, 300, 300, 800, progress_text="基础施工")
    february = services.submit_report(february, by=owner_user, version=february.version)
    figure = statistics.record_statistics_figure(
        project, periods[2], by=city_user, completed_ytd=D(200)
    )
    statistics.explain_divergence(
        figure, by=city_user, version=figure.version, reason=DivergenceReason.PAYMENT_LAG
    )
    return february


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_period_names_have_english_forms(periods):
    with translation.override("en"):
        assert (str(periods[2]), str(periods[4])) == ("Jan–Feb 2020", "Apr 2020")
    with translation.override("zh-hans"):
        assert (str(periods[2]), str(periods[4])) == ("2020年1-2月", "2020年4月")


def test_the_report_pages_in_english(english, reports, project, periods, owner_user, city_user):
    listing = page(english, city_user, reverse("reporting:report_list"), period=periods[2].pk)
    assert "Jan–Feb 2020" in listing and "10k yuan" in listing
    assert "万元" not in listing and "2020年" not in listing
    detail = page(english, city_user, reports.get_absolute_url())
    assert "Jan–Feb 2020" in detail and "Financial payment lags the works" in detail
    assert "万元" not in detail
    fill_list = page(english, owner_user, reverse("reporting:fill_list"), period=periods[3].pk)
    assert "Mar 2020" in fill_list and "万元" not in fill_list
    two = page(english, city_user, reverse("reporting:statistics"), period=periods[2].pk)
    assert "Financial payment lags the works" in two and "万元" not in two


def test_the_form_and_its_live_checks_in_english(english, reports, project, periods, owner_user):
    url = reverse("reporting:fill_report", args=[project.pk, periods[3].pk])
    form = page(english, owner_user, url)
    assert "Mar 2020" in form and "Completed in the period (10k yuan)" in form
    assert "万元" not in form
    assert live_messages(form)["ytd"].startswith(
        "This year's figure should be %(expected)s × 10k yuan"
    )
    chinese = page(Client(), owner_user, url)
    assert live_messages(chinese)["ytd"].startswith("本年累计应为") and "2020年3月" in chinese


def live_messages(html):
    found = re.search(r'<script id="live-check-messages" type="application/json">(.*?)</script>',
                      html, re.S)  # fmt: skip
    return json.loads(found.group(1))


def test_a_return_reason_from_the_list_is_read_in_each_readers_language(
    reports, project, periods, owner_user, hongta_user
):
    county = Client()  # the county works in Chinese
    county.force_login(hongta_user)
    url = reverse("reporting:report_action", args=[reports.pk, "return"])
    county.post(url, {"version": reports.version, "listed": "evidence"})
    reports.refresh_from_db()
    assert (reports.status, reports.review_note) == ("returned", "evidence")
    form = reverse("reporting:fill_report", args=[project.pk, periods[2].pk])
    english = Client()
    english.cookies["django_language"] = "en"
    assert "Evidence missing or unclear" in page(english, owner_user, form)
    assert "佐证材料缺失或不清晰" in page(Client(), owner_user, form)
