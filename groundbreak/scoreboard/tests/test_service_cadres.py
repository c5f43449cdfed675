"""Service cadres (一对一服务干部): city staff and the project's county assign them, one at a
time, with history; other counties, departments, owners, leaders and auditors may not."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from groundbreak.scoreboard import services
from groundbreak.scoreboard.models import ServiceCadre

pytestmark = pytest.mark.django_db


def test_a_new_cadre_relieves_the_one_serving_and_both_stay_in_the_history(
    portfolio, hongta_user, city_user
):
    project = portfolio["hongta_a"]
    first = services.assign_service_cadre(
        project, by=hongta_user, name="杨晓明", unit="红塔区发改局", since=date(2020, 2, 10)
    )
    second = services.assign_service_cadre(
        project, by=city_user, name="刘海涛", unit="红塔区发改局", since=date(2020, 3, 16)
    )
    first.refresh_from_db()
    assert first.until == date(2020, 3, 16) and second.until is None
    assert list(ServiceCadre.objects.current(date(2020, 4, 1))) == [second]
    assert first.history.first().history_user == city_user
    assert first.history.count() == 2


def test_a_new_cadre_cannot_start_before_the_one_serving(portfolio, hongta_user):
    project = portfolio["hongta_a"]
    services.assign_service_cadre(project, by=hongta_user, name="甲", unit="乙",
                                  since=date(2020, 3, 1))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.assign_service_cadre(project, by=hongta_user, name="丙", unit="丁",
                                      since=date(2020, 2, 1))  # fmt: skip
    assert "甲" in str(error.value)


@pytest.mark.parametrize("who", ["jiangchuan_user", "dept_user", "owner_user", "leader_user",
                                 "auditor_user"])  # fmt: skip
def test_only_the_city_and_the_projects_county_assign(portfolio, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.assign_service_cadre(portfolio["hongta_a"], by=user, name="甲", unit="乙")
    assert not ServiceCadre.objects.exists()


def test_another_county_neither_sees_nor_edits_a_cadre(portfolio, hongta_user, client,
                                                       jiangchuan_user):  # fmt: skip
    cadre = services.assign_service_cadre(
        portfolio["hongta_a"], by=hongta_user, name="杨晓明", unit="红塔区发改局"
    )
    client.force_login(jiangchuan_user)
    assert client.get(reverse("scoreboard:cadre_edit", args=[cadre.pk])).status_code == 404
    page = client.get(reverse("scoreboard:cadre_list"))
    assert "杨晓明" not in page.content.decode()
    assert client.get(f"/api/service-cadres/{cadre.pk}/").status_code == 404


def test_the_county_assigns_a_cadre_through_the_page_and_the_project_page_shows_it(
    portfolio, hongta_user, client
):
    project = portfolio["hongta_a"]
    client.force_login(hongta_user)
    answer = client.post(
        reverse("scoreboard:cadre_assign", args=[project.pk]),
        {"name": "王丽华", "unit": "红塔区自然资源局", "phone": "0877-1", "since": "2020-03-01"},
    )
    assert answer.status_code == 302
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'id="responsibility"' in page and "王丽华" in page
