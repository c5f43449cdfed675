"""A list laid out as news pages publish it (title, unit line, a header merged over two rows
with no sub-headers, sections, a 合计 line, no owner column, the county's own bureaus as 责任单位,
periods as durations or a single year, amounts in mixed 亿/万 writing) goes in whole."""

import io
from datetime import date
from decimal import Decimal

import pytest
import xlsxwriter

from groundbreak.imports import services as imports
from groundbreak.projects.models import Project

HEADERS = ["序号", "项目名称", "建设内容及规模", "总投资", "2020年计划投资", "建设年限", "责任单位"]
ROWS = [
    "一、基础设施",
    ("红塔区玉带路提升改造工程", "道路全长3.2公里", "2亿3500万元", "8000", "2020-2022", "区住建局"),
    ("红塔区北城片区雨污分流工程", "管网28公里", "1.2亿元", "5000", "建设工期2年", ""),
    (
        "红塔区大营街水系连通工程",
        "河道整治6公里",
        "约8600万元",
        "3000",
        "2020年3月至2021年12月",
        "",
    ),
    "二、社会民生",
    (
        "红塔区第一中学扩建项目",
        "教学楼3.6万平方米",
        "一亿二千万元",
        "4000",
        "工期36个月",
        "区教体局",
    ),
    ("红塔区老旧小区改造", "改造小区46个", "12,000万", "12000", "2020年", "区住建局"),
]


def published_list():
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.merge_range(0, 0, 0, 6, "红塔区2020年重点建设项目清单")
    sheet.write(1, 5, "单位：万元")
    for col, header in enumerate(HEADERS):
        sheet.merge_range(2, col, 3, col, header)  # every header over two rows, none split
    row, number = 4, 0
    for line in ROWS:
        if isinstance(line, str):
            sheet.write(row, 0, line)
        else:
            number += 1
            sheet.write_row(row, 0, [number, *line])
        row += 1
    sheet.write_row(row, 0, ["合计", "", "", "", "32000"])
    book.close()
    return out.getvalue()


@pytest.mark.django_db
def test_a_published_list_goes_in_whole_with_its_count_and_totals(hongta_user, hongta):
    record = imports.start_import(
        kind="projects",
        region=hongta,
        content=published_list(),
        filename="红塔区.xlsx",
        by=hongta_user,
    )
    preview = record.preview
    assert preview["refusals"] == []
    assert preview["totals"]["create"] == 5
    assert all(check["ok"] for check in preview["checks"])
    assert Decimal(preview["totals"]["annual_plan"]) == Decimal("32000")
    assert Decimal(preview["totals"]["total_investment"]) == Decimal(
        "68100"
    )  # 23,500 + 12,000 + 8,600 + 12,000 + 12,000
    assert preview["totals"]["missing"]["owner_unit"] == 5

    imports.confirm_import(record, by=hongta_user)
    projects = {p.name: p for p in Project.objects.filter(region=hongta, name__startswith="红塔区")}
    road = projects["红塔区玉带路提升改造工程"]
    assert road.total_investment == Decimal("23500")
    assert road.department_in_charge is None and "责任单位：区住建局" in road.notes
    assert projects["红塔区老旧小区改造"].planned_completion == date(2020, 12, 31)
    assert projects["红塔区北城片区雨污分流工程"].planned_completion == date(2021, 12, 31)
    assert projects["红塔区第一中学扩建项目"].total_investment == Decimal("12000")
    assert all(p.owner_unit_id is None for p in projects.values())
