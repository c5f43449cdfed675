"""The REST API: same scope, same services, same filters as the pages."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from groundbreak.projects.choices import Stage
from groundbreak.projects.models import Project


def api(user, token=False):
    client = APIClient()
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    else:
        client.force_authenticate(user)
    return client


def test_anonymous_gets_401_or_403(portfolio):
    assert APIClient().get("/api/projects/").status_code in (401, 403)


def test_token_auth_lists_only_the_county(portfolio, hongta_user):
    response = api(hongta_user, token=True).get("/api/projects/")
    assert response.status_code == 200
    assert {row["name"] for row in response.json()["results"]} == {
        portfolio["hongta_a"].name,
        portfolio["hongta_b"].name,
    }


@pytest.mark.parametrize(
    "role, key, status",
    [
        ("hongta_user", "jiangchuan", 404),
        ("hongta_user", "hongta_a", 200),
        ("owner_user", "jiangchuan", 404),
        ("leader_user", "hongta_b", 200),
        ("dept_user", "hongta_b", 404),
        ("auditor_user", "jiangchuan", 200),
    ],
)
def test_detail_by_id_answers_by_scope(request, portfolio, role, key, status):
    user = request.getfixturevalue(role)
    assert api(user).get(f"/api/projects/{portfolio[key].pk}/").status_code == status


def test_filters_are_the_same_as_the_pages(portfolio, city_user):
    client = api(city_user)
    names = lambda r: {row["name"] for row in r.json()["results"]}  # noqa: E731
    assert names(client.get("/api/projects/", {"q": "yxdh"})) == {portfolio["hongta_a"].name}
    assert names(client.get("/api/projects/", {"stage": "preliminary"})) == {portfolio["zone"].name}
    assert names(client.get("/api/projects/", {"field": "social"})) == {portfolio["hongta_b"].name}


def test_create_accepts_amounts_as_people_type_them(hongta_user, owner_unit, regions):
    payload = {
        "name": "红塔区污水处理厂提标改造",
        "code": "2020-530402-48-01-300001",
        "owner_unit": owner_unit.pk,
        "region": "530402",
        "field": "infrastructure",
        "sector": "N",
        "total_investment": "1.2亿",
        "plans": [{"year": 2020, "amount": "4,000"}],
        "stage": "preliminary",
        "key_levels": ["city-key"],
    }
    response = api(hongta_user).post("/api/projects/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["total_investment"] == "12000.0000"
    project = Project.objects.get(code="2020-530402-48-01-300001")
    assert project.history.first().history_user == hongta_user
    assert project.plan_for(2020) == Decimal("4000")
    assert response.json()["plans"] == [{"year": 2020, "amount": "4000.0000"}]


def test_create_in_another_county_is_403_and_writes_nothing(jiangchuan_user, owner_unit, regions):
    payload = {
        "name": "越权",
        "code": "2020-530402-48-01-300002",
        "owner_unit": owner_unit.pk,
        "region": "530402",
        "field": "infrastructure",
        "sector": "N",
        "total_investment": "100",
        "stage": "preliminary",
    }
    assert api(jiangchuan_user).post("/api/projects/", payload, format="json").status_code == 403
    assert not Project.objects.filter(code="2020-530402-48-01-300002").exists()


def test_bad_amount_is_400_naming_the_value(hongta_user, owner_unit, regions):
    payload = {
        "name": "x",
        "owner_unit": owner_unit.pk,
        "region": "530402",
        "field": "infrastructure",
        "sector": "N",
        "total_investment": "一些钱",
        "stage": "reserve",
    }
    response = api(hongta_user).post("/api/projects/", payload, format="json")
    assert response.status_code == 400 and "一些钱" in response.json()["total_investment"][0]


def test_update_needs_the_version_and_refuses_a_stale_one_with_409(portfolio, hongta_user):
    project = portfolio["hongta_a"]
    client = api(hongta_user)
    url = f"/api/projects/{project.pk}/"
    assert client.patch(url, {"contact_person": "赵六"}, format="json").status_code == 400
    assert (
        client.patch(url, {"contact_person": "赵六", "version": 1}, format="json").status_code
        == 200
    )
    stale = client.patch(url, {"contact_person": "钱七", "version": 1}, format="json")
    assert stale.status_code == 409
    project.refresh_from_db()
    assert (project.contact_person, project.version) == ("赵六", 2)


def test_read_only_roles_get_403_on_update(portfolio, owner_user):
    project = portfolio["hongta_a"]
    response = api(owner_user).patch(
        f"/api/projects/{project.pk}/", {"name": "x", "version": 1}, format="json"
    )
    assert response.status_code == 403


def test_stage_cannot_be_patched_only_transitioned(portfolio, city_user):
    project = portfolio["zone"]
    client = api(city_user)
    patched = client.patch(
        f"/api/projects/{project.pk}/", {"stage": "completed", "version": 1}, format="json"
    )
    assert patched.status_code == 400
    moved = client.post(
        f"/api/projects/{project.pk}/transition/", {"to_stage": "new_start", "date": "2020-04-01"}
    )
    assert moved.status_code == 200 and moved.json()["stage"] == "new_start"
    assert moved.json()["timeline"][-1]["to_stage"] == "new_start"
    refused = client.post(
        f"/api/projects/{project.pk}/transition/", {"to_stage": "reserve", "date": "2020-04-02"}
    )
    assert refused.status_code == 400 and "to_stage" in refused.json()


def test_enter_statistics_and_its_refusal(make_project, city_user):
    client = api(city_user)
    small = make_project(total="300")
    big = make_project(total="3000")
    assert (
        client.post(
            f"/api/projects/{small.pk}/enter-statistics/", {"date": "2020-03-31"}
        ).status_code
        == 400
    )
    ok = client.post(f"/api/projects/{big.pk}/enter-statistics/", {"date": "2020-03-31"})
    assert ok.status_code == 200 and ok.json()["in_statistics_date"] == "2020-03-31"


def test_history_endpoint_lists_old_and_new(portfolio, city_user):
    project = portfolio["hongta_b"]
    client = api(city_user)
    client.patch(
        f"/api/projects/{project.pk}/", {"total_investment": "2亿", "version": 1}, format="json"
    )
    history = client.get(f"/api/projects/{project.pk}/history/").json()
    assert history[0]["who"] == "city"
    assert {"old": "12000", "new": "20000"}.items() <= history[0]["changes"][0].items()


def test_work_status_and_resumption_endpoints(make_project, hongta_user, city_user):
    project = make_project(stage=Stage.CONTINUING, actual_start=date(2019, 3, 1))
    client = api(hongta_user)
    stop = {"project": project.pk, "kind": "suspended", "date": "2020-01-20", "reason": "epidemic"}
    assert client.post("/api/work-status/", stop).status_code == 201
    rate = client.get("/api/resumption/", {"date": "2020-02-01"}).json()
    assert rate["total"]["still_suspended"] == 1 and rate["total"]["rate"] == "0.0"
    resume = {"project": project.pk, "kind": "resumed", "date": "2020-02-10", "workers_on_site": 80}
    assert client.post("/api/work-status/", resume).status_code == 201
    rate = client.get("/api/resumption/", {"date": "2020-02-29"}).json()
    assert (rate["total"]["rate"], rate["total"]["workers"]) == ("100.0", 80)


def test_county_cannot_record_work_status_for_another_county(make_project, jiangchuan_user):
    project = make_project(stage=Stage.CONTINUING, actual_start=date(2019, 3, 1))
    stop = {"project": project.pk, "kind": "suspended", "date": "2020-01-20", "reason": "epidemic"}
    response = api(jiangchuan_user).post("/api/work-status/", stop)
    assert response.status_code == 400 and not project.work_events.exists()


def test_schema_is_served(city_user, db):
    response = api(city_user).get("/api/schema/")
    assert response.status_code == 200 and b"/api/projects/" in response.content
