"""Groundbreaking batches: figures by field and county, what started and entered statistics, scope."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from groundbreak.projects import services
from groundbreak.projects.choices import ProjectField, Stage
from groundbreak.projects.models import GroundbreakingBatch


@pytest.fixture
def city_batch(portfolio, regions, city_user):
    batch = GroundbreakingBatch(
        name="一季度集中开工", date=date(2020, 2, 25), region=regions["530400"]
    )
    return services.save_batch(batch, by=city_user, projects=list(portfolio.values()))


def test_city_sees_the_whole_batch_split_by_field_and_county(
    client, city_batch, city_user, portfolio
):
    client.force_login(city_user)
    figures = client.get(reverse("projects:batch_detail", args=[city_batch.pk])).context["figures"]
    assert figures["count"] == 4
    assert figures["total"] == sum(p.total_investment for p in portfolio.values())
    assert figures["plan"] == sum(p.plan_for(2020) for p in portfolio.values())
    by_field = {row["label"]: row["count"] for row in figures["by_field"]}
    assert by_field == {
        ProjectField.INFRASTRUCTURE.label: 2,
        ProjectField.SOCIAL.label: 1,
        ProjectField.INDUSTRY.label: 1,
    }
    assert [p.name for p in figures["not_started"]] == [portfolio["zone"].name]
    assert len(figures["not_in_statistics"]) == 3


def test_county_sees_only_its_share_of_a_city_batch(client, city_batch, hongta_user, portfolio):
    client.force_login(hongta_user)
    response = client.get(reverse("projects:batch_detail", args=[city_batch.pk]))
    figures = response.context["figures"]
    assert figures["count"] == 2 and figures["total"] == Decimal("24000")
    assert portfolio["jiangchuan"].name not in response.content.decode()


def test_statistics_entry_moves_a_project_between_the_lists(
    client, city_batch, city_user, portfolio
):
    services.mark_in_statistics(portfolio["hongta_a"], by=city_user, date=date(2020, 3, 20))
    client.force_login(city_user)
    figures = client.get(reverse("projects:batch_detail", args=[city_batch.pk])).context["figures"]
    assert [p.name for p in figures["in_statistics"]] == [portfolio["hongta_a"].name]


def test_batch_of_another_county_is_404(
    client, regions, hongta_user, jiangchuan_user, make_project
):
    project = make_project("530403")
    batch = services.save_batch(
        GroundbreakingBatch(name="江川开工", date=date(2020, 3, 1), region=regions["530403"]),
        by=jiangchuan_user,
        projects=[project],
    )
    client.force_login(hongta_user)
    assert client.get(reverse("projects:batch_detail", args=[batch.pk])).status_code == 404
    assert client.get(reverse("projects:batch_edit", args=[batch.pk])).status_code == 404
    assert batch.name not in client.get(reverse("projects:batch_list")).content.decode()


def test_county_cannot_put_another_countys_project_in_its_batch(regions, hongta_user, make_project):
    from django.core.exceptions import PermissionDenied

    other = make_project("530403")
    with pytest.raises(PermissionDenied):
        services.save_batch(
            GroundbreakingBatch(name="红塔开工", date=date(2020, 3, 13), region=regions["530402"]),
            by=hongta_user,
            projects=[other],
        )
    assert not GroundbreakingBatch.objects.exists()


def test_county_records_a_batch_through_the_form(client, regions, hongta_user, make_project):
    projects = [make_project("530402", stage=Stage.NEW_START) for _ in range(2)]
    client.force_login(hongta_user)
    data = {
        "name": "红塔区集中开工",
        "date": "2020-03-13",
        "region": regions["530402"].pk,
        "location": "红塔工业园区",
        "projects": [p.pk for p in projects],
    }
    response = client.post(reverse("projects:batch_add"), data)
    assert response.status_code == 302
    batch = GroundbreakingBatch.objects.get()
    assert set(batch.projects.all()) == set(projects)
    assert batch.history.first().history_user == hongta_user


def test_batch_list_counts_only_visible_projects(client, city_batch, hongta_user):
    client.force_login(hongta_user)
    rows = list(client.get(reverse("projects:batch_list")).context["table"].data)
    assert [(row.name, row.project_count) for row in rows] == [("一季度集中开工", 2)]
