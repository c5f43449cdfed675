"""Project pages per role: list, detail, edit, create, export — in scope and out of scope."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from groundbreak.projects.choices import Stage


def login(client, user):
    client.force_login(user)
    return client


DETAIL_MATRIX = [
    # role, project key, expected status of the detail page, expected status of the edit page
    ("city_user", "jiangchuan", 200, 200),
    ("hongta_user", "hongta_a", 200, 200),
    ("hongta_user", "jiangchuan", 404, 404),
    ("hongta_user", "zone", 404, 404),
    ("jiangchuan_user", "hongta_a", 404, 404),
    ("dept_user", "hongta_a", 200, 200),
    ("dept_user", "hongta_b", 404, 404),
    ("owner_user", "hongta_a", 200, 403),
    ("owner_user", "jiangchuan", 404, 404),
    ("leader_user", "hongta_a", 200, 403),
    ("leader_user", "hongta_b", 200, 403),  # a city leader reads every project
    ("auditor_user", "jiangchuan", 200, 403),
]


@pytest.mark.parametrize("role, key, detail_status, edit_status", DETAIL_MATRIX)
def test_detail_and_edit_answer_by_scope(
    request, client, portfolio, role, key, detail_status, edit_status
):
    login(client, request.getfixturevalue(role))
    project = portfolio[key]
    assert (
        client.get(reverse("projects:project_detail", args=[project.pk])).status_code
        == detail_status
    )
    assert (
        client.get(reverse("projects:project_edit", args=[project.pk])).status_code == edit_status
    )


@pytest.mark.parametrize(
    "url_name, data",
    [
        ("projects:project_change_stage", {"to_stage": "continuing", "date": "2021-01-05"}),
        ("projects:project_enter_statistics", {"date": "2020-03-01"}),
        (
            "projects:project_record_work_status",
            {"kind": "suspended", "date": "2020-03-01", "reason": "funds"},
        ),
    ],
)
def test_posting_actions_on_another_countys_project_is_404_and_changes_nothing(
    client, portfolio, hongta_user, url_name, data
):
    project = portfolio["jiangchuan"]
    login(client, hongta_user)
    assert client.post(reverse(url_name, args=[project.pk]), data).status_code == 404
    project.refresh_from_db()
    assert (project.stage, project.in_statistics_date, project.work_events.count()) == (
        Stage.NEW_START,
        None,
        0,
    )


def test_list_shows_only_the_users_county(client, portfolio, hongta_user):
    response = login(client, hongta_user).get(reverse("projects:project_list"))
    content = response.content.decode()
    assert portfolio["hongta_a"].name in content and portfolio["hongta_b"].name in content
    assert portfolio["jiangchuan"].name not in content and portfolio["zone"].name not in content


def test_list_requires_login(client, portfolio):
    response = client.get(reverse("projects:project_list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "yxdh"}, {"hongta_a"}),  # pinyin initials of 玉溪大河…
        ({"q": "星云湖"}, {"jiangchuan"}),
        ({"q": "江川区城市建设"}, {"jiangchuan"}),  # owner unit
        ({"region": "530403"}, {"jiangchuan"}),
        ({"stage": "preliminary"}, {"zone"}),
        ({"field": "social"}, {"hongta_b"}),
        ({"in_statistics": "no"}, {"hongta_a", "hongta_b", "jiangchuan", "zone"}),
        ({"in_statistics": "yes"}, set()),
    ],
)
def test_list_filters(client, portfolio, city_user, query, expected):
    from groundbreak.regions.models import Region

    if "region" in query:
        query = {"region": Region.objects.get(code=query["region"]).pk}
    response = login(client, city_user).get(reverse("projects:project_list"), query)
    rows = {p.name for p in response.context["table"].data}
    assert rows == {portfolio[key].name for key in expected}


def test_list_filters_by_code_search_leader_and_department(
    client, portfolio, city_user, leader_person, department
):
    login(client, city_user)
    code = portfolio["hongta_b"].code
    assert [
        p.name
        for p in client.get(reverse("projects:project_list"), {"q": code}).context["table"].data
    ] == [portfolio["hongta_b"].name]
    for query in ({"leader_in_charge": leader_person.pk}, {"department_in_charge": department.pk}):
        names = [
            p.name
            for p in client.get(reverse("projects:project_list"), query).context["table"].data
        ]
        assert names == [portfolio["hongta_a"].name]


def test_list_sorts_by_total_investment(client, portfolio, city_user):
    response = login(client, city_user).get(
        reverse("projects:project_list"), {"sort": "-total_investment"}
    )
    totals = [p.total_investment for p in response.context["table"].page.object_list.data]
    assert totals == sorted(totals, reverse=True) and totals[-1] == Decimal("800")


def test_export_is_a_workbook_of_the_filtered_scope_with_a_totals_row(
    client, portfolio, hongta_user
):
    response = login(client, hongta_user).get(reverse("projects:project_list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert "万元" in str(sheet[1][0])
    header = sheet[2]
    names = [row[1] for row in sheet[3:-1]]
    assert sorted(names) == sorted([portfolio["hongta_a"].name, portfolio["hongta_b"].name])
    total_col = next(
        i for i, h in enumerate(header) if "总投资" in str(h) or "total investment" in str(h)
    )
    assert sheet[-1][total_col] == pytest.approx(24000)


def test_county_creates_a_project_through_the_form_with_amounts_as_typed(
    client, hongta_user, owner_unit, make_project
):
    from groundbreak.projects.models import Project
    from groundbreak.regions.models import Sector

    regions = {"530402": make_project().region}  # the owner has a project in 红塔区 already
    login(client, hongta_user)
    data = {
        "name": "红塔区智慧停车场",
        "code": "2020-530402-48-01-200001",
        "owner_unit": owner_unit.name,
        "region": regions["530402"].pk,
        "field": "infrastructure",
        "sector": Sector.objects.get(code="G").pk,
        "construction_nature": "new",
        "total_investment": "1.5亿",
        "plan_year": "2020",
        "annual_plan": "３,０００",
        "stage": "preliminary",
        "stage_since": "2020-01-06",
    }
    response = client.post(reverse("projects:project_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get(code="2020-530402-48-01-200001")
    assert (project.total_investment, project.plan_for(2020)) == (Decimal("15000"), Decimal("3000"))


def test_form_errors_name_the_field_in_chinese(client, hongta_user, owner_unit, regions):
    login(client, hongta_user)
    response = client.post(
        reverse("projects:project_add"), {"name": "x", "total_investment": "很多"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "很多" in errors["total_investment"][0]
    assert errors["region"] == ["该字段是必填项。"]


def test_county_cannot_create_in_another_county_through_the_form(
    client, hongta_user, owner_unit, regions
):
    from groundbreak.regions.models import Sector

    login(client, hongta_user)
    data = {
        "name": "越权项目",
        "code": "2020-530403-48-01-200002",
        "owner_unit": owner_unit.pk,
        "region": regions["530403"].pk,
        "field": "infrastructure",
        "sector": Sector.objects.get(code="G").pk,
        "construction_nature": "new",
        "total_investment": "100",
        "stage": "preliminary",
    }
    response = client.post(reverse("projects:project_add"), data)
    assert response.status_code == 200 and "region" in response.context["form"].errors


def test_edit_form_with_stale_version_is_refused_and_keeps_the_newer_edit(
    client, portfolio, city_user, hongta_user
):
    from groundbreak.projects import services

    project = portfolio["hongta_a"]
    login(client, hongta_user)
    form = client.get(reverse("projects:project_edit", args=[project.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["key_levels"] = []
    services.update_project(project, by=city_user, version=1, name="市里改过的名称")
    data["contact_person"] = "王五"
    response = client.post(reverse("projects:project_edit", args=[project.pk]), data)
    assert response.status_code == 200
    assert "city" in str(response.context["form"].non_field_errors())
    project.refresh_from_db()
    assert (project.name, project.contact_person) == ("市里改过的名称", "")


def test_detail_shows_history_and_timeline(client, portfolio, city_user):
    from groundbreak.projects import services

    project = portfolio["hongta_a"]
    services.update_project(project, by=city_user, version=1, total_investment=Decimal("13000"))
    content = login(client, city_user).get(project.get_absolute_url()).content.decode()
    assert "12,000.00" in content and "13,000.00" in content and "12000.0000" not in content
    assert 'id="timeline"' in content


def test_stage_form_moves_the_project_and_reports_refusals(client, make_project, hongta_user):
    project = make_project(stage=Stage.PRELIMINARY)
    login(client, hongta_user)
    url = reverse("projects:project_change_stage", args=[project.pk])
    response = client.post(url, {"to_stage": "new_start", "date": "2020-03-13"}, follow=True)
    project.refresh_from_db()
    assert project.stage == Stage.NEW_START
    response = client.post(
        reverse("projects:project_enter_statistics", args=[project.pk]),
        {"date": "2020-03-01"},
        follow=True,
    )
    assert any("开工" in str(m) or "start" in str(m) for m in response.context["messages"])
    project.refresh_from_db()
    assert project.in_statistics_date is None
