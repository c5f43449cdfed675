"""Header meanings and units, including property-based checks of the header mapping."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groundbreak.imports.columns import match_header, split_unit, unit_in_line


@pytest.mark.parametrize(
    "header, field, unit",
    [
        ("项目名称", "name", None),
        ("项目 名称", "name", None),
        ("项目名称\n", "name", None),
        ("总投资（万元）", "total_investment", "万元"),
        ("总投资(亿元)", "total_investment", "亿元"),
        ("计划总投资【亿元】", "total_investment", "亿元"),
        ("建设单位", "owner", None),
        ("项目业主", "owner", None),
        ("业主单位", "owner", None),
        ("年度计划投资", "annual_plan", None),
        ("2020年计划投资", "annual_plan", None),
        ("2021年度计划(万元)", "annual_plan", "万元"),
        ("1-3月完成投资", "completed_ytd", None),
        ("1—3月完成投资（万元）", "completed_ytd", "万元"),
        ("开工时间", "planned_start", None),
        ("计划竣工时间", "planned_completion", None),
        ("建设内容", "construction_content", None),
        ("建设规模及内容", "construction_content", None),
        ("县（市、区）", "region", None),
        ("项目代码(24位)", "code", None),
        ("包保市级领导", "leader", None),
        ("planned this year (万元)", "annual_plan", "万元"),
        ("投资情况（万元）", None, "万元"),
        ("备注（内部）", "notes", None),
    ],
)
def test_known_wordings_map_to_their_field_and_unit(header, field, unit):
    assert match_header(header) == (field, unit)


def test_administrator_synonyms_are_matched_first():
    assert match_header("资金盘子", {"资金盘子": "total_investment"})[0] == "total_investment"
    assert match_header("资金盘子")[0] is None


@pytest.mark.parametrize(
    "line, unit",
    [("单位：万元", "万元"), ("单位:亿元", "亿元"), ("（单位：元）", "元"), ("红塔区2020年", None)],
)
def test_unit_lines(line, unit):
    assert unit_in_line(line) == unit


WORDINGS = {
    "项目名称": "name",
    "总投资": "total_investment",
    "建设单位": "owner",
    "年度计划投资": "annual_plan",
}
spaces = st.text(alphabet=" \u3000\t", max_size=2)


@given(
    wording=st.sampled_from(sorted(WORDINGS)),
    unit=st.sampled_from(["", "（万元）", "(亿元)", "（单位：万元）", "【元】"]),
    pads=st.lists(spaces, min_size=3, max_size=3),
    fullwidth=st.booleans(),
)
def test_header_mapping_ignores_spacing_width_and_unit_brackets(wording, unit, pads, fullwidth):
    spaced = pads[0] + wording[:2] + pads[1] + wording[2:] + pads[2] + unit
    if fullwidth:
        spaced = spaced.replace("(", "（").replace(")", "）")
    field, found_unit = match_header(spaced)
    assert field == WORDINGS[wording]
    expected_unit = {
        "": None,
        "（万元）": "万元",
        "(亿元)": "亿元",
        "（单位：万元）": "万元",
        "【元】": "元",
    }[unit]
    assert found_unit == expected_unit


@given(st.text(max_size=12))
def test_header_mapping_never_raises_and_unit_split_is_stable(text):
    field, unit = match_header(text)
    assert unit in (None, "元", "万元", "亿元")
    assert split_unit(split_unit(text)[0])[0] == split_unit(text)[0]
