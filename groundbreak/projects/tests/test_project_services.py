"""create_project, update_project: validation, scope, versions and history."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groundbreak.core.services import StaleEditError
from groundbreak.projects import services
from groundbreak.projects.choices import ProjectField, Stage
from groundbreak.projects.models import KeyProjectLevel, Project
from groundbreak.regions.models import Sector


@pytest.fixture
def fields(regions, owner_unit):
    return {
        "name": "玉溪市中心城区排水管网改造",
        "code": "2020-530402-48-01-100001",
        "owner_unit": owner_unit,
        "region": regions["530402"],
        "field": ProjectField.INFRASTRUCTURE,
        "sector": Sector.objects.get(code="N"),
        "total_investment": Decimal("35000"),
        "plans": {2020: Decimal("8000")},
        "stage": Stage.PRELIMINARY,
    }


def test_county_registers_a_project_in_its_county_with_history_and_timeline(fields, hongta_user):
    level = KeyProjectLevel.objects.get(code="city-key")
    project = services.create_project(by=hongta_user, key_levels=[level], **fields)
    assert project.name_initials == "yxszxcqpsgwgz"
    assert list(project.key_levels.all()) == [level]
    assert {record.history_user for record in project.history.all()} == {hongta_user}
    assert project.history.last().history_type == "+"
    assert list(
        project.history.first().key_levels.values_list("keyprojectlevel__code", flat=True)
    ) == ["city-key"]
    assert [t.to_stage for t in project.transitions.all()] == [Stage.PRELIMINARY]


def test_county_cannot_register_a_project_in_another_county(fields, jiangchuan_user):
    with pytest.raises(PermissionDenied):
        services.create_project(by=jiangchuan_user, **fields)


@pytest.mark.parametrize("role", ["dept_user", "owner_user", "leader_user", "auditor_user"])
def test_only_city_and_county_register_projects(request, fields, role):
    with pytest.raises(PermissionDenied):
        services.create_project(by=request.getfixturevalue(role), **fields)


def test_plan_above_total_is_refused_on_the_plan_field(fields, city_user):
    fields["plans"] = {2020: Decimal("35000.0001")}
    with pytest.raises(ValidationError) as error:
        services.create_project(by=city_user, **fields)
    assert "annual_plan" in error.value.message_dict


COMPLETE = {
    "address": "红塔区玉兴路",
    "planned_start": date(2020, 3, 1),
    "planned_completion": date(2021, 12, 31),
}


def test_started_project_without_its_start_is_kept_and_listed_to_complete(fields, city_user):
    fields.update(COMPLETE, stage=Stage.NEW_START)
    kept = services.create_project(by=city_user, stage_since=date(2020, 3, 1), **fields)
    assert kept.missing_fields == ["actual_start"]
    assert Project.objects.incomplete().filter(pk=kept.pk).exists()
    assert kept.transitions.get().date == date(2020, 3, 1)  # the day given, no start invented
    fields["name"], fields["code"] = "另一个新开工项目", "2020-530402-48-01-100002"
    project = services.create_project(by=city_user, actual_start=date(2020, 2, 25), **fields)
    assert project.transitions.get().date == date(2020, 2, 25)
    assert not Project.objects.incomplete().filter(pk=project.pk).exists()


def test_duplicate_project_code_is_refused(fields, city_user):
    services.create_project(by=city_user, **fields)
    fields["name"] = "另一个项目"
    with pytest.raises(ValidationError):
        services.create_project(by=city_user, **fields)


def test_a_project_without_code_or_owner_is_kept_and_listed_to_complete(fields, city_user):
    fields.update(COMPLETE, code="", stage=Stage.RESERVE, owner_unit=None)
    reserve = services.create_project(by=city_user, **fields)
    assert reserve.missing_fields == ["owner_unit"]  # a reserve project has no code yet
    fields.update(name="前期无代码", stage=Stage.PRELIMINARY)
    preliminary = services.create_project(by=city_user, **fields)
    assert preliminary.missing_fields == ["owner_unit", "code"]
    assert set(Project.objects.incomplete().values_list("pk", flat=True)) >= {
        reserve.pk,
        preliminary.pk,
    }
    flags = Project.objects.with_missing().get(pk=preliminary.pk)
    assert flags.lacks_owner_unit and flags.lacks_code and not flags.lacks_sector


def test_funding_sources_cannot_exceed_total(fields, city_user):
    fields.update(funding_bonds=Decimal("20000"), funding_loans=Decimal("15001"))
    with pytest.raises(ValidationError):
        services.create_project(by=city_user, **fields)


def test_edit_records_old_and_new_in_history(portfolio, hongta_user):
    project = portfolio["hongta_a"]
    services.update_project(
        project, by=hongta_user, version=project.version, total_investment=Decimal("15000")
    )
    project.refresh_from_db()
    assert project.version == 2
    last = project.history.first()
    assert last.history_user == hongta_user
    delta = last.diff_against(last.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "total_investment"] == [
        ("total_investment", Decimal("12000.0000"), Decimal("15000.0000"))
    ]


def test_stale_edit_is_refused_not_merged(portfolio, hongta_user, city_user):
    project = portfolio["hongta_a"]
    services.update_project(project, by=city_user, version=1, name="新名称")
    with pytest.raises(StaleEditError) as error:
        services.update_project(project, by=hongta_user, version=1, contact_person="李四")
    assert "city" in error.value.messages[0]
    project.refresh_from_db()
    assert (project.name, project.contact_person) == ("新名称", "")


def test_county_cannot_move_its_project_to_another_county(portfolio, hongta_user, jiangchuan):
    project = portfolio["hongta_a"]
    with pytest.raises(PermissionDenied):
        services.update_project(project, by=hongta_user, version=1, region=jiangchuan)
    project.refresh_from_db()
    assert project.region.code == "530402"


def test_county_cannot_edit_another_countys_project(portfolio, jiangchuan_user):
    with pytest.raises(PermissionDenied):
        services.update_project(portfolio["hongta_a"], by=jiangchuan_user, version=1, name="x")


def test_edit_cannot_touch_the_stage(portfolio, city_user):
    with pytest.raises(ValidationError):
        services.update_project(
            portfolio["hongta_a"], by=city_user, version=1, stage=Stage.COMPLETED
        )
