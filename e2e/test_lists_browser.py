"""In a real Chromium at 375 px: an owner raises a problem in the monthly report form, and the
county sees it in its problems list."""

import pytest
from django.urls import reverse

from e2e.helpers import log_in
from groundbreak.lists.models import Problem
from groundbreak.reporting.models import ReportingPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_raises_a_problem_on_a_phone_and_the_county_sees_it(
    browser, live_server, portfolio, owner_user, hongta_user
):
    project = portfolio["hongta_a"]
    march = {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}[3]
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "owner")
    page.goto(live_server.url + reverse("reporting:fill_report", args=[project.pk, march.pk]))
    section = page.locator("#fill-problems")
    section.scroll_into_view_if_needed()
    assert section.is_visible()
    # The section fits the phone's width: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("#id_completed_period", "200")
    page.fill("#id_completed_ytd", "200")
    page.fill("#id_completed_total", "700")
    page.fill("#id_new_problem_description", "施工用电未接入，需协调增容")
    page.select_option("#id_new_problem_category", "utilities")
    with page.expect_navigation():
        page.click("#save-draft")
    problem = Problem.objects.get()
    assert problem.raised_by == owner_user and problem.report is not None
    phone.close()

    desk = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = desk.new_page()
    log_in(page, live_server.url, "hongta")
    page.goto(live_server.url + reverse("lists:problem_list"))
    assert page.locator("#problem-table").get_by_text("施工用电未接入").count() == 1
    with page.expect_navigation():
        page.locator("#problem-table a", has_text="施工用电未接入").click()
    assert page.locator("#action-accept").is_visible()
    desk.close()
