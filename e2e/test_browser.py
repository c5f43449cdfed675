"""One walk through the app in a real browser: log in, filter, open a project, switch language."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_user_filters_opens_a_project_and_switches_language(
    live_server, page, portfolio, hongta_user
):
    page.goto(f"{live_server.url}/projects/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.fill("#id_username", "hongta")
    page.fill("#id_password", "secret-pass-123")
    page.click("button[type=submit].primary")

    table = page.locator("#project-table")
    expect(table).to_contain_text(portfolio["hongta_a"].name)
    expect(table).to_contain_text(portfolio["hongta_b"].name)
    expect(table).not_to_contain_text(portfolio["jiangchuan"].name)  # another county

    page.fill("#id_q", "yxdh")  # pinyin initials of 玉溪大河…
    page.click("#project-filters button[type=submit]")
    expect(page.locator("#project-table tbody tr")).to_have_count(1)
    expect(page.locator("#list-summary")).to_contain_text("1")

    page.click(f"text={portfolio['hongta_a'].name}")
    expect(page.locator("h1")).to_have_text(portfolio["hongta_a"].name)
    expect(page.locator("#timeline")).to_contain_text("新开工")
    expect(page.locator("#history")).to_contain_text("修改记录")

    page.click("button[data-lang=en]")
    expect(page.locator("#history")).to_contain_text("Change history")
    expect(page.locator("#timeline")).to_contain_text("New start")
    page.click("button[data-lang=zh-hans]")
    expect(page.locator("#timeline")).to_contain_text("新开工")


def test_owner_reads_on_a_phone_sized_window_without_edit_buttons(
    live_server, browser, portfolio, owner_user
):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, live_server.url, "owner")
    expect(page.locator("#project-table")).to_contain_text(portfolio["hongta_a"].name)
    page.goto(f"{live_server.url}/projects/{portfolio['jiangchuan'].pk}/")
    expect(page.locator("h1")).to_have_text("页面不存在")
    page.goto(f"{live_server.url}/projects/{portfolio['hongta_a'].pk}/")
    expect(page.get_by_role("link", name="编辑")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"page is {width}px wide on a 375px phone"
    context.close()


def test_county_imports_a_messy_workbook_with_preview_and_confirm(
    live_server, page, hongta_user, tmp_path
):
    from decimal import Decimal

    from groundbreak.imports.tests import corpus
    from groundbreak.projects.models import Project

    sample = corpus.sample("sections_and_subtotals")
    path = tmp_path / sample.filename
    path.write_bytes(sample.content)
    log_in(page, live_server.url, "hongta")
    page.click("#nav-imports")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")

    totals = page.locator("#import-totals")
    expect(totals).to_contain_text(str(sample.expected.rows))
    expect(page.locator("#import-total")).to_contain_text(
        f"{sample.expected.total_investment:,.2f}"
    )
    expect(page.locator("#checks")).to_contain_text("小计")
    assert not Project.objects.exists()  # nothing before the confirmation

    page.click("#confirm-form button[type=submit]")
    expect(page.locator("#applied")).to_be_visible()
    assert Project.objects.count() == sample.expected.rows
    assert sum(p.total_investment for p in Project.objects.all()) == Decimal(
        sample.expected.total_investment
    )
    page.goto(f"{live_server.url}/projects/")
    expect(page.locator("#list-summary")).to_contain_text(str(sample.expected.rows))


def test_an_import_preview_reads_on_a_phone_with_its_checks_and_choices(
    live_server, browser, hongta_user, make_project, tmp_path
):
    """At 375 px: a 合计 of 182,482,407.00 万元 in two columns and the names to match scroll
    inside their own boxes, and a name asked about keeps its width (the choice sits under it)."""
    import xlsxwriter

    make_project("530402", name="红塔区大营街供水工程项目")
    path = tmp_path / "红塔区清单.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["序号", "项目名称", "总投资（万元）", "2021年计划投资（万元）"])
    sheet.write_row(1, 0, [1, "红塔区大营街供水工程项目（二期）", 182482000, 45231000])
    sheet.write_row(2, 0, [2, "红塔区全新建设项目", 407, 167])
    sheet.write_row(3, 0, ["合计", "", 182482407, 45231167])
    book.close()

    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, live_server.url, "hongta")
    page.goto(f"{live_server.url}/imports/")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#checks")).to_contain_text("182,482,407.00")
    expect(page.locator("#choose-form")).to_contain_text("红塔区大营街供水工程项目（二期）")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"page is {width}px wide on a 375px phone"
    name = page.locator("#choose-form td div").first.bounding_box()
    assert name["width"] > 200, name  # the name reads on a line or two, not a character a line
    page.select_option("select[name=match_2]", "new")
    page.click("#choose-form button[type=submit]")
    expect(page.locator("#confirm-form")).to_be_visible()
    context.close()
