"""County project lists as counties publish them (a title, a unit line, a header, rows, a
合计 line), most rows without an owner unit and some without any optional value, with the
import each should give: nothing refused, and which values each new project lacks."""

import io
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter

HEADER = [
    "序号",
    "项目名称",
    "项目代码",
    "业主单位",
    "建设地点",
    "领域",
    "项目阶段",
    "总投资（万元）",
    "2020年计划投资（万元）",
    "计划开工时间",
    "计划竣工时间",
]
FIELDS = ("基础设施", "社会事业", "产业发展")
STAGES = ("前期", "新开工", "储备", "续建")
STARTED = {"新开工", "续建"}
STEMS = ("抚仙湖", "星云湖", "江城", "前卫", "九溪", "雄关", "路居", "安化")
KINDS = ("道路改造", "污水管网", "学校扩建", "卫生院", "产业园标准厂房", "农贸市场", "供水工程")


@dataclass
class CountyList:
    content: bytes
    names: list
    total: Decimal
    plan: Decimal
    missing: dict = field(default_factory=dict)  # name → [fields it lacks]

    def counts(self):
        counts = {}
        for fields in self.missing.values():
            for name in fields:
                counts[name] = counts.get(name, 0) + 1
        return counts


def county_list(region_code="530403", county="江川区", n=24, owner_every=5, bare_every=7):
    """A county's list of ``n`` projects: every ``owner_every``-th names its owner, every
    ``bare_every``-th (from the fourth) names nothing but name and amounts."""
    rows, missing, names = [], {}, []
    total = plan = Decimal(0)
    for i in range(n):
        name = f"{county}{STEMS[i % len(STEMS)]}{KINDS[i % len(KINDS)]}项目（{i + 1}期）"
        bare = i % bare_every == 3
        amount = Decimal(1000 + 37 * i) + Decimal("0.5") * (i % 2)
        yearly = (amount / 5).quantize(Decimal("0.01"))
        code = "" if bare or i % 6 == 5 else f"2020-{region_code}-48-01-8{i:05d}"
        owner = "" if bare or i % owner_every else f"{county}城市建设投资有限公司"
        address = "" if bare else f"玉溪市{county}{STEMS[i % len(STEMS)]}片区"
        field_name = "" if bare else FIELDS[i % 3]
        stage = "" if bare else STAGES[i % 4]
        dated = not bare and i % 3 != 2
        start, end = ("2020-03-01", "2022-12-31") if dated else ("", "")
        rows.append(
            [i + 1, name, code, owner, address, field_name, stage, amount, yearly, start, end]
        )
        effective = {"前期": "p", "储备": "r", "": "p" if code else "r"}.get(stage, "s")
        lacks = []
        if not owner:
            lacks.append("owner_unit")
        if not code and effective != "r":
            lacks.append("code")
        if not field_name:
            lacks.append("field")
        lacks.append("sector")  # no county list here has a sector column
        if not address:
            lacks.append("address")
        if not dated:
            lacks += ["planned_start", "planned_completion"]
            if effective == "s":
                lacks.append("actual_start")  # started, and no planned start to take it from
        missing[name] = lacks
        names.append(name)
        total += amount
        plan += yearly
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("重点项目")
    sheet.write_string(0, 0, f"{county}2020年重点建设项目清单")
    sheet.write_string(1, 0, "单位：万元")
    for c, header in enumerate(HEADER):
        sheet.write_string(2, c, header)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            if value in ("", None):
                continue
            if isinstance(value, Decimal):
                sheet.write_number(r, c, float(value))
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    last = 3 + len(rows)
    sheet.write_string(last, 0, "合计")
    sheet.write_number(last, 7, float(total))
    sheet.write_number(last, 8, float(plan))
    book.close()
    return CountyList(buffer.getvalue(), names, total, plan, missing)
