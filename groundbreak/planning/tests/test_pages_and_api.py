"""A county sees and changes only its own county, on the pages and over the API; the city
sets targets and weights; a department is refused."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from groundbreak.planning import services
from groundbreak.planning.models import AccountLock, InvestmentTarget
from groundbreak.reporting.models import ReportingPeriod

D = Decimal


@pytest.fixture
def targets(city_user, hongta, jiangchuan):
    ReportingPeriod.periods_for_year(2020)
    return {
        "hongta": services.set_target(hongta, 2020, by=city_user, base_amount=D(300000)),
        "jiangchuan": services.set_target(jiangchuan, 2020, by=city_user, base_amount=D(85000)),
    }


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_county_pages_show_only_its_own_county(client, targets, hongta_user, jiangchuan):
    client.force_login(hongta_user)
    page = client.get("/planning/?year=2020").content.decode()
    assert "红塔区" in page and "江川区" not in page
    targets_page = client.get("/planning/targets/?year=2020").content.decode()
    assert (
        "33.00" in targets_page and "9.35" not in targets_page
    )  # 红塔 30亿 × 1.1; 江川 8.5亿 × 1.1
    assert (
        client.get(f"/planning/close-the-gap/?year=2020&region={jiangchuan.pk}").status_code == 404
    )


def test_county_api_lists_only_its_own_targets_and_may_not_write_them(targets, hongta_user):
    answer = api(hongta_user).get("/api/planning-targets/")
    assert [row["id"] for row in answer.json()["results"]] == [targets["hongta"].pk]
    assert (
        api(hongta_user).get(f"/api/planning-targets/{targets['jiangchuan'].pk}/").status_code
        == 404
    )
    refused = api(hongta_user).patch(
        f"/api/planning-targets/{targets['hongta'].pk}/", {"growth_rate": "20"}, format="json"
    )
    assert refused.status_code == 403
    lines = api(hongta_user).get("/api/planning-accounts/?year=2020").json()
    assert [line["region_name"] for line in lines] == ["红塔区"]


def test_city_changes_a_target_over_the_api_with_history(targets, city_user):
    target = targets["hongta"]
    answer = api(city_user).patch(
        f"/api/planning-targets/{target.pk}/",
        {"growth_rate": "12", "version": target.version},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    target.refresh_from_db()
    assert target.growth_rate == D(12) and target.amount == D(336000)
    assert target.history.count() == 2


def test_lock_over_the_api_and_only_the_county_lifts_its_own(
    targets, hongta, hongta_user, city_user
):
    period = ReportingPeriod.objects.get(year=2020, last_month=3)
    answer = api(hongta_user).post(
        "/api/planning-locks/", {"region": hongta.pk, "period": period.pk}, format="json"
    )
    assert answer.status_code == 201 and answer.json()["level"] == "county"
    lock = AccountLock.objects.get()
    refused = api(city_user).post(f"/api/planning-locks/{lock.pk}/unlock/")
    assert refused.status_code == 403 and "hongta" in refused.json()["detail"]
    assert api(hongta_user).post(f"/api/planning-locks/{lock.pk}/unlock/").status_code == 200


def test_department_is_refused_the_accounts(client, dept_user, targets):
    client.force_login(dept_user)
    assert client.get("/planning/").status_code == 403
    assert api(dept_user).get("/api/planning-accounts/").status_code == 403
    assert InvestmentTarget.objects.restrict(dept_user).count() == 0


def test_the_city_sets_a_countys_reserve_threshold_on_the_reserve_page(
    client, city_user, hongta_user, hongta
):
    from groundbreak.planning.models import ReserveThreshold

    client.force_login(hongta_user)
    refused = client.post("/planning/reserve/?year=2020", {"region": hongta.pk, "amount": "1亿"})
    assert refused.status_code == 403
    client.force_login(city_user)
    client.post("/planning/reserve/?year=2020", {"region": hongta.pk, "amount": "300亿"})
    threshold = ReserveThreshold.objects.get(region=hongta, year=2020)
    assert threshold.amount == D(3000000)
    assert threshold.history.first().history_user == city_user


def test_drill_down_pages_opened_without_a_region_show_the_users_own(
    client, targets, city_user, hongta_user
):
    client.force_login(hongta_user)
    assert "红塔区" in client.get("/planning/projects/?year=2020").content.decode()
    assert client.get("/planning/close-the-gap/?year=2020").status_code == 200
    client.force_login(city_user)
    assert client.get("/planning/projects/").status_code == 200


def test_a_county_marks_its_project_ready_from_the_increment_list_and_its_weight_follows(
    client, targets, make_project, hongta_user, jiangchuan_user, leader_user
):
    from groundbreak.planning.models import ProjectReadiness
    from groundbreak.projects.choices import Stage

    project = make_project("530402", stage=Stage.PRELIMINARY)
    other = make_project("530403", stage=Stage.PRELIMINARY)
    client.force_login(hongta_user)
    listing = f"/planning/projects/?year=2020&region={project.region_id}&account=increment"
    page = client.get(listing)
    before = next(p for p in page.context["rows"] if p.pk == project.pk)
    assert before.bucket == "preliminary" and page.context["can_mark"]
    assert f'action="/planning/readiness/{project.pk}/"' in page.content.decode()
    answer = client.post(f"/planning/readiness/{project.pk}/",
                         {"approvals_complete": "1", "next": listing})  # fmt: skip
    assert answer.status_code == 302 and answer.url == listing
    after = next(p for p in client.get(listing).context["rows"] if p.pk == project.pk)
    assert after.bucket == "ready" and after.weight > before.weight
    assert ProjectReadiness.objects.get(project=project).history.first().history_user == hongta_user
    # another county's project is out of reach; a leader reads but does not mark
    assert (
        client.post(f"/planning/readiness/{other.pk}/", {"approvals_complete": "1"}).status_code
        == 404
    )
    client.force_login(leader_user)
    assert not client.get(listing).context["can_mark"]
    client.post(f"/planning/readiness/{project.pk}/", {"approvals_complete": "0"})
    assert ProjectReadiness.objects.get(project=project).approvals_complete
    # an outside address to go back to is not followed
    client.force_login(hongta_user)
    answer = client.post(f"/planning/readiness/{project.pk}/",
                         {"approvals_complete": "0", "next": "https://example.com/"})  # fmt: skip
    assert answer.url == "/planning/"
    assert not ProjectReadiness.objects.get(project=project).approvals_complete
