import json
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.db.models import Sum
from django.urls import reverse

from groundbreak.alerts.models import Warning
from groundbreak.cockpit.models import Snapshot
from groundbreak.cockpit.services import refresh_snapshot
from groundbreak.projects.models import AnnualPlan, Project
from groundbreak.regions.models import Region
from groundbreak.reporting.models import MonthlyReport
from groundbreak.reporting.selectors import HANDED_IN

pytestmark = pytest.mark.django_db


def page(client, user, url=None):
    client.force_login(user)
    response = client.get(url or reverse("cockpit:cockpit"))
    assert response.status_code == 200
    return response


def expected(projects, period):
    """The headline figures straight from the base tables."""
    plan = AnnualPlan.objects.filter(year=2020, project__in=projects).aggregate(s=Sum("amount"))
    done = MonthlyReport.objects.filter(
        period=period, status__in=HANDED_IN, project__in=projects
    ).aggregate(s=Sum("completed_ytd"))
    lights = Warning.objects.live().filter(project__in=projects)
    return {
        "plan": plan["s"] or Decimal(0),
        "done": done["s"] or Decimal(0),
        "levels": {lv: lights.filter(level=lv).count() for lv in (1, 2, 3)},
    }


def test_city_page_shows_the_database_figures(client, city_user, march):
    n = page(client, city_user).context["n"]
    want = expected(Project.objects.all(), march["periods"][3])
    assert n["plan"] == want["plan"] == Decimal("9200")
    assert n["done"] == want["done"] == Decimal("900")  # the draft of 江川 does not count
    assert n["levels"] == want["levels"]
    assert sum(n["levels"].values()) > 0
    assert n["growth"] == Decimal("125.0")  # 900 against 400 in 2019年3月
    assert n["time_progress"] == Decimal("25.0")
    assert n["reporting"] == {
        "due": 3, "handed_in": 2, "late": 1, "on_time": 1, "missing": 1,
        "on_time_rate": Decimal("33.3"),
    }  # fmt: skip


def test_the_snapshot_gives_the_same_figures_with_few_queries(
    client, city_user, march, django_assert_max_num_queries
):
    live = page(client, city_user).context["n"]
    refresh_snapshot()
    assert Snapshot.objects.get(year=2020).period == march["periods"][3]
    client.force_login(city_user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("cockpit:cockpit"))
    assert response.context["n"] == live


def test_a_county_user_sees_its_county_only(client, jiangchuan_user, city_user, march):
    n = page(client, jiangchuan_user).context["n"]
    mine = Project.objects.filter(region__code="530403")
    want = expected(mine, march["periods"][3])
    assert n["plan"] == want["plan"] == Decimal("200")
    assert n["done"] == 0
    assert n["reporting"]["due"] == 1 and n["reporting"]["missing"] == 1
    client.force_login(jiangchuan_user)
    assert client.get(reverse("cockpit:region", args=["530402"])).status_code == 404
    # the city's page of 江川区 shows the same figures as 江川区's own
    county = page(client, city_user, reverse("cockpit:region", args=["530403"])).context["n"]
    assert county == n


def test_a_leader_lands_on_the_city_and_can_narrow_to_the_projects_in_its_charge(
    client, leader_user, city_user, march
):
    response = page(client, leader_user)
    assert response.context["scope"].whole is True
    assert response.context["n"] == page(client, city_user).context["n"]
    assert 'id="to-mine"' in response.content.decode()
    response = page(client, leader_user, reverse("cockpit:cockpit") + "?mine=1")
    n = response.context["n"]
    assert n["plan"] == Decimal("3000") and n["done"] == Decimal("600")
    assert response.context["scope"].whole is False and response.context["mine"]
    assert 'id="to-city"' in response.content.decode()
    # Only a leader narrows so: city staff asking for "mine" still get the city.
    assert page(client, city_user, reverse("cockpit:cockpit") + "?mine=1").context["scope"].whole


def test_a_department_sees_its_own(client, dept_user, march):
    n = page(client, dept_user).context["n"]
    assert n["plan"] == expected(Project.objects.filter(department_in_charge=dept_user.department),
                                 march["periods"][3])["plan"]  # fmt: skip


def test_target_growth_and_gap_are_the_planning_accounts(client, city_user, march):
    """The headline reads the accounts (三本账) of the city: its target, its 1-N月 investment
    with the summary figure where imported, the growth on last year's and the uncovered gap."""
    from groundbreak.planning import services as planning
    from groundbreak.planning.selectors import accounts

    city = Region.objects.get(code="530400")
    planning.set_target(city, 2020, by=city_user, base_amount=Decimal("20000"))
    planning.save_region_figure(
        city, march["periods"][3], by=city_user, completed_ytd=Decimal("1100"),
        last_year_ytd=Decimal("1000"),
    )  # fmt: skip
    context = page(client, city_user).context
    line = accounts(user=None, year=2020, period=march["periods"][3])[0]
    assert context["target"] == line.target_amount == Decimal("22000")  # +10 % on 20,000
    assert context["account"]["ytd"] == line.ytd
    assert context["growth"] == line.growth == Decimal("10.0")
    assert context["gap"] == line.gap and context["gap"] > 0
    body = context["planning_query"]
    assert body == f"?year=2020&month=3&region={city.pk}"
    html = page(client, city_user).content.decode()
    assert 'id="kpi-gap"' in html and "/planning/close-the-gap/?year=2020" in html


def test_a_new_target_rewrites_the_snapshot(
    client, city_user, march, django_capture_on_commit_callbacks
):
    from groundbreak.planning import services as planning

    refresh_snapshot()
    assert page(client, city_user).context["target"] is None
    with django_capture_on_commit_callbacks(execute=True):
        planning.set_target(Region.objects.get(code="530400"), 2020, by=city_user,
                            base_amount=Decimal("20000"))  # fmt: skip
    assert Snapshot.objects.get(year=2020).data["accounts"][0][1] == "22000.0000"
    assert page(client, city_user).context["target"] == Decimal("22000")


def test_a_county_page_reads_its_own_account_and_hides_the_links_from_a_department(
    client, city_user, hongta_user, dept_user, march
):
    from groundbreak.planning import services as planning

    hongta = Region.objects.get(code="530402")
    planning.set_target(hongta, 2020, by=city_user, base_amount=Decimal("5000"))
    context = page(client, hongta_user).context
    assert context["target"] == Decimal("5500")
    assert context["planning_query"].endswith(f"region={hongta.pk}")
    # A department's page is its projects, not a region: no target, no gap.
    context = page(client, dept_user).context
    assert context["target"] is None and context["gap"] is None
    assert context["planning_query"] is None


def test_every_county_links_to_its_filtered_lists(client, city_user, march):
    charts = page(client, city_user).context["charts"]
    row = next(r for r in charts["county"]["rows"] if r["code"] == "530403")
    query = parse_qs(urlparse(row["url"]).query)
    assert query == {"region": ["530403"], "year": ["2020"]}
    listed = client.get(row["url"])
    assert [p.name for p in listed.context["table"].data] == ["江川星云湖保护治理"]
    red = client.get(row["warning_urls"]["3"])
    assert red.status_code == 200
    assert parse_qs(urlparse(row["lagging_url"]).query)["region"] == [
        str(march["jiangchuan"].region_id)
    ]
    funnel = {r["key"]: r for r in charts["funnel"]["rows"]}
    assert funnel["preliminary"]["value"] == 1
    assert funnel["started"]["value"] == 3
    assert client.get(funnel["started"]["url"]).status_code == 200


def test_the_page_carries_its_chart_data_without_inline_script(client, city_user, march):
    html = page(client, city_user).content.decode()
    assert 'id="cockpit-data" type="application/json"' in html
    assert "<script>" not in html


def test_the_map_is_the_city_counties_from_the_installed_package(client, city_user, march):
    client.force_login(city_user)
    response = client.get(reverse("cockpit:map_data", args=["530400"]))
    geo = json.loads(response.content)
    names = {f["properties"]["name"] for f in geo["features"]}
    assert len(geo["features"]) == 9  # the zone has no boundary of its own
    assert {"红塔区", "江川区", "澄江市"} <= names
    assert client.get(reverse("cockpit:map_data", args=["530402"])).status_code == 404


def test_leaders_and_staff_land_on_the_cockpit_owners_on_their_reports(
    client, leader_user, city_user, owner_user, march
):
    for user in (leader_user, city_user):
        client.force_login(user)
        assert client.get(reverse("home")).url == reverse("cockpit:cockpit")
    client.force_login(owner_user)
    assert client.get(reverse("home")).url != reverse("cockpit:cockpit")


def test_full_screen_refreshes_itself(client, city_user, march):
    html = page(client, city_user, reverse("cockpit:cockpit") + "?display=screen").content
    assert b'data-refresh="300"' in html


def test_a_year_without_plans_draws_no_plan_line(client, city_user, march):
    """The portfolio has no plans for 2019: its plan curve is absent, not a line at zero."""
    html = page(client, city_user).content.decode()
    data = html.split('id="cockpit-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    curve = {(c["kind"], c["year"]): c["data"] for c in json.loads(data)["curve"]["series"]}
    assert AnnualPlan.objects.filter(year=2019).count() == 0
    assert curve[("plan", 2019)] == [None] * 12
    assert curve[("plan", 2020)][11] is not None and curve[("plan", 2020)][11] > 0
