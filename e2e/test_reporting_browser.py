"""The month's report in a real browser: an owner on a 375 px phone fills one project from last
month's figures and reports another with "无变化"; the county returns and approves; the city
locks and corrects, and the correction shows in the history."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from e2e.helpers import log_in
from groundbreak.reporting import services
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = Decimal


@pytest.fixture
def february_reports(make_project, owner_user):
    periods = {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}
    filled = make_project("530402", name="玉溪液压件厂房")
    quiet = make_project("530402", name="玉溪冷链仓储")
    for project, amount in ((filled, 300), (quiet, 120)):
        report = services.save_report(
            project, periods[2], by=owner_user, completed_period=D(amount),
            completed_ytd=D(amount), completed_total=D(amount + 500), progress_text="基础施工完成",
            workers_on_site=35,
        )  # fmt: skip
        services.submit_report(report, by=owner_user, version=report.version)
    return periods, filled, quiet


def assert_fits(page, width=375):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, f"page is {scroll}px wide on a {width}px phone"


def test_owner_fills_on_a_phone_county_reviews_city_locks_and_corrects(
    live_server, browser, february_reports, owner_user, hongta_user, city_user
):
    periods, filled, quiet = february_reports
    phone = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = phone.new_page()
    log_in(page, live_server.url, "owner")
    page.goto(f"{live_server.url}/reports/fill/?period={periods[3].pk}")
    cards = page.locator("#fill-list")
    expect(cards).to_contain_text("玉溪液压件厂房")
    expect(cards).to_contain_text("玉溪冷链仓储")
    assert_fits(page)

    # One project: opened from February, only this month's figure typed in.
    page.locator(f"li[data-project='{filled.pk}'] a.fill").click()
    expect(page.locator("#prefilled-from")).to_contain_text("1-2月")
    expect(page.locator("#id_progress_text")).to_have_value("基础施工完成")
    expect(page.locator("#id_workers_on_site")).to_have_value("35")
    assert_fits(page)
    page.fill("#id_completed_period", "200")
    expect(page.locator("#id_completed_ytd")).to_have_value("500")
    expect(page.locator("#id_completed_total")).to_have_value("1000")
    page.fill("#id_completed_total", "700")  # live check: below last period's 800
    expect(page.locator("#live-check")).to_be_visible()
    page.fill("#id_completed_period", "200")
    expect(page.locator("#live-check")).to_be_hidden()
    page.fill("#id_progress_text", "主体结构施工至第3层")
    page.click("#submit-report")
    expect(page.locator(".message")).to_contain_text("已报送")

    # The other: nothing new, one tap.
    page.locator(f"li[data-project='{quiet.pk}'] button.no-change").click()
    expect(page.locator(f"li[data-project='{quiet.pk}'] .status")).to_have_text("已提交")
    carried = MonthlyReport.objects.get(project=quiet, period=periods[3])
    assert (carried.completed_period, carried.completed_ytd, carried.completed_total) == (
        D(0), D(120), D(620),
    )  # fmt: skip
    assert carried.progress_text == "基础施工完成"

    report = MonthlyReport.objects.get(project=filled, period=periods[3])
    assert report.status == ReportStatus.SUBMITTED and report.completed_ytd == D(500)

    # The county returns it with a reason; the owner sees the reason and hands it in again.
    desk = browser.new_context()
    county = desk.new_page()
    log_in(county, live_server.url, "hongta")
    county.goto(f"{live_server.url}/reports/{report.pk}/")
    county.fill("#id_reason", "请补充形象进度照片说明")
    county.click("#return")
    expect(county.locator("#report-status")).to_have_text("已退回")

    page.goto(f"{live_server.url}/reports/fill/?period={periods[3].pk}")
    expect(page.locator(f"li[data-project='{filled.pk}']")).to_contain_text(
        "请补充形象进度照片说明"
    )
    page.locator(f"li[data-project='{filled.pk}'] a.fill").click()
    expect(page.locator("#return-reason")).to_contain_text("请补充形象进度照片说明")
    page.fill("#id_progress_text", "主体结构施工至第3层，塔吊2台")
    page.click("#submit-report")
    expect(page.locator(".message")).to_contain_text("已报送")

    county.reload()
    county.click("#approve")
    expect(county.locator("#report-status")).to_have_text("已审核")
    desk.close()

    # The city locks, then corrects with a reason that the owner reads in the history.
    office = browser.new_context()
    city = office.new_page()
    log_in(city, live_server.url, "city")
    city.goto(f"{live_server.url}/reports/{report.pk}/")
    city.click("#lock")
    expect(city.locator("#report-status")).to_have_text("已锁定")
    city.click("#correction summary")
    city.fill("#id_completed_period", "180")
    city.fill("#id_completed_ytd", "480")
    city.fill("#id_completed_total", "980")
    city.fill("#id_reason", "按财务支出核减")
    city.click("#correct")
    expect(city.locator("#history")).to_contain_text("按财务支出核减")
    office.close()

    page.goto(f"{live_server.url}/reports/{report.pk}/")
    history = page.locator("#history")
    expect(history).to_contain_text("按财务支出核减")
    expect(history).to_contain_text("500")
    expect(history).to_contain_text("480")
    assert_fits(page)
    phone.close()
