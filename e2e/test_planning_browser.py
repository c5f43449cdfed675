"""The city follows 红塔区's gap on the accounts page to the projects that would close it, and
on to a project; the accounts page fits a phone's width."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_city_drills_from_the_gap_to_the_projects_behind_it(
    live_server, page, make_project, city_user, hongta
):
    from groundbreak.planning import services
    from groundbreak.projects.choices import Stage
    from groundbreak.reporting.models import ReportingPeriod

    ReportingPeriod.periods_for_year(2020)
    make_project("530402", name="红塔区续建道路", total="5000", plans={2020: "1000"},
                 stage=Stage.CONTINUING, actual_start=date(2019, 5, 1))  # fmt: skip
    waiting = make_project("530402", name="红塔区储备产业园", total="9000", plans={2020: "3000"},
                           stage=Stage.RESERVE)  # fmt: skip
    services.set_target(hongta, 2020, by=city_user, base_amount=Decimal(4000))  # 4,400 target

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/planning/?year=2020&month=3")
    page.fill("#id_username", "city")
    page.fill("#id_password", "secret-pass-123")
    page.click("button[type=submit].primary")
    line = page.locator("#line-530402")
    # stock 1,000 + increment 3,000 × 20 % = 1,600: a gap of 2,800万元 = 0.28亿元
    expect(line.locator("a.gap")).to_have_text("0.28")
    line.locator("a.gap").click()
    expect(page).to_have_url(re.compile(r"/planning/close-the-gap/"))
    closing = page.locator("#closing")
    expect(closing).to_contain_text("红塔区储备产业园")
    expect(closing).to_contain_text("2,400.00")  # 3,000 − 600 counted already
    closing.get_by_role("link", name="红塔区储备产业园").click()
    expect(page).to_have_url(re.compile(rf"/projects/{waiting.pk}/$"))

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/planning/?year=2020&month=3")
    line = page.locator("#line-530402")
    line.locator("a.drill-stock").click()
    expect(page.locator("#line-projects")).to_contain_text("红塔区续建道路")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1  # the table scrolls in its wrapper, not the page
