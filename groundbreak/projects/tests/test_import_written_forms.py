"""A county's real list goes in whole: amounts and periods as lists write them are imported,
what they add ("about", a remark, a duration, 续建) is shown as the row's warnings, and a remark
goes to the project's notes."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from groundbreak.imports import services as imports
from groundbreak.imports.tests.helpers import xlsx
from groundbreak.projects.models import Project

HEADER = ["项目名称", "业主单位", "项目阶段", "总投资", "2020年计划投资", "建设年限"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def preview(rows, user, region, header=HEADER):
    return imports.start_import(
        kind="projects", region=region, content=xlsx([header, *rows]), filename="清单.xlsx", by=user
    )


def test_amounts_and_periods_as_written_import_with_warnings(hongta_user, hongta):
    rows = [
        ["红塔区甲项目", "红塔甲公司", "储备", "约1.2亿元", "3500万元左右", "2020-2022"],
        [
            "红塔区乙项目",
            "红塔乙公司",
            "储备",
            "1.2亿元（其中中央资金3000万）",
            "壹仟万元",
            "建设工期3年",
        ],
        ["红塔区丙项目", "红塔丙公司", "储备", "12亿零800万", "￥3,000万", "续建"],
        ["红塔区丁项目", "红塔丁公司", "储备", "5000元", "", "视资金情况"],
    ]
    record = preview(rows, hongta_user, hongta)
    assert record.status == "previewed", record.preview["refusals"]
    by_name = {r["name"]: r for r in record.preview["rows"]}
    first = by_name["红塔区甲项目"]
    assert Decimal(first["total_investment"]) == 12000
    assert any("approximate" in w and "约1.2亿元" in w for w in first["warnings"])
    second = by_name["红塔区乙项目"]
    assert any("其中中央资金3000万" in w for w in second["warnings"])
    assert any("建设工期3年" in w for w in second["warnings"])
    assert any("续建" in w for w in by_name["红塔区丙项目"]["warnings"])
    assert any("视资金情况" in w for w in by_name["红塔区丁项目"]["warnings"])

    imports.confirm_import(record, by=hongta_user)
    second = Project.objects.get(name="红塔区乙项目")
    assert second.total_investment == 12000
    assert second.notes == "总投资：其中中央资金3000万"
    assert (second.planned_start, second.planned_completion) == (
        date(2020, 1, 1),
        date(2022, 12, 31),
    )
    assert Project.objects.get(name="红塔区丙项目").total_investment == 120800
    assert Project.objects.get(name="红塔区丁项目").total_investment == Decimal("0.5")


def test_a_remark_is_added_to_notes_never_written_over_them(hongta_user, hongta):
    rows = [["红塔区乙项目", "红塔乙公司", "储备", "1.2亿元（其中中央资金3000万）", "", ""]]
    imports.confirm_import(preview(rows, hongta_user, hongta), by=hongta_user)
    project = Project.objects.get()
    Project.objects.filter(pk=project.pk).update(notes="县里写的备注")
    again = preview(rows, hongta_user, hongta)
    assert again.preview["rows"][0]["action"] == "update"
    imports.confirm_import(again, by=hongta_user)
    assert Project.objects.get().notes == "县里写的备注；总投资：其中中央资金3000万"
    # the same list once more changes nothing
    assert preview(rows, hongta_user, hongta).preview["rows"][0]["action"] == "unchanged"


def test_a_range_is_refused_naming_it(hongta_user, hongta):
    rows = [["红塔区甲项目", "红塔甲公司", "储备", "1-2亿", "", ""]]
    record = preview(rows, hongta_user, hongta)
    assert record.status == "refused"
    (refusal,) = record.preview["refusals"]
    assert refusal["field"] == "total_investment" and "1-2亿" in refusal["reason"]


def test_the_warnings_show_in_the_readers_language(client, hongta_user, hongta):
    rows = [["红塔区甲项目", "红塔甲公司", "储备", "约1.2亿元", "", "续建"]]
    record = preview(rows, hongta_user, hongta)  # planned in English
    assert any("approximate" in w for w in record.preview["rows"][0]["warnings"])
    client.force_login(hongta_user)
    page = client.get(record.get_absolute_url(), headers={"accept-language": "zh-hans"})
    text = page.content.decode()
    assert "为约数" in text and "约1.2亿元" in text and "为续建" in text


def test_a_place_within_the_county_is_the_county(hongta_user, hongta):
    header = [
        "项目名称",
        "业主单位",
        "项目阶段",
        "总投资",
        "项目所在地",
        "建设内容及规模",
        "责任领导备注",
    ]
    rows = [
        ["红塔区甲项目", "红塔甲公司", "储备", "2亿3500万元", "红塔区北城街道", "新建厂房", "无"]
    ]
    record = preview(rows, hongta_user, hongta, header=header)
    assert record.status == "previewed", record.preview["refusals"]
    assert record.preview["ignored_headers"] == ["责任领导备注"]
    imports.confirm_import(record, by=hongta_user)
    project = Project.objects.get()
    assert (project.region, project.construction_content) == (hongta, "新建厂房")
    assert project.total_investment == 23500
