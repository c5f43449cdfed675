"""Column meanings: which header wording means which field, and in which unit.

Counties word their headers in many ways ("项目名称", "项目 名称", "建设单位"/"项目业主",
"2020年计划投资", "总投资（亿元）"). Each field below lists the wordings we know, as regular
expressions over the header text after normalisation (NFKC, no spaces, unit removed). An
administrator adds more in the admin (HeaderSynonym); those are matched first.
"""

import re
import unicodedata

UNITS = {"元": "元", "万元": "万元", "万": "万元", "亿元": "亿元", "亿": "亿元"}
_UNIT_IN_HEADER = re.compile(r"[(\[【（]\s*(?:单位[:：]?)?\s*(亿元|万元|元|亿|万)\s*[)\]】）]")
_UNIT_LINE = re.compile(r"单位\s*[:：]?\s*(亿元|万元|元)")

# field → wordings (regular expressions matched against the whole normalised header)
SYNONYMS = {
    "seq": [r"序号", r"编号", r"no\.?"],
    # Our own export's English headers are listed too, so an export in English imports back.
    "code": [
        r"projectcode",
        r"(国家|全国统一)?项目(统一)?代码",
        r"项目编码",
        r"审批(监管平台)?代码",
        r"代码",
    ],
    "name": [r"projectname", r"项目名称", r"名称", r"项目"],
    "owner": [
        r"ownerunit",
        r"(项目)?业主(单位)?",
        r"建设单位",
        r"项目(建设)?单位",
        r"项目法人(单位)?",
        r"(项目)?实施(主体|单位)",
        r"(项目)?承建单位",
        r"(项目)?承办单位",
        r"(项目)?建设主体",
    ],
    "region": [
        r"region",
        r"县(\(?市、?区\)?|市区)",
        r"所属县(市)?区",
        r"(项目)?所在(县市区|县区|地区|地)",
        r"所属(县区|地区|区域|县市区)",
        r"区域",
        r"地区",
        r"属地",
    ],
    "field": [r"field", r"(所属|项目)?领域", r"(项目|所属)类别", r"类别", r"项目分类"],
    "sector": [
        r"sector",
        r"(所属|国民经济)?行业(分类|类别|门类)?",
        r"所属行业",
        r"行业类型",
    ],
    "stage": [r"stage", r"(项目|建设)?阶段", r"项目状态", r"建设状态", r"进度阶段"],
    "key_levels": [r"key-projectlevels?", r"重点项目(级别|类别)", r"项目级别"],
    "total_investment": [
        r"totalinvestment",
        r"(计划|项目|估算|概算)?总投资(额|规模|估算|概算)?",
        r"投资总额",
        r"总投资(估算|概算)",
    ],
    # The plan's year: a column of its own, or in the plan's header ("2021年度计划投资",
    # our export's "planned investment 2021"), read from there by the project-list import.
    "plan_year": [r"planyear", r"计划年度", r"年度"],
    "annual_plan": [
        r"planned(investment)?(thisyear|oftheyear|\d{4})",
        r"(\d{4}年度?)?(年度|本年|全年)?计划(完成)?投资(额)?",
        r"(\d{4}年度?|年度|本年)计划",
        r"(\d{4}年度?|年度|本年)?投资计划",
        r"(\d{4}年度?|本年度|今年)(计划|拟)?(完成)?投资(额|计划)?",
        r"年度(计划)?投资(目标|任务)",
    ],
    "completed_period": [r"(本月|当月|\d{1,2}月)完成(投资)?"],
    "completed_ytd": [
        r"(\d{1,2})?[-—~至](\d{1,2})月(累计)?完成(投资)?",
        r"(年初至今|本年)累计完成(投资)?",
    ],
    "completed_total": [r"(开工以来|自开工)累计完成(投资)?", r"累计完成(投资)?"],
    "years": [
        r"建设(起止)?年限",
        r"起止年限",
        r"建设(期限|周期|年度)",
        r"起止年月",
        r"开竣工(时间|年月|日期)",
        r"建设起止(时间|年月|年度)",
        r"起止(时间|年度|日期)",
        r"建设(工期|时限)",
        r"(计划)?开竣工年限",
    ],
    "address": [
        r"建设(地点|地址|位置)",
        r"(项目|详细)?地址",
        r"项目(所在|建设)?(地点|位置)",
        r"选址",
    ],
    "nature": [r"建设性质"],
    "planned_start": [r"plannedstart", r"(计划)?开工(时间|日期|年月)", r"(计划)?开工"],
    "planned_completion": [r"plannedcompletion", r"(计划)?(竣工|完工|建成)(时间|日期|年月)?"],
    "actual_start": [r"actualstart", r"实际开工(时间|日期)?"],
    "actual_completion": [r"实际(竣工|完工)(时间|日期)?"],
    "in_statistics_date": [r"enteredstatisticson", r"入库(日期|时间)", r"纳统(日期|时间)"],
    "construction_content": [
        r"constructionscaleandcontent",
        r"(项目)?(主要)?建设(规模)?(及|和|与)?(主要)?内容(及|和|与)?(规模)?",
        r"(项目)?(主要)?建设规模(及|和|与)?(主要)?(建设)?内容",
        r"建设规模",
        r"项目(概况|简介)",
    ],
    "leader": [
        r"leaderincharge",
        r"(包保|挂包|挂钩|联系|责任)?(市|县|区)级(责任|包保|挂包|挂钩|联系)?领导",
        r"(包保|挂包|挂钩|联系|责任|分管)(市|县|区)?领导",
    ],
    "department": [
        r"departmentincharge",
        r"(行业)?主管部门",
        r"包保部门",
        r"(市级)?责任(部门|单位)",
        r"责任协调单位",
        r"牵头(部门|单位)",
        r"(市级)?主管单位",
    ],
    "contact_person": [r"contactperson", r"联系人"],
    "contact_phone": [r"contactphone", r"联系(电话|方式)", r"电话"],
    "progress": [
        r"(本月|当月|目前|项目|工程|在建)?(形象)?进(度|展)(情况)?",
        r"前期(工作)?(进展|进度|情况)",
        r"前期手续(办理)?(情况)?",
        r"(项目)?推进情况",
    ],
    "notes": [r"备注", r"说明"],
}
# All the wordings in one pattern, a group per field in SYNONYMS' order: the first field
# whose wording matches the whole header is the match (one search, not one per wording).
_FIELD_GROUPS = {f"f{i}": name for i, name in enumerate(SYNONYMS)}
_HEADER = re.compile(
    "^(?:"
    + "|".join(
        f"(?P<f{i}>{'|'.join(f'(?:{p})' for p in patterns)})"
        for i, patterns in enumerate(SYNONYMS.values())
    )
    + ")$",
    re.IGNORECASE,
)


def normalise_text(value):
    """NFKC (full-width → half-width), no whitespace at all: how headers and names are compared."""
    if value is None:
        return ""
    # NFKC again after dropping spaces: a compatibility character such as "¸" becomes
    # " ̧", and without the space the combining mark composes with the letter before it.
    # str.split() and the pattern \s split on the same (Unicode) whitespace; split is quicker.
    return unicodedata.normalize("NFKC", "".join(unicodedata.normalize("NFKC", str(value)).split()))


def split_unit(header):
    """'总投资（亿元）' → ('总投资', '亿元'); '总投资' → ('总投资', None)."""
    text = unicodedata.normalize("NFKC", str(header or ""))
    match = _UNIT_IN_HEADER.search(text)
    unit = UNITS[match.group(1)] if match else None
    text = _UNIT_IN_HEADER.sub("", text)
    return normalise_text(text), unit


def unit_in_line(text):
    """The unit a line such as '单位：亿元' states, or None."""
    match = _UNIT_LINE.search(normalise_text(text))
    return UNITS[match.group(1)] if match else None


def match_header(header, extra=None):
    """The field a header means, and the unit it states: ('total_investment', '亿元').

    ``extra`` maps normalised wordings to fields (the administrator's synonyms).
    """
    text, unit = split_unit(header)
    if not text:
        return None, unit
    # Try the wording as written, then without remarks in brackets ("项目代码(24位)").
    for candidate in (text, re.sub(r"[(\[（【].*?[)\]）】]", "", text)):
        if extra and (candidate in extra or candidate.replace("/", "") in extra):
            return extra.get(candidate) or extra[candidate.replace("/", "")], unit
        match = _HEADER.match(candidate)
        if match:
            return _FIELD_GROUPS[match.lastgroup], unit
    return None, unit
