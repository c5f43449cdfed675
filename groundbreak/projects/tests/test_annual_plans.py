"""A plan per project per year: next year's list never changes this year's figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from groundbreak.imports import services as imports
from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx
from groundbreak.projects import services
from groundbreak.projects.models import AnnualPlan, GroundbreakingBatch, Project, this_year
from groundbreak.projects.selectors import batch_figures, project_log
from groundbreak.reporting.models import ProjectYearSummary
from groundbreak.reporting.services import update_year_summary

PLAN_2020 = ["项目代码", "项目名称", "业主单位", "领域", "项目阶段", "总投资（万元）",
             "2020年计划投资（万元）", "计划开工时间"]  # fmt: skip
PLAN_2021 = [*PLAN_2020[:6], "2021年度计划投资（万元）", PLAN_2020[7]]


def run_import(content, user, region, **options):
    record = imports.start_import(
        kind="projects",
        region=region,
        content=content,
        filename="清单.xlsx",
        by=user,
        options=options or None,
    )
    assert record.status == "previewed", (record.error, record.preview.get("refusals"))
    return record, imports.confirm_import(record, by=user)


def test_a_2021_list_leaves_the_2020_plan_batch_and_year_summary_as_they_were(
    hongta_user, city_user, hongta
):
    run_import(xlsx([PLAN_2020, *project_rows(3)]), hongta_user, hongta)
    projects = list(Project.objects.filter(name__startswith="导入测试项目").order_by("name"))
    batch = GroundbreakingBatch.objects.create(
        name="一季度集中开工", date=date(2020, 2, 25), region=hongta
    )
    batch.projects.set(projects)
    summaries = [update_year_summary(p, 2020) for p in projects]
    plan_2020 = batch_figures(batch, city_user)["plan"]
    assert plan_2020 == Decimal(600)
    ProjectYearSummary.objects.create(project=projects[0], year=2021)

    rows = project_rows(3)
    for row in rows:
        row[6] = row[6] * 3 // 2  # the 2021 plans: 150, 300, 450
    record, _applied = run_import(xlsx([PLAN_2021, *rows]), hongta_user, hongta)

    assert record.preview["plan_year"]["year"] == 2021
    assert record.preview["plan_year"]["source"] == "header"
    assert [p.plan_for(2020) for p in projects] == [Decimal(100), Decimal(200), Decimal(300)]
    assert [p.plan_for(2021) for p in projects] == [Decimal(150), Decimal(300), Decimal(450)]
    assert batch_figures(batch, city_user)["plan"] == plan_2020
    for summary in summaries:
        stored = ProjectYearSummary.objects.get(pk=summary.pk)
        assert stored.annual_plan == summary.annual_plan
        assert update_year_summary(stored.project, 2020).annual_plan == summary.annual_plan
    # The 2021 summary follows the 2021 plan as it is written.
    assert ProjectYearSummary.objects.get(project=projects[0], year=2021).annual_plan == 150
    # Only the plans were new: the projects' records did not change.
    assert all(p.history.count() == 1 for p in projects)


def test_history_keeps_each_year_s_plan_changes(hongta_user, hongta):
    run_import(xlsx([PLAN_2020, *project_rows(1)]), hongta_user, hongta)
    rows = project_rows(1)
    rows[0][6] = 130
    record, _applied = run_import(xlsx([PLAN_2020, *rows]), hongta_user, hongta)
    change = record.preview["rows"][0]["changes"][0]
    assert (change["field"], change["old"], change["new"]) == (
        "annual_plan",
        "100.0000",
        "130.0000",
    )
    project = Project.objects.get(name="导入测试项目1")
    plan = AnnualPlan.objects.get(project=project, year=2020)
    assert [(h.history_type, h.amount) for h in plan.history.order_by("history_id")] == [
        ("+", Decimal(100)),
        ("~", Decimal(130)),
    ]
    assert plan.history.first().history_user == hongta_user
    assert plan.history.first().history_change_reason == f"Import #{record.pk} 清单.xlsx"
    logged = [c for entry in project_log(project) for c in entry.changes if "2020" in c.label]
    assert [(c.old, c.new) for c in logged] == [("100", "130"), ("—", "100")]


def test_a_list_without_a_year_is_written_to_the_chosen_year_and_the_preview_says_so(
    hongta_user, hongta
):
    record, _applied = run_import(xlsx([HEADER, *project_rows(2)]), hongta_user, hongta, year=2021)
    assert record.options == {"year": 2021}
    assert record.preview["plan_year"]["year"] == 2021
    assert record.preview["plan_year"]["source"] == "option"
    assert set(AnnualPlan.objects.values_list("year", flat=True)) == {2021}


def test_a_list_naming_no_year_anywhere_goes_to_this_year(hongta_user, hongta):
    record, _applied = run_import(xlsx([HEADER, *project_rows(1)]), hongta_user, hongta)
    assert record.preview["plan_year"]["source"] == "default"
    assert AnnualPlan.objects.get().year == this_year()


def test_a_plan_year_column_puts_each_row_in_its_own_year(hongta_user, hongta):
    header = [*HEADER, "计划年度"]
    rows = [[*row, year] for row, year in zip(project_rows(2), (2020, 2021), strict=True)]
    record, _applied = run_import(xlsx([header, *rows]), hongta_user, hongta, year=2020)
    assert [r["plan_year"] for r in record.preview["rows"]] == [2020, 2021]
    assert record.preview["plan_year"]["other_years"] == [2021]
    assert sorted(AnnualPlan.objects.values_list("project__name", "year")) == [
        ("导入测试项目1", 2020),
        ("导入测试项目2", 2021),
    ]


def test_a_bad_year_option_is_refused(hongta_user, hongta):
    with pytest.raises(ValidationError):
        imports.start_import(
            kind="projects",
            region=hongta,
            content=xlsx([HEADER, *project_rows(1)]),
            filename="清单.xlsx",
            by=hongta_user,
            options={"year": "明年"},
        )


def test_an_edit_sets_one_year_s_plan_and_keeps_the_others(make_project, hongta_user):
    project = make_project(total="12000")  # a 2020 plan of 3000
    services.update_project(
        project, by=hongta_user, version=project.version, plans={2021: Decimal(5000)}
    )
    assert (project.plan_for(2020), project.plan_for(2021)) == (Decimal(3000), Decimal(5000))
    plan = AnnualPlan.objects.get(project=project, year=2021)
    assert plan.history.get().history_user == hongta_user
    services.update_project(
        project, by=hongta_user, version=project.version + 1, plans={2021: None}
    )
    assert project.plan_for(2021) is None and project.plan_for(2020) == Decimal(3000)
    assert plan.history.order_by("history_id").last().history_type == "-"


def test_a_total_below_a_year_s_plan_is_refused(make_project, hongta_user):
    project = make_project(total="12000")  # a 2020 plan of 3000
    with pytest.raises(ValidationError) as error:
        services.update_project(
            project, by=hongta_user, version=project.version, total_investment=Decimal(2000)
        )
    assert "total_investment" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.set_annual_plan(project, by=hongta_user, year=2021, amount=Decimal(12001))
    assert "annual_plan" in error.value.message_dict


def test_the_project_list_shows_the_plan_of_the_year_asked_for(client, city_user, make_project):
    project = make_project(total="12000", plans={2020: 3000, 2021: 4000})
    client.force_login(city_user)
    default = client.get("/projects/")
    assert default.context["plan_year"] == 2021
    assert default.context["totals"]["plan"] == Decimal(4000)
    page = client.get("/projects/", {"year": 2020})
    assert page.context["totals"]["plan"] == Decimal(3000)
    assert "2020" in page.context["table"].columns["annual_plan"].header
    api = client.get(f"/api/projects/{project.pk}/", {"year": 2020}).json()
    assert (api["plan_year"], api["annual_plan"]) == (2020, "3000.0000")
    assert [p["year"] for p in api["plans"]] == [2020, 2021]


def _sheet(content):
    import io

    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


@pytest.mark.parametrize(
    "url", ["/projects/?export=xlsx&year=2021", "/projects/template/?year=2021"]
)
def test_the_export_and_the_template_name_their_year_and_import_back_into_it(
    client, hongta_user, hongta, make_project, url
):
    project = make_project(total="12000", plans={2020: 3000, 2021: 4000})
    client.force_login(hongta_user)
    content = client.get(url).content
    headers = [str(h) for h in _sheet(content)[2]]
    assert "2021年计划投资（万元）" in headers
    record = imports.start_import(
        kind="projects", region=hongta, content=content, filename="导出.xlsx", by=hongta_user
    )
    assert record.preview["plan_year"]["year"] == 2021
    row = next(r for r in record.preview["rows"] if r["project"] == project.pk)
    assert (row["action"], row["annual_plan"]) == ("unchanged", "4000.0000")


def test_the_console_import_takes_the_year_and_says_which_year_it_writes(tmp_path, hongta, capsys):
    from django.core.management import call_command

    path = tmp_path / "清单.xlsx"
    path.write_bytes(xlsx([HEADER, *project_rows(1)]))
    call_command("import", "projects", str(path), "--region", "530402", "--year", "2021")
    assert "plans written to 2021 (option)" in capsys.readouterr().out
    assert AnnualPlan.objects.get().year == 2021


def test_the_edit_form_sets_the_plan_of_the_year_it_names_only(client, hongta_user, make_project):
    project = make_project(total="12000")  # a 2020 plan of 3000
    client.force_login(hongta_user)
    form = client.get(f"/projects/{project.pk}/edit/").context["form"]
    assert (form["plan_year"].initial, form["annual_plan"].initial) == (2020, Decimal(3000))
    data = {
        name: value
        for name, value in (
            (field.name, field.value()) for field in form if field.name != "key_levels"
        )
        if value is not None
    }
    data.update(plan_year="2021", annual_plan="4,500")
    response = client.post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert (project.plan_for(2020), project.plan_for(2021)) == (Decimal(3000), Decimal(4500))


def test_the_api_sets_and_removes_one_year_s_plan(city_user, make_project):
    from rest_framework.test import APIClient

    project = make_project(total="12000", plans={2020: 3000, 2021: 4000})
    client = APIClient()
    client.force_authenticate(city_user)
    response = client.patch(
        f"/api/projects/{project.pk}/",
        {"version": project.version, "plans": [{"year": 2021, "amount": None}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["plans"] == [{"year": 2020, "amount": "3000.0000"}]
    assert list(project.plans.values_list("year", flat=True)) == [2020]


def test_the_overview_and_the_batch_read_the_plan_of_their_year(
    client, city_user, hongta, make_project
):
    project = make_project(total="12000", plans={2020: 3000, 2021: 4000})
    client.force_login(city_user)
    assert client.get("/overview/").context["total"].plan == Decimal(4000)
    assert client.get("/overview/", {"year": 2020}).context["total"].plan == Decimal(3000)
    batch = GroundbreakingBatch.objects.create(
        name="集中开工", date=date(2020, 2, 25), region=hongta
    )
    batch.projects.set([project])
    page = client.get(f"/batches/{batch.pk}/")
    assert page.context["figures"]["plan"] == Decimal(3000)
    assert "2020年计划投资" in page.content.decode()
