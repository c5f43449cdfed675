"""A county's real list goes in whole (issue 19): absent values are kept and flagged (待补全),
present-and-wrong values are refused, and the actions that need a value refuse later, naming it."""

import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from groundbreak.imports import services as imports
from groundbreak.imports.tests.helpers import xlsx
from groundbreak.projects import services
from groundbreak.projects.choices import Stage
from groundbreak.projects.models import Project
from groundbreak.projects.tests.county_lists import HEADER, county_list


def start(content, user, region, name="江川区重点项目清单.xlsx"):
    return imports.start_import(
        kind="projects", region=region, content=content, filename=name, by=user
    )


def imported(user, region, sample):
    record = start(sample.content, user, region)
    imports.confirm_import(record, by=user)
    return record


def test_a_list_without_owners_goes_in_whole_and_its_gaps_are_counted(jiangchuan_user, jiangchuan):
    sample = county_list()
    record = start(sample.content, jiangchuan_user, jiangchuan)
    preview = record.preview
    totals = preview["totals"]
    assert preview["refusals"] == []
    assert (totals["create"], totals["refused"]) == (24, 0)
    assert sum(1 for lacks in sample.missing.values() if "owner_unit" in lacks) >= 19
    assert totals["missing"] == sample.counts()
    assert totals["incomplete"] == 24  # no list here has a sector column
    assert {m["field"]: m["count"] for m in preview["missing"]} == sample.counts()
    assert Decimal(totals["total_investment"]) == sample.total
    assert Decimal(totals["annual_plan"]) == sample.plan
    assert all(check["ok"] for check in preview["checks"])  # the 合计 line adds up
    by_name = {row["name"]: [m["field"] for m in row["missing"]] for row in preview["rows"]}
    assert by_name == sample.missing

    imports.confirm_import(record, by=jiangchuan_user)
    projects = Project.objects.filter(region=jiangchuan)
    assert projects.count() == 24
    assert sum(p.total_investment for p in projects) == sample.total
    listed = {p.name: p.missing_fields for p in projects.incomplete()}
    assert listed == sample.missing
    assert projects.missing_counts() == {
        name: sample.counts().get(name, 0) for name in projects.missing_counts()
    }
    ownerless = projects.filter(owner_unit__isnull=True).first()
    assert ownerless.history.get().history_user == jiangchuan_user


def test_the_command_line_dry_run_counts_the_gaps_and_refuses_nothing(tmp_path, jiangchuan, capsys):
    sample = county_list(n=30)
    path = tmp_path / "江川区.xlsx"
    path.write_bytes(sample.content)
    call_command(
        "import", "projects", str(path), "--region", "530403", "--dry-run", "--json", verbosity=0
    )
    output = json.loads(capsys.readouterr().out)
    assert output["refusals"] == [] and output["totals"]["create"] == 30
    assert output["totals"]["missing"] == sample.counts()
    assert Decimal(output["totals"]["total_investment"]) == sample.total
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "field"),
    [
        (7, "12x5", "total_investment"),  # unreadable amount
        (8, -5, "annual_plan"),  # negative amount
        (9, "2020-13-45", "planned_start"),  # a date that is not a date
        (2, "2020-53", "code"),  # a code of the wrong form
    ],
)
def test_a_value_present_and_wrong_is_still_refused(
    jiangchuan_user, jiangchuan, column, value, field
):
    row = [1, "江川区测试道路项目", "", "", "", "", "", 1000, 100, "", ""]
    row[column] = value
    record = start(xlsx([HEADER, row]), jiangchuan_user, jiangchuan)
    assert [r["field"] for r in record.preview["refusals"]] == [field]


def test_a_region_outside_the_county_is_refused_and_a_plan_above_the_total_only_warned(
    jiangchuan_user, jiangchuan
):
    header = [*HEADER, "县（市、区）"]
    outside = [1, "红塔区某项目", "", "", "", "", "", 1000, 100, "", "", "红塔区"]
    above = [2, "江川区计划大于总投资项目", "", "", "", "", "", 1000, 1200, "", "", "江川区"]
    record = start(xlsx([header, outside, above]), jiangchuan_user, jiangchuan)
    assert [(r["row"], r["field"]) for r in record.preview["refusals"]] == [(2, "region")]
    (row,) = record.preview["rows"]
    assert row["action"] == "create" and row["warnings"]


@pytest.fixture
def ownerless(make_project, hongta):
    project = make_project(stage=Stage.NEW_START, owner_unit=None)
    assert project.missing_fields[0] == "owner_unit"
    return project


def test_entering_the_statistics_names_the_missing_owner_unit(ownerless, city_user):
    with translation.override("zh-hans"):
        refusal = services.statistics_entry_refusal(ownerless)
        assert refusal == "入库须先填写业主单位。"
        with pytest.raises(ValidationError) as error:
            services.mark_in_statistics(ownerless, by=city_user, date=date(2020, 3, 1))
    assert "业主单位" in error.value.messages[0]


def test_the_start_needs_the_owner_unit_and_the_code(make_project, city_user):
    project = make_project(stage=Stage.PRELIMINARY, owner_unit=None)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.change_stage(
            project, by=city_user, to_stage=Stage.NEW_START, date=date(2020, 3, 1)
        )
    assert "owner unit" in error.value.messages[0]
    project = make_project(stage=Stage.PRELIMINARY, code="")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.change_stage(
            project, by=city_user, to_stage=Stage.NEW_START, date=date(2020, 3, 1)
        )
    assert "project code" in error.value.messages[0]


def test_an_ownerless_project_is_reported_by_its_county_not_by_an_owner(
    ownerless, owner_user, hongta_user
):
    from groundbreak.reporting.models import reporting_projects

    assert not reporting_projects(owner_user, "fill").filter(pk=ownerless.pk).exists()
    assert reporting_projects(hongta_user, "fill").filter(pk=ownerless.pk).exists()


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_to_complete_page_keeps_each_county_to_itself(
    jiangchuan_user, jiangchuan, hongta_user, city_user
):
    sample = county_list()
    imported(jiangchuan_user, jiangchuan, sample)
    url = reverse("projects:to_complete")
    page = logged_in(jiangchuan_user).get(url).content.decode()
    assert all(name in page for name in sample.names)
    hongta_page = logged_in(hongta_user).get(url).content.decode()
    assert not any(name in hongta_page for name in sample.names)
    assert 'id="complete-empty"' in hongta_page
    city = logged_in(city_user)
    assert sample.names[0] in city.get(url, {"region": jiangchuan.pk}).content.decode()
    other = Project.objects.filter(region=jiangchuan).first()
    answer = logged_in(hongta_user).post(
        reverse("projects:project_complete", args=[other.pk]),
        {f"p{other.pk}-version": other.version, f"p{other.pk}-address": "红塔区某处"},
    )
    assert answer.status_code == 404
    other.refresh_from_db()
    assert other.address != "红塔区某处"


def test_one_owner_filled_in_place_through_the_update_service(jiangchuan_user, jiangchuan):
    sample = county_list(n=6)
    imported(jiangchuan_user, jiangchuan, sample)
    project = Project.objects.filter(region=jiangchuan, owner_unit__isnull=True).first()
    owner = Project.objects.exclude(owner_unit=None).first().owner_unit  # the county's owner
    client = logged_in(jiangchuan_user)
    answer = client.post(
        reverse("projects:project_complete", args=[project.pk]),
        {
            f"p{project.pk}-version": project.version,
            f"p{project.pk}-owner_unit": owner.name,
            "next": reverse("projects:to_complete"),
        },
    )
    assert answer.status_code == 302
    project.refresh_from_db()
    assert project.owner_unit == owner
    assert "owner_unit" not in project.missing_fields
    latest = project.history.first()
    assert (latest.history_user, latest.history_change_reason) == (jiangchuan_user, "Gaps filled")
    stale = client.post(
        reverse("projects:project_complete", args=[project.pk]),
        {f"p{project.pk}-version": project.version - 1, f"p{project.pk}-address": "某处"},
    )
    assert stale.status_code == 302
    project.refresh_from_db()
    assert project.address != "某处"  # an edit on a stale version is refused


def test_export_fill_in_and_import_back_fills_the_gaps_and_erases_nothing(
    jiangchuan_user, jiangchuan
):
    sample = county_list(n=12)
    imported(jiangchuan_user, jiangchuan, sample)
    before = Project.objects.filter(region=jiangchuan).incomplete().count()
    client = logged_in(jiangchuan_user)
    answer = client.get(reverse("projects:to_complete"), {"export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    sheet = book.active
    header = [cell.value for cell in sheet[3]]
    owner_col, address_col = header.index("业主单位") + 1, header.index("建设地点") + 1
    name_col = header.index("项目名称") + 1
    filled = {}
    for r in range(4, sheet.max_row + 1):
        name = sheet.cell(r, name_col).value
        if name and not sheet.cell(r, owner_col).value and len(filled) < 3:
            sheet.cell(r, owner_col).value = "江川区交通建设投资有限公司"
            filled[name] = r
    # A county that deletes a known address in its copy does not erase it in the system.
    addressed = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, address_col).value)
    kept_name = sheet.cell(addressed, name_col).value
    kept_address = sheet.cell(addressed, address_col).value
    sheet.cell(addressed, address_col).value = None
    out = io.BytesIO()
    book.save(out)

    record = start(out.getvalue(), jiangchuan_user, jiangchuan, name="待补全.xlsx")
    assert record.preview["refusals"] == []
    assert record.preview["totals"]["create"] == 0
    assert record.preview["totals"]["update"] == len(filled) == 3
    imports.confirm_import(record, by=jiangchuan_user)
    for name in filled:
        project = Project.objects.get(name=name)
        assert project.owner_unit.name == "江川区交通建设投资有限公司"
    assert Project.objects.get(name=kept_name).address == kept_address
    after = Project.objects.filter(region=jiangchuan, owner_unit__isnull=True).count()
    assert after == sum("owner_unit" in m for m in sample.missing.values()) - 3
    assert Project.objects.filter(region=jiangchuan).incomplete().count() == before  # sectors


def test_the_api_lists_the_incomplete_projects_with_what_they_lack(
    jiangchuan_user, jiangchuan, hongta_user
):
    sample = county_list(n=8)
    imported(jiangchuan_user, jiangchuan, sample)
    client = APIClient()
    client.force_authenticate(jiangchuan_user)
    answer = client.get("/api/projects/", {"incomplete": "true", "page_size": 100}).json()
    rows = answer.get("results", answer)
    assert {r["name"]: r["missing"] for r in rows} == sample.missing
    only = client.get("/api/projects/", {"missing": "owner_unit", "page_size": 100}).json()
    assert {r["name"] for r in only.get("results", only)} == {
        name for name, lacks in sample.missing.items() if "owner_unit" in lacks
    }
    client.force_authenticate(hongta_user)
    answer = client.get("/api/projects/", {"incomplete": "true"}).json()
    assert answer.get("results", answer) == []


def test_a_plan_above_the_total_does_not_block_filling_the_owner_later(
    jiangchuan_user, jiangchuan, other_owner
):
    row = [1, "江川区计划大于总投资项目", "", "", "", "", "", 1000, 1200, "", ""]
    record = start(xlsx([HEADER, row]), jiangchuan_user, jiangchuan)
    imports.confirm_import(record, by=jiangchuan_user)
    project = Project.objects.get(name="江川区计划大于总投资项目")
    assert project.plan_for(2020) == Decimal(1200)
    services.update_project(
        project, by=jiangchuan_user, version=project.version, owner_unit=other_owner
    )
    project.refresh_from_db()
    assert project.owner_unit == other_owner
    with pytest.raises(ValidationError):  # changing the total still checks the plans
        services.update_project(
            project, by=jiangchuan_user, version=project.version, total_investment=Decimal(900)
        )


def test_a_row_that_changes_nothing_is_not_refused_for_what_its_project_holds(
    jiangchuan_user, jiangchuan
):
    """A project stored before a rule was tightened (its funding above its total) is listed
    again unchanged: the row brings no value to refuse; a row that changes it is checked."""
    row = [1, "江川区既有道路项目", "", "", "", "", "", 1000, 1200, "", ""]
    imported(jiangchuan_user, jiangchuan, type("Sample", (), {"content": xlsx([HEADER, row])}))
    Project.objects.filter(name="江川区既有道路项目").update(funding_government=Decimal(5000))
    again = start(xlsx([HEADER, row]), jiangchuan_user, jiangchuan)
    assert again.preview["refusals"] == []
    (unchanged,) = again.preview["rows"]
    assert unchanged["action"] == "unchanged" and unchanged["warnings"]  # the plan above total
    changed = start(xlsx([HEADER, [*row[:7], 2000, *row[8:]]]), jiangchuan_user, jiangchuan)
    assert [r["field"] for r in changed.preview["refusals"]] == ["funding_other"]
