"""In a real Chromium: city staff issue an item, 江川区 receives it and gives feedback with
evidence on a phone, city staff review and close it (办结)."""

from datetime import date

import pytest
from django.urls import reverse

from e2e.helpers import log_in
from groundbreak.dispatch import services
from groundbreak.dispatch.choices import ItemStatus
from groundbreak.reporting.tests.helpers import jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _step(page, action):
    with page.expect_navigation():
        page.click(f"#step-{action} button[type=submit]")


def test_an_item_from_issue_to_closed(browser, live_server, portfolio, city_user, leader_user,
                                      jiangchuan_user, jiangchuan, tmp_path):  # fmt: skip
    item = services.draft_item(
        by=city_user, decision="4月底前完成入库", deadline=date(2099, 4, 30),
        responsible_region=jiangchuan, projects=[portfolio["jiangchuan"]],
    )  # fmt: skip
    services.act(item, "approve", by=leader_user)
    url = live_server.url + reverse("dispatch:item_detail", args=[item.pk])

    desk = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = desk.new_page()
    log_in(page, live_server.url, "city")
    page.goto(url)
    _step(page, "issue")
    assert "玉发改督〔" in page.locator("#item-number").inner_text()
    desk.close()

    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "jiangchuan")
    page.goto(live_server.url + reverse("notifications:inbox"))
    assert page.get_by_text("4月底前完成入库").count() >= 1
    page.goto(url)
    _step(page, "receive")
    _step(page, "start")
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(jpeg())
    page.fill("#step-feedback textarea[name=note]", "已完成入库")
    page.set_input_files("#step-feedback input[name=evidence]", str(photo))
    _step(page, "feedback")
    assert page.locator("#item-steps").get_by_text("现场.jpg").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    phone.close()

    desk = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = desk.new_page()
    log_in(page, live_server.url, "city")
    page.goto(url)
    _step(page, "review")
    _step(page, "close")
    assert page.locator("#item-status").inner_text() == "已办结"
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED
    assert item.steps.count() == 7
    desk.close()
