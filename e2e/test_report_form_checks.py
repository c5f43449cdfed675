"""The report form's live checks in a real browser, in both languages: 1-N月 = last period's +
this period's (as the README promises), since-start never falling, each message in the page's
language; and the form's script is a static file (no inline script: the coming
Content-Security-Policy forbids them)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from e2e.helpers import log_in
from groundbreak.reporting import services
from groundbreak.reporting.models import ReportingPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = Decimal

INLINE_SCRIPTS = """() => Array.from(document.scripts)
    .filter(s => !s.src && s.type !== "application/json").length"""


@pytest.fixture
def february(make_project, owner_user):
    periods = {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}
    project = make_project("530402", name="玉溪液压件厂房")
    report = services.save_report(
        project, periods[2], by=owner_user, completed_period=D(300), completed_ytd=D(300),
        completed_total=D(800),
    )  # fmt: skip
    services.submit_report(report, by=owner_user, version=report.version)
    return periods, project


def open_form(browser, live_server, language, url):
    context = browser.new_context()
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    log_in(page, live_server.url, "owner")
    page.goto(f"{live_server.url}{url}")
    return context, page


@pytest.mark.parametrize(
    ("language", "ytd_message", "total_message"),
    [
        ("en", "This year's figure should be 500", "cannot fall below last period's"),
        ("zh-hans", "本年累计应为500", "不能低于上期"),
    ],
)
def test_the_live_checks_follow_the_statistics_rule_and_the_language(
    live_server, browser, february, owner_user, language, ytd_message, total_message
):
    periods, project = february
    context, page = open_form(
        browser, live_server, language, f"/reports/fill/{project.pk}/{periods[3].pk}/"
    )
    assert page.evaluate(INLINE_SCRIPTS) == 0
    check = page.locator("#live-check")
    page.fill("#id_completed_period", "200")
    expect(page.locator("#id_completed_ytd")).to_have_value("500")
    expect(check).to_be_hidden()
    page.fill("#id_completed_ytd", "450")  # not 300 + 200
    expect(check).to_be_visible()
    expect(check).to_contain_text(ytd_message)
    page.fill("#id_completed_ytd", "500")
    expect(check).to_be_hidden()
    page.fill("#id_completed_total", "700")  # below last period's 800
    expect(check).to_contain_text(total_message)
    context.close()


def test_the_report_list_and_fill_list_have_no_inline_script(
    live_server, browser, february, owner_user
):
    periods, _project = february
    context, page = open_form(browser, live_server, "en", "/reports/")
    assert page.evaluate(INLINE_SCRIPTS) == 0
    page.goto(f"{live_server.url}/reports/fill/?period={periods[2].pk}")
    assert page.evaluate(INLINE_SCRIPTS) == 0
    page.select_option("#id_period_pick", str(periods[3].pk))  # the picker still submits
    expect(page).to_have_url(f"{live_server.url}/reports/fill/?period={periods[3].pk}")
    context.close()
