"""The cockpit in a browser: every role opens its own at 1440 and 375 px (screenshots kept in
GROUNDBREAK_SCREENSHOTS), the city's figures are the database's, a click on a county of the map
opens its lagging projects and a click on the red count opens those warnings."""

import os
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from e2e.helpers import log_in
from groundbreak.cockpit.tests.conftest import march as march  # noqa: F401 — the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("GROUNDBREAK_SCREENSHOTS")
ROLES = ["city", "hongta", "jiangchuan", "dept", "owner", "leader", "auditor"]
JIANGCHUAN_CENTRE = [102.75, 24.29]

FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def shoot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/cockpit-{name}.png", full_page=True)


@pytest.fixture
def users(city_user, hongta_user, jiangchuan_user, dept_user, owner_user, leader_user,
          auditor_user):  # fmt: skip
    return dict(zip(ROLES, [city_user, hongta_user, jiangchuan_user, dept_user, owner_user,
                            leader_user, auditor_user], strict=True))  # fmt: skip


def test_every_role_opens_its_cockpit_at_desk_and_phone_width(live_server, browser, users, march):
    a = march["hongta_a"]
    a.latitude, a.longitude = Decimal("24.35"), Decimal("102.54")
    a.save()
    problems = []
    for role in ROLES:
        for width, height in ((1440, 900), (375, 740)):
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            log_in(page, live_server.url, role)
            page.goto(f"{live_server.url}/cockpit/")
            expect(page.locator("#cockpit-kpis")).to_be_visible()
            expect(page.locator("#chart-map[data-ready='1']")).to_be_attached()
            if not page.evaluate(FITS):
                problems.append(f"{role} at {width}px is wider than the screen")
            shoot(page, f"{width}-{role}")
            context.close()
    assert not problems, problems


def test_a_leader_reads_the_city_and_clicks_through_the_map_and_the_red_count(
    page, live_server, users, march
):
    from groundbreak.alerts.models import Warning
    from groundbreak.planning import services as planning
    from groundbreak.regions.models import Region

    city = Region.objects.get(code="530400")
    planning.set_target(city, 2020, by=users["city"], base_amount=Decimal("20000"))
    log_in(page, live_server.url, "leader")
    expect(page).to_have_url(re.compile(r"/cockpit/$"))  # a city leader lands on the city
    expect(page.locator("#cockpit-title")).to_contain_text("玉溪")
    expect(page.locator("#kpi-target strong")).to_have_text("2.20")  # 20,000万 + 10 %
    expect(page.locator("#kpi-plan strong")).to_have_text("0.92")  # 9,200万 planned in 2020
    expect(page.locator("#kpi-done strong")).to_have_text("0.09")  # 900万 in 1-3月
    expect(page.locator("#kpi-gap")).to_be_visible()
    reds = Warning.objects.live().filter(level=3).count()
    expect(page.locator("#kpi-red strong")).to_have_text(str(reds))
    expect(page.locator("#chart-map[data-ready='1']")).to_be_attached()
    shoot(page, "leader-city-desk")
    # a click on 江川区 in the map (the canvas, where ECharts draws it) opens its lagging projects
    x, y = page.evaluate(
        "(p) => window.cockpitCharts.map.convertToPixel({geoIndex: 0}, p)", JIANGCHUAN_CENTRE
    )
    box = page.locator("#chart-map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page).to_have_url(re.compile(r"/dispatch/sandu/lagging/\?region=\d+"))
    region = march["jiangchuan"].region
    assert f"region={region.pk}" in page.url
    shoot(page, "leader-map-click")
    page.go_back()
    page.click("#kpi-red")
    expect(page).to_have_url(re.compile(r"/warnings/\?level=3"))
    expect(page.locator("#warning-table tbody tr[data-level='3']")).to_have_count(reds)
    # the projects in the leader's charge (包保项目): 3,000万 planned, 600万 done
    page.goto(f"{live_server.url}/cockpit/")
    page.click("#to-mine")
    expect(page.locator("#kpi-plan strong")).to_have_text("0.30")
    expect(page.locator("#kpi-done strong")).to_have_text("0.06")


def test_a_county_user_clicks_a_funnel_step_to_its_projects(page, live_server, users, march):
    log_in(page, live_server.url, "jiangchuan")
    expect(page.locator("#cockpit-title")).to_contain_text("江川区")
    page.locator("#links-funnel a[data-step='started']").click()
    expect(page).to_have_url(re.compile(r"/projects/\?.*region=530403"))
    expect(page.locator("main")).to_contain_text("江川星云湖保护治理")


def test_print_and_full_screen(page, live_server, users, march):
    log_in(page, live_server.url, "leader")
    page.click("#full-screen")
    expect(page.locator("#cockpit.screen")).to_have_attribute("data-refresh", "300")
    shoot(page, "screen-leader")
    page.emulate_media(media="print")
    expect(page.locator("#print-cockpit")).to_be_hidden()
