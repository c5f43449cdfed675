"""The one scope rule: who sees and who changes which projects."""

import pytest

from groundbreak.projects.models import Project


def names(queryset):
    return set(queryset.values_list("name", flat=True))


@pytest.mark.parametrize(
    "role, view, change",
    [
        (
            "city_user",
            {"hongta_a", "hongta_b", "jiangchuan", "zone"},
            {"hongta_a", "hongta_b", "jiangchuan", "zone"},
        ),
        ("auditor_user", {"hongta_a", "hongta_b", "jiangchuan", "zone"}, set()),
        ("hongta_user", {"hongta_a", "hongta_b"}, {"hongta_a", "hongta_b"}),
        ("jiangchuan_user", {"jiangchuan"}, {"jiangchuan"}),
        ("dept_user", {"hongta_a"}, {"hongta_a"}),
        ("owner_user", {"hongta_a", "hongta_b", "zone"}, set()),
        (
            "leader_user",
            {"hongta_a", "hongta_b", "jiangchuan", "zone"},
            set(),
        ),  # city leaders read all
    ],
)
def test_each_role_sees_and_changes_only_its_own_scope(request, portfolio, role, view, change):
    user = request.getfixturevalue(role)
    expected_view = {portfolio[key].name for key in view}
    expected_change = {portfolio[key].name for key in change}
    assert names(Project.objects.restrict(user, "view")) == expected_view
    assert names(Project.objects.restrict(user, "change")) == expected_change


def test_inactive_and_anonymous_users_see_nothing(portfolio, hongta_user):
    from django.contrib.auth.models import AnonymousUser

    hongta_user.is_active = False
    assert not Project.objects.restrict(hongta_user).exists()
    assert not Project.objects.restrict(AnonymousUser()).exists()


def test_city_county_includes_regions_below_it(portfolio, regions, make_project):
    """A county user anchored on the city (e.g. a city-level bureau user) sees the whole tree."""
    from conftest import make_user
    from groundbreak.accounts.models import Role

    user = make_user("whole", Role.COUNTY, region=regions["530400"])
    assert Project.objects.restrict(user).count() == 4
