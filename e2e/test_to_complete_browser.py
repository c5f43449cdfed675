"""The to-complete list (待补全) in a real browser: a county fills a missing owner in place,
on a phone and on a desktop."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import log_in
from groundbreak.projects.choices import Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1440])
def test_county_fills_a_missing_owner_in_place(
    live_server, browser, hongta_user, make_project, owner_unit, width
):
    make_project(stage=Stage.PRELIMINARY)  # owned: its owner is one the county may pick
    ownerless = make_project(stage=Stage.PRELIMINARY, owner_unit=None, name="红塔区待补全道路项目")
    other = make_project(region_code="530403", owner_unit=None, name="江川区待补全项目")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, "hongta")
    page.goto(f"{live_server.url}/projects/to-complete/")
    table = page.locator("#complete-table")
    expect(table).to_contain_text(ownerless.name)
    expect(table).not_to_contain_text(other.name)  # another county's
    width_now = page.evaluate("document.documentElement.scrollWidth")
    assert width_now <= width + 1, f"page is {width_now}px wide in a {width}px window"

    row = page.locator(f"#complete-{ownerless.pk}")
    expect(row.locator("td.missing")).to_contain_text("业主单位")
    row.locator(f"#id_p{ownerless.pk}-owner_unit").fill(owner_unit.name)
    row.locator("button[type=submit]").click()
    expect(page.locator(".message").first).to_contain_text("已保存")
    expect(page.locator(f"#complete-{ownerless.pk} td.missing")).not_to_contain_text("业主单位")
    ownerless.refresh_from_db()
    assert ownerless.owner_unit == owner_unit
    page.click(f"#complete-{ownerless.pk} a")
    expect(page).to_have_url(re.compile(rf"/projects/{ownerless.pk}/"))
    expect(page.locator("#missing-box")).to_contain_text("建设地点")  # still lacking
    expect(page.locator("#missing-box")).not_to_contain_text("业主单位")
    context.close()
