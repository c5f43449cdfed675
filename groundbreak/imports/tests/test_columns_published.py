"""Header words of published key-project lists (重点项目清单, 民生实事进展, 开工项目清单) map to
their fields."""

import pytest

from groundbreak.imports.columns import match_header


@pytest.mark.parametrize(
    "header, field",
    [
        ("建设内容及规模", "construction_content"),
        ("主要建设内容", "construction_content"),
        ("建设规模及内容", "construction_content"),
        ("主要建设内容及规模", "construction_content"),
        ("计划总投资", "total_investment"),
        ("总投资(亿元)", "total_investment"),
        ("投资总额", "total_investment"),
        ("2020年计划投资", "annual_plan"),
        ("年度投资计划", "annual_plan"),
        ("本年度计划投资", "annual_plan"),
        ("2020年计划完成投资", "annual_plan"),
        ("建设起止年限", "years"),
        ("建设年限", "years"),
        ("起止年限", "years"),
        ("建设工期", "years"),
        ("项目单位", "owner"),
        ("建设单位", "owner"),
        ("实施单位", "owner"),
        ("业主单位", "owner"),
        ("项目业主", "owner"),
        ("责任单位", "department"),
        ("牵头单位", "department"),
        ("责任协调单位", "department"),
        ("市级责任领导", "leader"),
        ("包保领导", "leader"),
        ("所在地", "region"),
        ("项目所在地", "region"),
        ("建设地点", "address"),
        ("行业类别", "sector"),
        ("所属领域", "field"),
        ("备注", "notes"),
        ("前期工作进展", "progress"),
        ("形象进度", "progress"),
        ("本月进展情况", "progress"),
        ("在建形象进度", "progress"),
        ("前期手续", "progress"),
    ],
)
def test_published_list_wordings(header, field):
    assert match_header(header)[0] == field
