"""The warnings list, a warning's page, acknowledgement and exemption by the pages and the API,
each in the user's scope (a county sees its own)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from groundbreak.alerts.engine import evaluate
from groundbreak.alerts.models import Warning
from groundbreak.projects.choices import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_counties(make_project):
    hongta = make_project("530402", stage=Stage.PRELIMINARY, planned_start=date(2020, 1, 1))
    jiangchuan = make_project("530403", stage=Stage.PRELIMINARY, planned_start=date(2020, 2, 15))
    evaluate(date(2020, 4, 1))
    return hongta, jiangchuan


def test_a_county_lists_only_its_own_warnings_with_counts(client, two_counties, jiangchuan_user):
    hongta, jiangchuan = two_counties
    client.force_login(jiangchuan_user)
    page = client.get(reverse("alerts:warning_list")).content.decode()
    assert jiangchuan.name in page and hongta.name not in page
    assert 'data-level="3">0<' in page  # no red in 江川区


def test_the_city_filters_by_level_and_region(client, two_counties, city_user):
    hongta, jiangchuan = two_counties
    client.force_login(city_user)
    page = client.get(reverse("alerts:warning_list"), {"level": "3"}).content.decode()
    assert hongta.name in page and jiangchuan.name not in page
    page = client.get(reverse("alerts:warning_list"), {"region": "530403"}).content.decode()
    assert jiangchuan.name in page and hongta.name not in page


def test_the_project_page_shows_its_light_and_history(client, two_counties, city_user):
    hongta, _ = two_counties
    client.force_login(city_user)
    page = client.get(reverse("projects:project_detail", args=[hongta.pk])).content.decode()
    assert 'id="warnings-panel"' in page and "light-3" in page
    assert "计划 2020-01-01 开工" in page


def test_the_warning_page_names_whom_it_tells_and_its_history_in_chinese(
    client, two_counties, city_user
):
    hongta, _ = two_counties
    client.force_login(city_user)
    warning = Warning.objects.get(project=hongta)  # red: owner, county, department, leader, city
    page = client.get(reverse("alerts:warning_detail", args=[warning.pk])).content.decode()
    assert "项目业主, 县市区发改局, 主管部门, 包保市级领导, 市发改委" in page
    assert "<th>变化</th>" in page and "停复工" not in page


def test_acknowledge_on_the_page(client, two_counties, jiangchuan_user, hongta_user):
    _, jiangchuan = two_counties
    warning = Warning.objects.get(project=jiangchuan)
    client.force_login(hongta_user)
    url = reverse("alerts:warning_acknowledge", args=[warning.pk])
    assert client.post(url, {"comment": "x"}).status_code == 404
    client.force_login(jiangchuan_user)
    assert client.post(url, {"comment": "已督办"}).status_code == 302
    warning.refresh_from_db()
    assert warning.status == "acknowledged"


def test_the_api_lists_in_scope_and_acknowledges(two_counties, jiangchuan_user, hongta_user):
    _, jiangchuan = two_counties
    api = APIClient()
    api.force_authenticate(jiangchuan_user)
    answer = api.get("/api/warnings/").json()
    assert [w["project"] for w in answer["results"]] == [jiangchuan.pk]
    warning_id = answer["results"][0]["id"]
    assert "开工" in answer["results"][0]["why"]
    assert (
        api.post(
            f"/api/warnings/{warning_id}/acknowledge/", {"comment": "已督办"}, format="json"
        ).status_code
        == 200
    )
    other = APIClient()
    other.force_authenticate(hongta_user)
    assert other.get(f"/api/warnings/{warning_id}/").status_code == 404


def test_the_api_exemption_request_and_city_approval(two_counties, jiangchuan_user, city_user):
    _, jiangchuan = two_counties
    warning = Warning.objects.get(project=jiangchuan)
    api = APIClient()
    api.force_authenticate(jiangchuan_user)
    until = (timezone.localdate() + timedelta(days=20)).isoformat()
    answer = api.post(f"/api/warnings/{warning.pk}/exemption/",
                      {"reason": "force_majeure", "explanation": "暴雨", "until": until}, format="json")  # fmt: skip
    assert answer.status_code == 201, answer.content
    exemption_id = answer.json()["id"]
    assert (
        api.post(
            f"/api/warning-exemptions/{exemption_id}/decide/", {"approve": True}, format="json"
        ).status_code
        == 403
    )
    city = APIClient()
    city.force_authenticate(city_user)
    assert (
        city.post(
            f"/api/warning-exemptions/{exemption_id}/decide/", {"approve": True}, format="json"
        ).status_code
        == 200
    )
    assert api.get("/api/warnings/", {"status": "exempt"}).json()["count"] == 1


def test_the_api_rules_are_read_by_all_and_edited_by_the_city(
    two_counties, jiangchuan_user, city_user
):
    api = APIClient()
    api.force_authenticate(jiangchuan_user)
    rules = api.get("/api/warning-rules/").json()
    lag = next(r for r in rules if r["kind"] == "investment_lag")
    assert [lv["threshold"] for lv in lag["levels"]] == ["10.00", "20.00", "30.00"]
    assert (
        api.patch(f"/api/warning-rules/{lag['id']}/", {"margin": "3"}, format="json").status_code
        == 403
    )
    city = APIClient()
    city.force_authenticate(city_user)
    answer = city.patch(f"/api/warning-rules/{lag['id']}/", {"margin": "3", "levels": [
        {"level": 1, "threshold": "8", "audience": ["owner"]}, {"level": 3, "threshold": "25", "audience": ["city"]}]},
        format="json")  # fmt: skip
    assert answer.status_code == 200, answer.content
    assert [lv["level"] for lv in answer.json()["levels"]] == [1, 3]
