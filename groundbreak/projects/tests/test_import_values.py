"""How cells of a county's table become a project's values."""

from datetime import date

import pytest

from groundbreak.projects.importing import RowError, parse_date_cell, parse_span


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2019-2021", date(2019, 1, 1), date(2021, 12, 31)),
        ("2019年-2021年", date(2019, 1, 1), date(2021, 12, 31)),
        ("2020.03-2022.12", date(2020, 3, 1), date(2022, 12, 31)),
        ("2020年3月至2022年2月", date(2020, 3, 1), date(2022, 2, 28)),
        ("2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("２０１９—２０２１", date(2019, 1, 1), date(2021, 12, 31)),
    ],
)
def test_construction_periods(text, start, end):
    assert parse_span(text) == (start, end)


@pytest.mark.parametrize("text", ["明年", "2020.13-2021.01", ""])
def test_nonsense_periods_are_refused(text):
    with pytest.raises(RowError):
        parse_span(text)


@pytest.mark.parametrize(
    "value, expected",
    [
        (date(2020, 3, 13), date(2020, 3, 13)),
        ("2020-03-13", date(2020, 3, 13)),
        ("2020/3/13", date(2020, 3, 13)),
        ("2020.3.13", date(2020, 3, 13)),
        ("2020年3月13日", date(2020, 3, 13)),
        ("2020年3月", date(2020, 3, 1)),
        ("20200313", date(2020, 3, 13)),
        (43903.0, date(2020, 3, 13)),  # Excel's day number
    ],
)
def test_dates_as_counties_write_them(value, expected):
    assert parse_date_cell(value) == expected


@pytest.mark.parametrize("value", ["2020-13-45", "下月", "2020年"])
def test_bad_dates_are_refused_naming_the_value(value):
    with pytest.raises(RowError) as error:
        parse_date_cell(value, "planned_start")
    assert value in error.value.message and error.value.field == "planned_start"


def test_address_nature_and_period_columns_are_imported(hongta_user, hongta):
    from groundbreak.imports import services
    from groundbreak.imports.tests.helpers import xlsx
    from groundbreak.projects.models import Project

    header = [
        "项目名称",
        "建设单位",
        "建设地点",
        "建设性质",
        "开竣工时间",
        "总投资（万元）",
        "项目阶段",
        "项目代码",
    ]
    row = [
        "红塔区北城污水处理厂扩建工程",
        "红塔区水务局",
        "红塔区北城街道",
        "扩建",
        "2020.03-2021.06",
        8000,
        "新开工",
        "2020-530402-76-01-000777",
    ]
    record = services.start_import(
        kind="projects",
        region=hongta,
        content=xlsx([header, row]),
        filename="x.xlsx",
        by=hongta_user,
    )
    services.confirm_import(record, by=hongta_user)
    project = Project.objects.get()
    assert (project.address, project.construction_nature) == ("红塔区北城街道", "expansion")
    assert (project.planned_start, project.planned_completion, project.actual_start) == (
        date(2020, 3, 1),
        date(2021, 6, 30),
        date(2020, 3, 1),
    )
