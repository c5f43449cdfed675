"""A less precise date never replaces a more precise one it agrees with (2020-03 vs 2020-03-23)."""

from datetime import date

from groundbreak.imports import services as imports
from groundbreak.imports.tests.helpers import xlsx
from groundbreak.projects.models import Project

HEADER = [
    "项目代码",
    "项目名称",
    "业主单位",
    "项目阶段",
    "总投资（万元）",
    "计划开工时间",
    "计划竣工时间",
]
CODE = "2020-530402-48-01-912345"


def run(rows, user, region, header=HEADER):
    record = imports.start_import(
        kind="projects", region=region, content=xlsx([header, *rows]), filename="清单.xlsx", by=user
    )
    assert record.status == "previewed", (record.error, record.preview.get("refusals"))
    imports.confirm_import(record, by=user)
    return record.preview


def row(start, end):
    return [CODE, "玉溪日期测试项目", "玉溪市日期测试公司", "前期", 5000, start, end]


def test_a_month_only_date_keeps_the_exact_day_of_the_same_month(hongta_user, hongta):
    run([row("2020-03-23", "2021-06-30")], hongta_user, hongta)
    preview = run([row("2020-03", "2021年6月")], hongta_user, hongta)
    assert preview["rows"][0]["action"] == "unchanged"
    assert preview["rows"][0]["changes"] == []
    project = Project.objects.get(code=CODE)
    assert (project.planned_start, project.planned_completion) == (
        date(2020, 3, 23),
        date(2021, 6, 30),
    )
    assert project.history.count() == 1


def test_a_month_only_date_of_another_month_is_a_real_change(hongta_user, hongta):
    run([row("2020-03-23", "2021-06-30")], hongta_user, hongta)
    preview = run([row("2020-04", "2021-06")], hongta_user, hongta)
    changes = preview["rows"][0]["changes"]
    assert [(c["field"], c["old"], c["new"]) for c in changes] == [
        ("planned_start", "2020-03-23", "2020-04")
    ]
    assert Project.objects.get(code=CODE).planned_start == date(2020, 4, 1)


def test_an_exact_day_replaces_a_month_only_one(hongta_user, hongta):
    run([row("2020-03", None)], hongta_user, hongta)
    assert Project.objects.get(code=CODE).planned_start == date(2020, 3, 1)
    run([row("2020-03-23", None)], hongta_user, hongta)
    assert Project.objects.get(code=CODE).planned_start == date(2020, 3, 23)


def test_a_span_of_years_keeps_the_exact_days_within_those_years(hongta_user, hongta):
    run([row("2020-03-23", "2022-06-30")], hongta_user, hongta)
    header = [*HEADER[:5], "建设年限"]
    preview = run([[*row(None, None)[:5], "2020-2022"]], hongta_user, hongta, header=header)
    assert preview["rows"][0]["action"] == "unchanged"
    preview = run([[*row(None, None)[:5], "2020.03-2023.06"]], hongta_user, hongta, header=header)
    assert [(c["field"], c["new"]) for c in preview["rows"][0]["changes"]] == [
        ("planned_completion", "2023-06")
    ]
    project = Project.objects.get(code=CODE)
    assert (project.planned_start, project.planned_completion) == (
        date(2020, 3, 23),
        date(2023, 6, 30),
    )
