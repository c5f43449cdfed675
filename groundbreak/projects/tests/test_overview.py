"""The overview: the pipeline by county, in aggregate."""

import pytest
from django.urls import reverse

from groundbreak.projects.choices import Stage


@pytest.mark.parametrize(
    "role, regions_shown, count",
    [
        ("city_user", {"红塔区", "江川区", "玉溪高新区"}, 4),
        ("leader_user", {"红塔区", "江川区", "玉溪高新区"}, 4),  # a city leader reads the city
        ("hongta_user", {"红塔区"}, 2),
        ("owner_user", {"红塔区", "玉溪高新区"}, 3),
    ],
)
def test_overview_aggregates_over_the_users_reading_scope(
    request, client, portfolio, role, regions_shown, count
):
    client.force_login(request.getfixturevalue(role))
    context = client.get(reverse("projects:overview")).context
    assert {row.label for row in context["rows"]} == regions_shown
    assert context["total"].count == count


def test_overview_counts_stages_and_statistics(client, portfolio, city_user):
    from datetime import date

    from groundbreak.projects import services

    services.mark_in_statistics(portfolio["hongta_a"], by=city_user, date=date(2020, 3, 1))
    client.force_login(city_user)
    context = client.get(reverse("projects:overview")).context
    stages = list(context["stages"])
    total = context["total"]
    assert total.stage_counts[stages.index(Stage.NEW_START)] == 3
    assert total.stage_counts[stages.index(Stage.PRELIMINARY)] == 1
    assert (total.in_statistics, total.started_not_in_statistics) == (1, 2)
    hongta = next(row for row in context["rows"] if row.label == "红塔区")
    assert (
        hongta.total
        == portfolio["hongta_a"].total_investment + portfolio["hongta_b"].total_investment
    )


def test_leader_overview_shows_no_project_names(client, portfolio, leader_user):
    client.force_login(leader_user)
    content = client.get(reverse("projects:overview")).content.decode()
    assert portfolio["jiangchuan"].name not in content
