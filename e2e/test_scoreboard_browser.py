"""In a real Chromium at 375 px: city staff open the scoreboard, read the ranking (the table
scrolls in its own wrapper, the formula is under it) and drill into a leader's page, which
explains the score part by part."""

from decimal import Decimal

import pytest
from django.urls import reverse

from e2e.helpers import log_in
from groundbreak.reporting.models import ProjectYearSummary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_scoreboard_and_a_leaders_page_fit_a_phone(browser, live_server, portfolio,
                                                       city_user, leader_person):  # fmt: skip
    ProjectYearSummary.objects.create(
        project=portfolio["hongta_a"], year=2020, completed_ytd=Decimal(1500)
    )
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "city")
    page.goto(live_server.url + reverse("scoreboard:board") + "?year=2020")
    table = page.locator("#scoreboard-table")
    assert table.is_visible()
    assert table.get_by_text("张明").count() == 1
    assert page.locator("#formula").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    with page.expect_navigation():
        table.get_by_text("张明").click()
    # 张明 has one project: completion 1500 / 3000 = 0.5; started on time is not counted (no
    # planned start); 入库 0 of 1; no red warning: (40×0.5 + 15×0 + 10×1) ÷ 65 × 100 = 46.2.
    assert page.locator("#score-value").inner_text() == "46.2"
    assert page.locator("#subject-projects").get_by_text("玉溪大河综合治理工程").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    phone.close()
