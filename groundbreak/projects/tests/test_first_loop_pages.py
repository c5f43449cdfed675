"""What a new user hit in the first loop (issue 17): amounts in messages and change logs, people
in history, empty totals and fields, dates typed not defaulted, back-dated registration, one
scope per role on every page, owner units of the county, exports as listed."""

import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from groundbreak.accounts.models import OwnerUnit
from groundbreak.core.history import change_log
from groundbreak.projects import services
from groundbreak.projects.choices import Stage
from groundbreak.projects.forms import StageChangeForm, StatisticsEntryForm, WorkStatusForm
from groundbreak.projects.models import Project
from groundbreak.regions.models import Sector


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


# 8. Amounts in messages read as on the pages.


def test_statistics_refusal_shows_whole_amounts_without_scientific_notation(
    make_project, city_user
):
    project = make_project(total="400")
    with pytest.raises(ValidationError) as refused:
        services.mark_in_statistics(project, by=city_user, date=date(2020, 3, 1))
    message = " ".join(refused.value.messages)
    assert "400.00万元" in message and "500.00万元" in message
    assert "E+" not in message


# 14. Empty lists show 0, not a blank.


def test_an_empty_list_shows_zero_totals(client, city_user, regions):
    response = page(client, city_user, reverse("projects:project_list"))
    summary = response.content.decode().split('id="list-summary"')[1].split("</p>")[0]
    assert summary.count("0.00") == 2
    overview = page(client, city_user, reverse("projects:overview")).context["total"]
    assert (overview.total, overview.plan) == (0, 0)


# 15, 16. The change log shows amounts as pages do, and people by name.


def test_history_shows_amounts_as_pages_do_and_the_person_with_the_login_on_hover(
    client, make_project, hongta_user
):
    hongta_user.first_name, hongta_user.last_name = "李红梅", ""  # as the demo names people
    hongta_user.save()
    project = make_project(total="31000")
    services.update_project(
        project, by=hongta_user, version=project.version, total_investment=Decimal(18000)
    )
    entry = change_log(project)[0]
    change = next(c for c in entry.changes if c.old == "31000")
    assert (change.old_shown, change.new_shown) == ("31,000.00", "18,000.00")
    html = page(client, hongta_user, project.get_absolute_url()).content.decode()
    history = html.split('id="history"')[1]
    assert "31,000.00" in history and "31000.0000" not in history
    assert '<span class="person" title="hongta">李红梅</span>' in history


def test_a_stale_edit_names_the_person_who_saved_in_between(make_project, hongta_user):
    hongta_user.first_name = "李红梅"
    hongta_user.save()
    project = make_project()
    services.update_project(project, by=hongta_user, version=project.version, notes="一")
    with pytest.raises(ValidationError) as refused:
        services.update_project(project, by=hongta_user, version=project.version, notes="二")
    assert "李红梅" in " ".join(refused.value.messages)


# 22. Optional fields show a dash, and a new project has one "created" history record.


def test_an_empty_sector_shows_a_dash_not_none(client, make_project, city_user):
    project = make_project(sector=None, field="")
    html = page(client, city_user, project.get_absolute_url()).content.decode()
    assert "None" not in html.split('class="fields"')[1].split("</dl>")[0]


def test_a_new_project_with_key_levels_has_one_created_history_record(owner_unit, regions):
    from groundbreak.projects.models import KeyProjectLevel

    levels = list(KeyProjectLevel.objects.all()[:2])
    project = services.create_project(
        by=None,
        key_levels=levels,
        name="一条记录的项目",
        owner_unit=owner_unit,
        region=regions["530402"],
        total_investment=Decimal(1000),
        stage_since=date(2020, 1, 2),
    )
    records = list(project.history.all())
    assert [r.history_type for r in records] == ["+"]
    assert {k.keyprojectlevel_id for k in records[0].key_levels.all()} == {x.pk for x in levels}


# 10. Dates are typed, and 登记入库 is offered only where it would be accepted.


@pytest.mark.parametrize("form_class", [StatisticsEntryForm, WorkStatusForm])
def test_event_forms_leave_the_date_empty_and_require_it(form_class):
    assert form_class().initial.get("date") is None and form_class().fields["date"].initial is None
    assert "date" in form_class(data={"kind": "suspended"}).errors


def test_stage_form_leaves_the_date_empty_and_requires_it(make_project):
    project = make_project()
    form = StageChangeForm(data={"to_stage": Stage.CONTINUING}, project=project)
    assert form.fields["date"].initial is None and "date" in form.errors


@pytest.mark.parametrize(
    "stage, total, offered",
    [
        (Stage.PRELIMINARY, "12000", False),  # not started
        (Stage.NEW_START, "400", False),  # below the statistics threshold
        (Stage.NEW_START, "12000", True),
    ],
)
def test_statistics_entry_is_offered_only_where_the_service_accepts_it(
    client, make_project, city_user, stage, total, offered
):
    project = make_project(stage=stage, total=total)
    context = page(client, city_user, project.get_absolute_url()).context
    assert (context["statistics_form"] is not None) is offered
    assert services.can_enter_statistics(project) is offered


# 9. A project already under way is registered with its real history.


def test_registration_takes_the_stage_and_the_day_it_began(client, hongta_user, make_project):
    owner = make_project().owner_unit  # an owner of 红塔区
    client.force_login(hongta_user)
    data = {
        "name": "红塔区老城改造",
        "code": "2019-530402-48-01-300001",
        "owner_unit": owner.name,
        "region": hongta_user.region.pk,
        "construction_nature": "new",
        "total_investment": "8000",
        "stage": Stage.PRELIMINARY,
        "stage_since": "2019-03-01",
    }
    response = client.post(reverse("projects:project_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get(name="红塔区老城改造")
    assert [(t.to_stage, t.date) for t in project.transitions.all()] == [
        (Stage.PRELIMINARY, date(2019, 3, 1))
    ]
    # A start before the day of registration is accepted, in order and not in the future.
    services.change_stage(project, by=hongta_user, to_stage=Stage.NEW_START, date=date(2019, 9, 1))
    assert Project.objects.get(pk=project.pk).actual_start == date(2019, 9, 1)
    with pytest.raises(ValidationError):
        services.change_stage(
            project, by=hongta_user, to_stage=Stage.CONTINUING, date=date(2019, 8, 1)
        )


def test_registration_asks_when_a_reserve_project_entered_its_stage(client, hongta_user):
    client.force_login(hongta_user)
    response = client.post(reverse("projects:project_add"), {"stage": Stage.RESERVE})
    assert "stage_since" in response.context["form"].errors


def test_registration_refuses_a_stage_since_in_the_future(owner_unit, regions, city_user):
    with pytest.raises(ValidationError) as refused:
        services.create_project(
            by=city_user,
            name="未来项目",
            owner_unit=owner_unit,
            region=regions["530402"],
            total_investment=Decimal(100),
            stage_since=timezone.localdate() + timedelta(days=1),
        )
    assert "stage_since" in refused.value.message_dict


# 12. One scope for every page of a role.

PAGES_WITH_FIGURES = ["projects:project_list", "projects:overview", "projects:resumption"]


@pytest.mark.parametrize(
    "role, visible",
    [
        ("dept_user", {"hongta_a"}),
        ("owner_user", {"hongta_a", "hongta_b", "zone"}),
    ],
)
def test_every_page_counts_only_the_projects_of_the_role(client, portfolio, role, visible, request):
    user = request.getfixturevalue(role)
    expected = {portfolio[k].pk for k in visible}
    assert set(Project.objects.restrict(user, "view").values_list("pk", flat=True)) == expected
    started = {
        portfolio[k].pk
        for k in visible
        if portfolio[k].stage in (Stage.NEW_START, Stage.CONTINUING)
    }
    for name in PAGES_WITH_FIGURES:
        context = page(client, user, reverse(name)).context
        if name == "projects:project_list":
            assert context["totals"]["count"] == len(expected)
        elif name == "projects:overview":
            assert context["total"].count == len(expected)
            total = sum((portfolio[k].total_investment for k in visible), Decimal(0))
            assert context["total"].total == total
        else:
            on_date = date(2020, 6, 1)
            context = page(client, user, reverse(name) + "?date=2020-06-01").context
            assert context["total"].under_construction == len(started) and on_date


# 21. The county's owner-unit list: its own owners, searchable.


def test_county_form_offers_the_owners_of_its_county_in_a_datalist(
    client, portfolio, hongta_user, other_owner
):
    stranger = OwnerUnit.objects.create(name="澄江市某公司")
    html = page(client, hongta_user, reverse("projects:project_add")).content.decode()
    datalist = html.split('<datalist id="owner-units">')[1].split("</datalist>")[0]
    assert portfolio["hongta_a"].owner_unit.name in datalist
    assert other_owner.name not in datalist and stranger.name not in datalist
    assert "<script>" not in html


def test_county_cannot_pick_an_owner_of_another_county(client, portfolio, hongta_user, other_owner):
    client.force_login(hongta_user)
    response = client.post(
        reverse("projects:project_add"),
        {"name": "x", "owner_unit": other_owner.name, "stage": Stage.RESERVE},
    )
    assert "owner_unit" in response.context["form"].errors


def test_edit_form_shows_the_owner_by_name(client, portfolio, hongta_user):
    project = portfolio["hongta_a"]
    form = page(client, hongta_user, reverse("projects:project_edit", args=[project.pk])).context[
        "form"
    ]
    assert f'value="{project.owner_unit.name}"' in str(form["owner_unit"])


# 17. Exports follow the screen's order and say which filters made them.


def read_export(client, user, query):
    client.force_login(user)
    response = client.get(reverse("projects:project_list") + "?export=xlsx&" + query)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_keeps_the_users_sort_and_names_its_filters(client, portfolio, city_user):
    rows = read_export(client, city_user, "sort=-total_investment&stage=new_start")
    names = [r[1] for r in rows[3:-1]]
    listed = page(
        client,
        city_user,
        reverse("projects:project_list") + "?sort=-total_investment&stage=new_start",
    ).context["table"]
    assert names == [row.record.name for row in listed.paginated_rows]
    assert "新开工" in rows[0][0] and "总投资" in rows[0][0]


def test_export_in_the_lists_default_order(client, portfolio, city_user):
    rows = read_export(client, city_user, "")
    listed = page(client, city_user, reverse("projects:project_list")).context["table"]
    assert [r[1] for r in rows[3:-1]] == [row.record.name for row in listed.paginated_rows]
    assert rows[0][0] == "项目清单"


def test_sector_filter_is_named_in_the_export_title(client, portfolio, city_user):
    sector = Sector.objects.get(code="C")
    rows = read_export(client, city_user, f"sector={sector.pk}")
    assert sector.name in rows[0][0]


def test_the_api_registers_a_project_with_the_day_it_entered_its_stage(hongta_user, make_project):
    from rest_framework.test import APIClient

    owner = make_project().owner_unit
    client = APIClient()
    client.force_authenticate(hongta_user)
    payload = {
        "name": "红塔区旧改项目",
        "owner_unit": owner.pk,
        "region": "530402",
        "total_investment": "900",
        "stage": "reserve",
        "stage_since": "2018-06-01",
    }
    response = client.post("/api/projects/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["timeline"][0]["date"] == "2018-06-01"


def test_a_batch_counts_only_the_projects_of_the_role(client, portfolio, city_user, dept_user):
    from groundbreak.projects.models import GroundbreakingBatch

    batch = GroundbreakingBatch(
        name="集中开工", date=date(2020, 2, 25), region=portfolio["hongta_a"].region
    )
    services.save_batch(batch, by=city_user, projects=list(portfolio.values()))
    listed = page(client, dept_user, reverse("projects:batch_list")).context["table"]
    assert [row.record.project_count for row in listed.rows] == [1]
    figures = page(client, dept_user, batch.get_absolute_url()).context["figures"]
    assert figures["count"] == 1 and figures["total"] == portfolio["hongta_a"].total_investment
