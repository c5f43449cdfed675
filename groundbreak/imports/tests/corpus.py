"""A corpus of county key-project spreadsheets, built in code, each with its expected import.

County bureaus send the city their key-project lists in many layouts: title and unit lines above
the header, units in the header, two-row headers with merged cells, section and subtotal rows,
amounts typed as text, hidden rows, columns and sheets, old .xls, CSV in GBK or UTF-8, .ods. Each
``Sample`` holds one such file and its ``Expected`` figures. The figures are computed from the
values written into the file, never typed by hand, and amounts are in 万元, exactly (Decimal).

Everything is deterministic: building a sample twice gives the same bytes (fixed workbook
properties and zip timestamps).

    from groundbreak.imports.tests.corpus import samples

    for s in samples():
        result = import_file(s.content, s.filename)
        assert result.total_investment == s.expected.total_investment
"""

import csv
import datetime as dt
import io
import random
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from xml.sax.saxutils import escape, quoteattr

import xlsxwriter
import xlsxwriter.utility
import xlwt

__all__ = [
    "Cell",
    "Expected",
    "ExtraSheet",
    "Sample",
    "build_projects",
    "sample",
    "sample_names",
    "samples",
    "write_ods",
    "write_xlsx",
]

# Fixed so that the same sample always gives the same bytes.
_CREATED = dt.datetime(2020, 3, 15, 9, 30, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

FIELDS = ("基础设施", "社会事业", "产业发展")
STAGES = ("新开工", "续建", "前期", "储备")
SECTION_LABELS = {
    "基础设施": "一、基础设施类",
    "社会事业": "二、社会事业类",
    "产业发展": "三、产业发展类",
}

# Yuxi's regions (groundbreak/regions/data/yuxi.csv) as counties name themselves in project names.
REGION_NAMES = {
    "530400": "玉溪市",
    "530402": "红塔区",
    "530403": "江川区",
    "530481": "澄江市",
    "530423": "通海县",
    "530424": "华宁县",
    "530425": "易门县",
    "530426": "峨山县",
    "530427": "新平县",
    "530428": "元江县",
}

# Per field: name stems and endings, GB/T 4754 sections with a two-digit industry code for the
# project code, owners ({r} is the county), departments in charge, a content template.
_CATALOGUE = {
    "基础设施": {
        "stems": (
            "玉兴路",
            "珊瑚路",
            "东风南路",
            "棋阳路",
            "抚仙路",
            "凤凰路",
            "秀山路",
            "红塔大道",
            "聂耳路",
            "太极路",
            "玉溪大河",
            "东风水库",
            "城北片区",
            "高铁站片区",
        ),
        "endings": (
            "改造工程",
            "提升改造工程",
            "延长线建设工程",
            "雨污分流改造工程",
            "综合整治工程",
        ),
        "sectors": (
            ("交通运输、仓储和邮政业", "48"),
            ("水利、环境和公共设施管理业", "76"),
            ("电力、热力、燃气及水生产和供应业", "44"),
            ("建筑业", "48"),
        ),
        "owners": (
            "{r}交通建设投资有限公司",
            "{r}城市建设投资有限公司",
            "{r}水务局",
            "{r}住房和城乡建设局",
        ),
        "departments": ("市交通运输局", "市住房和城乡建设局", "市水利局"),
        "content": "新建道路长{a}公里，宽{b}0米，配套建设排水、照明、绿化等附属设施",
    },
    "社会事业": {
        "stems": (
            "第一中学",
            "第二中学",
            "第三小学",
            "人民医院",
            "中医医院",
            "妇幼保健院",
            "社区卫生服务中心",
            "养老服务中心",
            "体育中心",
            "文化馆",
            "职业高级中学",
            "特殊教育学校",
        ),
        "endings": ("扩建项目", "迁建工程", "综合楼建设项目", "改扩建工程", "（一期）建设项目"),
        "sectors": (
            ("教育", "83"),
            ("卫生和社会工作", "84"),
            ("文化、体育和娱乐业", "89"),
            ("公共管理、社会保障和社会组织", "92"),
        ),
        "owners": ("{r}教育体育局", "{r}卫生健康局", "{r}民政局", "{r}文化和旅游局"),
        "departments": ("市教育体育局", "市卫生健康委员会", "市民政局"),
        "content": "新建教学及业务用房{a}万平方米，配套建设运动场{b}亩及附属设施",
    },
    "产业发展": {
        "stems": (
            "生物医药产业园",
            "烟草物流园",
            "新材料产业园",
            "冷链物流中心",
            "农产品加工园",
            "光伏电站",
            "数据中心",
            "汽车产业园",
            "花卉交易市场",
            "绿色食品加工厂",
            "电子元器件产业园",
            "文旅小镇",
        ),
        "endings": (
            "建设项目",
            "（二期）工程",
            "标准厂房建设项目",
            "技术改造项目",
            "“绿色能源”示范项目",
        ),
        "sectors": (
            ("制造业", "36"),
            ("信息传输、软件和信息技术服务业", "65"),
            ("农、林、牧、渔业", "01"),
            ("批发和零售业", "52"),
        ),
        "owners": ("云南{r}实业有限公司", "{r}产业投资有限公司", "玉溪{r}农业开发有限公司"),
        "departments": ("市工业和信息化局", "市商务局", "市农业农村局"),
        "content": "新建标准厂房{a}万平方米，购置生产线{b}条及配套设备",
    },
}
_LEADERS = ("李卫东", "王建华", "张明", "赵丽萍", "陈志强", "杨永福")
_CONTACTS = ("李明", "王芳", "张伟", "刘洋", "杨丽", "赵军")
_KEY_LEVELS = ("市重点", "省“四个一百”、市重点", "省“三个一百”工业", "")
_CHECK_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CENT = Decimal("0.01")
_ZERO = Decimal(0)


# --- the API -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    rows: int  # data rows (projects) the file holds
    total_investment: Decimal  # sum over data rows, in 万元 (exact)
    annual_plan: Decimal  # sum over data rows, in 万元 (exact)
    names: tuple[str, ...]  # project names in file order, exactly as typed in the file
    codes: tuple[str, ...]  # project codes in file order, normalised ("－" → "-"); "" when none
    subtotal_mismatches: int = 0  # subtotal/total rows whose stated amount differs from their rows


@dataclass(frozen=True)
class Sample:
    name: str  # style name, e.g. "title_unit_yi"
    filename: str  # e.g. "红塔区2020年重点项目推进情况表.xlsx"
    content: bytes
    expected: Expected
    # Refused rows: (row number as the spreadsheet shows it, 1-based; header text of the offending
    # column exactly as in the file; reason key). `expected` then describes the good rows only.
    bad: tuple[tuple[int, str, str], ...] = ()


@dataclass(frozen=True)
class Cell:
    """A cell with formatting for write_xlsx: ``fmt`` is an xlsxwriter format dict; with
    ``formula`` the cell holds that formula and ``value`` is its cached result."""

    value: object = None
    fmt: dict | None = None
    formula: str | None = None


@dataclass(frozen=True)
class ExtraSheet:
    """Another sheet for write_xlsx: after the main one or, with ``before``, in front of it."""

    name: str
    rows: Sequence[Sequence] = ()
    hidden: bool = False
    before: bool = False


def build_projects(n=12, *, seed=0, region_code="530402") -> list[dict]:
    """Deterministic, plausible projects of one county, with unique Chinese names and unique codes.

    Codes are ``YYYY-RRRRRR-NN-NN-SSSSSC`` with serial ``seed * 100 + i`` (so they are unique
    across seeds < 1000 too) and a check character (digit or capital letter). Every field occurs
    when n ≥ 3. Amounts are in 万元 with at most two decimals; a reserve project plans nothing.
    """
    if not 0 <= n <= 100:
        raise ValueError("n must be between 0 and 100")
    rng = random.Random(f"groundbreak-corpus-{seed}-{region_code}")
    region = REGION_NAMES.get(region_code, "本县")
    fields = [FIELDS[i % 3] for i in range(n)]
    rng.shuffle(fields)
    pools = {}
    for field_name, entry in _CATALOGUE.items():
        pools[field_name] = [(s, e) for s in entry["stems"] for e in entry["endings"]]
        rng.shuffle(pools[field_name])
    projects = []
    for i, field_name in enumerate(fields):
        entry = _CATALOGUE[field_name]
        stem, ending = pools[field_name].pop()
        sector, industry = rng.choice(entry["sectors"])
        year = rng.choice((2018, 2019, 2020, 2020, 2020))
        kind = rng.choice(("01", "02", "03"))
        body = f"{year}-{region_code}-{industry}-{kind}-{seed % 1000 * 100 + i:05d}"
        digits = [int(ch) for ch in body if ch.isdigit()]
        check = _CHECK_CHARS[sum((k + 1) * d for k, d in enumerate(digits)) % 36]
        stage = rng.choices(STAGES, weights=(4, 4, 2, 1))[0]
        total = Decimal(rng.randrange(300, 300000))
        cents = rng.random()
        if cents < 0.3:
            total += Decimal(rng.randrange(1, 100)) / 100
        elif cents < 0.5:
            total += Decimal("0.5")
        share = Decimal(rng.randrange(5, 61)) / 100
        plan = _ZERO if stage == "储备" else (total * share).quantize(_CENT, ROUND_DOWN)
        start = dt.date(
            rng.choice((2019, 2020, 2020, 2021)), rng.randrange(1, 13), rng.randrange(1, 29)
        )
        end = dt.date(start.year + rng.randrange(1, 5), rng.randrange(1, 13), rng.randrange(1, 29))
        projects.append(
            {
                "code": body + check,
                "name": f"{region}{stem}{ending}",
                "owner": rng.choice(entry["owners"]).format(r=region),
                "field": field_name,
                "sector": sector,
                "stage": stage,
                "total": total,
                "plan": plan,
                "start": start,
                "end": end,
                "content": entry["content"].format(
                    a=rng.randrange(2, 60) / 10, b=rng.randrange(2, 12)
                ),
                "leader": rng.choice(_LEADERS),
                "department": rng.choice(entry["departments"]),
            }
        )
    return projects


def samples() -> list[Sample]:
    """One sample per style, in a fixed order."""
    return [builder() for builder in _BUILDERS.values()]


def sample_names() -> list[str]:
    return list(_BUILDERS)


def sample(name) -> Sample:
    try:
        builder = _BUILDERS[name]
    except KeyError:
        raise KeyError(f"no sample {name!r}; there are {', '.join(_BUILDERS)}") from None
    return builder()


def write_xlsx(
    rows: Sequence[Sequence],
    *,
    merges=(),
    hidden_rows=(),
    hidden_cols=(),
    sheet_name="Sheet1",
    extra_sheets=(),
    col_widths=None,
    freeze=None,
    autofilter=None,
) -> bytes:
    """Write rows of cells to an .xlsx and return its bytes (deterministic).

    Cells may be str, int, float, Decimal (written as a number), date, datetime, bool, None (no
    cell) or ``Cell`` (formatting, or a formula with its cached value). ``merges`` are 0-based
    inclusive (first_row, first_col, last_row, last_col) ranges holding the value at their top
    left. ``hidden_rows``/``hidden_cols`` are 0-based. ``extra_sheets`` are ``ExtraSheet``s or
    (name, rows) pairs. ``col_widths`` maps 0-based columns to widths.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_urls": False})
    book.set_properties({"created": _CREATED, "author": "县发改局"})
    formats = _Formats(book)
    extras = [e if isinstance(e, ExtraSheet) else ExtraSheet(*e) for e in extra_sheets]
    others = [(book.add_worksheet(e.name), e) for e in extras if e.before]
    main = book.add_worksheet(sheet_name)
    others += [(book.add_worksheet(e.name), e) for e in extras if not e.before]

    widths = dict(col_widths or {})
    for col in sorted(set(widths) | set(hidden_cols)):
        options = {"hidden": True} if col in hidden_cols else {}
        main.set_column(col, col, widths.get(col), None, options)
    for row in hidden_rows:
        main.set_row(row, None, None, {"hidden": True})
    _fill_sheet(main, rows, formats, merges)
    if freeze:
        main.freeze_panes(*freeze)
    if autofilter:
        main.autofilter(*autofilter)

    for sheet, extra in others:
        _fill_sheet(sheet, extra.rows, formats)
        if extra.hidden:
            sheet.hide()
    # The data sheet opens first, and a hidden sheet may not be the active one.
    main.activate()
    main.set_first_sheet()
    book.close()
    return buffer.getvalue()


def write_ods(rows: Sequence[Sequence], *, merges=(), sheet_name="Sheet1") -> bytes:
    """A minimal OpenDocument spreadsheet, written by hand (deterministic): numbers as float
    cells, dates as date cells, anything else as text. ``merges`` as in write_xlsx."""
    starts = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
    covered = _covered(merges)
    width = max([len(row) for row in rows] + [c1 + 1 for _, _, _, c1 in merges] + [1])
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c in range(width):
            value = row[c] if c < len(row) else None
            if isinstance(value, Cell):
                value = value.value
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
                continue
            attrs = ""
            if (r, c) in starts:
                down, across = starts[r, c]
                attrs = (
                    f' table:number-rows-spanned="{down}" table:number-columns-spanned="{across}"'
                )
            cells.append(_ods_cell(value, attrs))
        body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        f"<table:table table:name={quoteattr(sheet_name)}>"
        f'<table:table-column table:number-columns-repeated="{width}"/>'
        f"{''.join(body)}</table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype comes first and uncompressed, so the type shows at a fixed offset.
        for path, data, method in (
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
            ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED),
            ("content.xml", content, zipfile.ZIP_DEFLATED),
        ):
            info = zipfile.ZipInfo(path, _ZIP_TIME)
            info.compress_type = method
            archive.writestr(info, data.encode())
    return buffer.getvalue()


# --- the samples ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Data:
    """One data row as written: name and code as typed, amounts in 万元."""

    name: str
    code: str
    total: Decimal
    plan: Decimal


def _expected(data, mismatches=0):
    return Expected(
        rows=len(data),
        total_investment=sum((d.total for d in data), _ZERO),
        annual_plan=sum((d.plan for d in data), _ZERO),
        names=tuple(d.name for d in data),
        codes=tuple(_normal_code(d.code) for d in data),
        subtotal_mismatches=mismatches,
    )


def _normal_code(code):
    return (code or "").strip().upper().replace("－", "-").replace("—", "-")


def _data(p):
    return _Data(p["name"], p["code"], p["total"], p["plan"])


_CLEAN_HEADER = (
    "项目代码",
    "项目名称",
    "业主单位",
    "领域",
    "行业",
    "项目阶段",
    "总投资（万元）",
    "年度计划投资（万元）",
    "计划开工时间",
    "计划竣工时间",
    "建设规模及内容",
)
_BOLD = {"bold": True}
_TITLE = {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
_HEAD = {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}


def _clean_row(p):
    return [
        p["code"],
        p["name"],
        p["owner"],
        p["field"],
        p["sector"],
        p["stage"],
        p["total"],
        p["plan"],
        p["start"],
        p["end"],
        p["content"],
    ]


def _clean_template():
    projects = build_projects(12, seed=1)
    rows = [list(_CLEAN_HEADER)] + [_clean_row(p) for p in projects]
    content = write_xlsx(rows, col_widths={0: 26, 1: 36, 2: 28, 10: 40})
    return Sample(
        "clean_template",
        "重点项目导入模板.xlsx",
        content,
        _expected([_data(p) for p in projects]),
    )


def _title_unit_wan():
    projects = build_projects(10, seed=2, region_code="530402")
    # A full-width space typed inside a name, as some counties align their lists.
    projects[3]["name"] = projects[3]["name"].replace("红塔区", "红塔区\u3000", 1)
    header = ["序号", "项目 名称", "建设单位", "总投资", "2020年计划投资", "开工时间", "建设内容"]
    width = len(header)
    chinese_date = {"num_format": 'yyyy"年"m"月"d"日"'}
    rows = [
        [Cell("红塔区2020年重点项目推进情况表", _TITLE)] + [None] * (width - 1),
        [None] * (width - 1) + [Cell("单位：万元", {"align": "right"})],
        [Cell(h, _HEAD) for h in header],
    ]
    for i, p in enumerate(projects, start=1):
        rows.append(
            [
                i,
                p["name"],
                p["owner"],
                p["total"],
                p["plan"],
                Cell(p["start"], chinese_date),
                p["content"],
            ]
        )
    content = write_xlsx(rows, merges=[(0, 0, 0, width - 1)], sheet_name="推进情况")
    return Sample(
        "title_unit_wan",
        "红塔区2020年重点项目推进情况表.xlsx",
        content,
        _expected([_Data(p["name"], "", p["total"], p["plan"]) for p in projects]),  # no codes
    )


def _title_unit_yi():
    projects = _whole_wan(build_projects(10, seed=3, region_code="530403"))
    header = [
        "序号",
        "项目代码",
        "项目名称",
        "项目业主",
        "项目阶段",
        "总投资",
        "年度计划投资",
        "开工时间",
        "竣工时间",
    ]
    width = len(header)
    yi = {"num_format": "0.0000"}
    rows = [
        [Cell("江川区2020年重点项目计划表", _TITLE)] + [None] * (width - 1),
        ["单位:亿元"],
        [Cell(h, _HEAD) for h in header],
    ]
    data = []
    for i, p in enumerate(projects, start=1):
        total, plan = _to_yi(p["total"]), _to_yi(p["plan"])
        rows.append(
            [
                i,
                p["code"],
                p["name"],
                p["owner"],
                p["stage"],
                Cell(total, yi),
                Cell(plan, yi),
                p["start"],
                p["end"],
            ]
        )
        data.append(_Data(p["name"], p["code"], _from_yi(total), _from_yi(plan)))
    content = write_xlsx(rows, merges=[(0, 0, 0, width - 1)])
    return Sample("title_unit_yi", "江川区2020年重点项目计划表.xlsx", content, _expected(data))


def _unit_in_header():
    projects = build_projects(10, seed=4, region_code="530481")
    for p in projects:  # the total goes in 亿元 with four decimals: whole 万元
        p["total"] = max(p["total"].to_integral_value(ROUND_DOWN), Decimal(1))
        p["plan"] = min(p["plan"], p["total"])
    header = [
        "项目代码",
        "项目名称",
        "建设单位",
        "行业",
        "总投资(亿元)",
        "年度计划(万元)",
        "计划开工",
        "计划竣工",
        "主要建设内容",
    ]
    rows = [header]
    data = []
    for p in projects:
        total = _to_yi(p["total"])
        rows.append(
            [
                p["code"],
                p["name"],
                p["owner"],
                p["sector"],
                total,
                p["plan"],
                p["start"],
                p["end"],
                p["content"],
            ]
        )
        data.append(_Data(p["name"], p["code"], _from_yi(total), p["plan"]))
    content = write_xlsx(rows, sheet_name="重点项目")
    return Sample("unit_in_header", "澄江市重点项目清单.xlsx", content, _expected(data))


def _two_row_header_merged():
    projects = build_projects(9, seed=5, region_code="530423")
    width = 7
    rows = [
        [Cell("通海县2020年重点项目投资情况表", _TITLE)] + [None] * (width - 1),
        [
            Cell(h, _HEAD)
            for h in ("序号", "项目名称", "投资情况（万元）", None, None, "项目业主", "项目代码")
        ],
        [Cell(h, _HEAD) for h in (None, None, "总投资", "2020年计划", "1-3月完成投资", None, None)],
    ]
    merges = [
        (0, 0, 0, width - 1),  # title
        (1, 0, 2, 0),  # 序号, two rows high
        (1, 1, 2, 1),  # 项目名称
        (1, 2, 1, 4),  # 投资情况（万元）, three columns wide
        (1, 5, 2, 5),  # 项目业主
        (1, 6, 2, 6),  # 项目代码
    ]
    for i, p in enumerate(projects, start=1):
        # Completed in the first quarter: a share of the annual plan (a reports import uses it).
        done = (p["plan"] * Decimal(i % 4) / 10).quantize(_CENT, ROUND_DOWN)
        rows.append([i, p["name"], p["total"], p["plan"], done, p["owner"], p["code"]])
    content = write_xlsx(rows, merges=merges, col_widths={1: 36, 5: 28, 6: 26})
    return Sample(
        "two_row_header_merged",
        "通海县2020年重点项目投资情况表.xlsx",
        content,
        _expected([_data(p) for p in projects]),
    )


def _sectioned(
    name, filename, *, seed, region_code, grand_label, grand_at_top, off_by, merged=False
):
    """Section rows 一、二、三, each section's projects and a 小计 row, and a grand total row.

    The second section's 小计 overstates its total by ``off_by``. The second section's label
    stands in the second cell, the others' in the first. ``merged``: as many counties draw it,
    each section label merged across the whole table, each section's projects sharing one
    owner cell merged down over their rows, and the total's label merged over two columns.
    """
    projects = build_projects(12 if off_by == 0 else 9, seed=seed, region_code=region_code)
    region = REGION_NAMES[region_code]
    header = [
        "序号",
        "项目名称",
        "项目代码",
        "建设单位",
        "项目阶段",
        "建设起止年限",
        "总投资（万元）",
        "2020年计划投资（万元）",
        "建设内容",
    ]
    width = len(header)
    total_col, plan_col = 6, 7
    body = []
    data = []
    mismatches = 0
    merges = []  # (row in body, first column, last row in body, last column)
    for k, field_name in enumerate(FIELDS):
        group = [p for p in projects if p["field"] == field_name]
        section = [None] * width
        section[0 if merged or k != 1 else 1] = Cell(SECTION_LABELS[field_name], _BOLD)
        if merged:
            merges.append((len(body), 0, len(body), width - 1))
            merges.append((len(body) + 1, 3, len(body) + len(group), 3))
        body.append(section)
        for j, p in enumerate(group, start=1):
            if merged:
                p["owner"] = group[0]["owner"]
            body.append(
                [
                    j,
                    p["name"],
                    p["code"],
                    p["owner"] if not merged or j == 1 else None,
                    p["stage"],
                    f"{p['start'].year}-{p['end'].year}",
                    p["total"],
                    p["plan"],
                    p["content"],
                ]
            )
            data.append(_data(p))
        stated_total = sum((p["total"] for p in group), _ZERO) + (off_by if k == 1 else 0)
        stated_plan = sum((p["plan"] for p in group), _ZERO)
        subtotal = [None] * width
        subtotal[1] = Cell("小计", _BOLD)
        subtotal[total_col] = Cell(stated_total, _BOLD)
        subtotal[plan_col] = Cell(stated_plan, _BOLD)
        body.append(subtotal)
        mismatches += _differs(stated_total, stated_plan, group)
    grand = [None] * width
    grand[0] = Cell(grand_label, _BOLD)
    grand_total = sum((d.total for d in data), _ZERO)
    grand_plan = sum((d.plan for d in data), _ZERO)
    grand[total_col] = Cell(grand_total, _BOLD)
    grand[plan_col] = Cell(grand_plan, _BOLD)
    mismatches += _differs(grand_total, grand_plan, projects)
    rows = [[Cell(f"{region}2020年重点项目汇总表", _TITLE)] + [None] * (width - 1)]
    rows.append([Cell(h, _HEAD) for h in header])
    start = len(rows) + (1 if grand_at_top else 0)  # the body's first row
    merges = [(0, 0, 0, width - 1)] + [
        (r1 + start, c1, r2 + start, c2) for r1, c1, r2, c2 in merges
    ]
    if merged:
        at = len(rows) if grand_at_top else start + len(body)
        merges.append((at, 0, at, 1))
    rows += [grand] + body if grand_at_top else body + [grand]
    rows += [
        [],
        ["注：1.本表由县发改局填报；2.金额单位为万元。"],
        ["填报人：张三  联系电话：0877-1234567"],
    ]
    content = write_xlsx(rows, merges=merges, col_widths={1: 36, 2: 26})
    return Sample(name, filename, content, _expected(data, mismatches))


def _differs(stated_total, stated_plan, projects):
    actual_total = sum((p["total"] for p in projects), _ZERO)
    actual_plan = sum((p["plan"] for p in projects), _ZERO)
    return int(stated_total != actual_total or stated_plan != actual_plan)


def _sections_and_subtotals():
    return _sectioned(
        "sections_and_subtotals",
        "华宁县2020年重点项目汇总表.xlsx",
        seed=6,
        region_code="530424",
        grand_label="合计",
        grand_at_top=False,
        off_by=0,
    )


def _subtotal_mismatch():
    return _sectioned(
        "subtotal_mismatch",
        "易门县2020年重点项目汇总表.xlsx",
        seed=7,
        region_code="530425",
        grand_label="总计",
        grand_at_top=True,
        off_by=100,
    )


def _merged_sections():
    return _sectioned(
        "merged_sections",
        "新平县2020年重点项目汇总表.xlsx",
        seed=16,
        region_code="530427",
        grand_label="合计",
        grand_at_top=False,
        off_by=0,
        merged=True,
    )


def _text_numbers():
    projects = build_projects(10, seed=8, region_code="530426")
    # The amounts the brief's examples show, then the projects' own amounts.
    for p, total in zip(projects, ("3086.5", "1234", "15000", "15000", "800"), strict=False):
        p["total"] = Decimal(total)
        p["plan"] = (p["total"] * Decimal("0.4")).quantize(_CENT, ROUND_DOWN)
    projects[2]["code"] = projects[2]["code"].replace("-", "－", 1)  # a full-width dash
    projects[6]["name"] += " "  # a trailing space, as typed
    header = [
        "项目代码",
        "项目名称",
        "业主单位",
        "项目阶段",
        "总投资（万元）",
        "年度计划投资（万元）",
        "计划开工时间",
        "计划竣工时间",
    ]
    text = {"num_format": "@"}
    rows = [[Cell(h, _HEAD) for h in header]]
    for i, p in enumerate(projects):
        rows.append(
            [
                p["code"],
                p["name"],
                p["owner"],
                p["stage"],
                Cell(_amount_text(p["total"], i), text),
                Cell(_amount_text(p["plan"], i + 1), text),
                Cell(_date_text(p["start"], i), text),
                Cell(_date_text(p["end"], i + 1), text),
            ]
        )
    content = write_xlsx(rows, col_widths={0: 26, 1: 36, 2: 28})
    return Sample(
        "text_numbers",
        "峨山县重点项目（文本格式）.xlsx",
        content,
        _expected([_data(p) for p in projects]),
    )


def _amount_text(value, style):
    """An amount in 万元 typed as text, five ways.

    3,086.5 | １２３４ | 1.5亿元 | 15000万元 | '  800 '
    """
    plain = _plain(value)
    match style % 5:
        case 0:
            return f"{value.normalize():,f}"
        case 1:
            return plain.translate(_FULL_WIDTH)
        case 2:
            return f"{_plain(value.scaleb(-4))}亿元"
        case 3:
            return f"{plain}万元"
        case _:
            return f"  {plain} "


_FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def _date_text(day, style):
    match style % 4:
        case 0:
            return f"{day.year}.{day.month}.{day.day}"
        case 1:
            return f"{day:%Y/%m/%d}"
        case 2:
            return f"{day.year}年{day.month}月"
        case _:
            return day.isoformat()


def _blank_and_hidden():
    projects = build_projects(9, seed=9, region_code="530427")
    hidden_project = projects[4]  # a real-looking project on a hidden row: not imported
    header = [
        "项目代码",
        "项目名称",
        "业主单位",
        "项目阶段",
        "总投资（万元）",
        "年度计划投资（万元）",
        "备注（内部）",
        "计划开工时间",
    ]
    memo_col = 6
    blank = []
    bordered_blank = [Cell(None, {"border": 1})] * len(header)
    layout = [0, blank, 1, 2, bordered_blank, blank, 3, 4, 5, blank, 6, 7, 8]
    rows = [[Cell(h, _HEAD) for h in header]]
    hidden_rows = []
    for item in layout:
        if isinstance(item, list):
            rows.append(item)
            continue
        p = projects[item]
        memo = "内部掌握，勿外报" if item % 2 else "待核实"
        rows.append(
            [p["code"], p["name"], p["owner"], p["stage"], p["total"], p["plan"], memo, p["start"]]
        )
        if p is hidden_project:
            hidden_rows.append(len(rows) - 1)
    junk = ExtraSheet(
        "隐藏",
        [
            ["项目名称", "总投资（万元）", "年度计划投资（万元）"],
            ["作废项目（勿用）", 99999, 99999],
            ["旧表数据", "junk", None],
        ],
        hidden=True,
        before=True,
    )
    notes = ExtraSheet("说明", [["填表说明"], ["1.金额单位为万元；"], ["2.请勿修改表头。"]])
    content = write_xlsx(
        rows,
        hidden_rows=hidden_rows,
        hidden_cols=[memo_col],
        sheet_name="重点项目",
        extra_sheets=[junk, notes],
        col_widths={0: 26, 1: 36},
    )
    data = [_data(p) for p in projects if p is not hidden_project]
    return Sample("blank_and_hidden", "新平县重点项目表.xlsx", content, _expected(data))


def _xls_legacy():
    projects = build_projects(8, seed=10, region_code="530428")
    header = [
        "序号",
        "项目代码",
        "项目名称",
        "建设单位",
        "项目阶段",
        "总投资",
        "年度计划投资",
        "计划开工时间",
        "建设内容",
    ]
    width = len(header)
    rows = [["元江县2020年重点项目计划表"] + [None] * (width - 1), ["单位：万元"], header]
    for i, p in enumerate(projects, start=1):
        rows.append(
            [
                i,
                p["code"],
                p["name"],
                p["owner"],
                p["stage"],
                p["total"],
                p["plan"],
                p["start"],
                p["content"],
            ]
        )
    data = [_data(p) for p in projects]
    total = sum((d.total for d in data), _ZERO)
    plan = sum((d.plan for d in data), _ZERO)
    rows.append(["合计", None, None, None, None, total, plan, None, None])
    content = _write_xls(rows, merges=[(0, 0, 0, width - 1)], sheet_name="重点项目")
    return Sample("xls_legacy", "元江县2020年重点项目.xls", content, _expected(data))


def _csv_gbk():
    projects = build_projects(10, seed=11, region_code="530402")
    # A reserve project without a project code yet (allowed for reserve projects only).
    projects[7].update(stage="储备", plan=_ZERO, code="")
    header = [
        "序号",
        "项目代码",
        "项目名称",
        "项目业主",
        "项目阶段",
        "总投资（万元）",
        "年度计划投资（万元）",
        "计划开工时间",
        "计划竣工时间",
    ]
    rows = [header]
    for i, p in enumerate(projects, start=1):
        rows.append(
            [
                i,
                p["code"],
                p["name"],
                p["owner"],
                p["stage"],
                f"{p['total']:,.2f}",  # as Excel shows "#,##0.00": 1,234.50
                f"{p['plan']:,.2f}",
                _slash_date(p["start"]),
                _slash_date(p["end"]),
            ]
        )
    content = _csv_text(rows).encode("gbk")
    return Sample("csv_gbk", "红塔区重点项目.csv", content, _expected([_data(p) for p in projects]))


def _csv_utf8_bom():
    projects = _whole_wan(build_projects(8, seed=12, region_code="530403"))
    header = [
        "项目代码",
        "项目名称",
        "建设单位",
        "总投资(亿元)",
        "年度计划投资(万元)",
        "开工时间",
        "竣工时间",
    ]
    rows = [header]
    data = []
    for p in projects:
        total = _to_yi(p["total"])
        rows.append(
            [
                p["code"],
                p["name"],
                p["owner"],
                _plain(total),
                _plain(p["plan"]),
                p["start"].isoformat(),
                p["end"].isoformat(),
            ]
        )
        data.append(_Data(p["name"], p["code"], _from_yi(total), p["plan"]))
    content = _csv_text(rows).encode("utf-8-sig")
    return Sample("csv_utf8_bom", "江川区重点项目(UTF-8).csv", content, _expected(data))


def _ods():
    projects = build_projects(8, seed=13, region_code="530402")
    header = [
        "项目代码",
        "项目名称",
        "业主单位",
        "项目阶段",
        "总投资（万元）",
        "年度计划投资（万元）",
        "计划开工时间",
    ]
    width = len(header)
    rows = [["红塔区2020年重点项目表"] + [None] * (width - 1), header]
    for p in projects:
        rows.append(
            [p["code"], p["name"], p["owner"], p["stage"], p["total"], p["plan"], p["start"]]
        )
    content = write_ods(rows, merges=[(0, 0, 0, width - 1)], sheet_name="重点项目")
    return Sample("ods", "红塔区重点项目表.ods", content, _expected([_data(p) for p in projects]))


_EXPORT_HEADER = (
    "项目代码",
    "项目名称",
    "业主单位",
    "县市区",
    "领域",
    "行业",
    "重点项目级别",
    "项目阶段",
    "总投资（万元）",
    "计划年度",
    "年度计划投资（万元）",
    "计划开工时间",
    "计划竣工时间",
    "实际开工时间",
    "入库日期",
    "包保市级领导",
    "主管部门",
    "建设规模及内容",
    "联系人",
    "联系电话",
)
_EXPORT_WIDTHS = (26, 36, 28, 12, 14, 18, 20, 14, 14, 8, 14, 12, 12, 12, 12, 16, 18, 40, 14, 14)


def _our_export():
    """What groundbreak.core.exports.build_xlsx writes for the project list."""
    projects = build_projects(12, seed=14, region_code="530402")
    rng = random.Random("groundbreak-corpus-export")
    money = {"num_format": "#,##0.00"}
    day = {"num_format": "yyyy-mm-dd"}
    header_fmt = {"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True}
    rows = [
        [Cell("项目清单", {"bold": True, "font_size": 14})],
        ["单位：万元"],
        [Cell(h, header_fmt) for h in _EXPORT_HEADER],
    ]
    for p in projects:
        started = p["stage"] in ("新开工", "续建")
        actual = p["start"] if started else None
        listed = dt.date(p["start"].year, p["start"].month, 1) if started else None
        rows.append(
            [
                p["code"],
                p["name"],
                p["owner"],
                REGION_NAMES["530402"],
                p["field"],
                p["sector"],
                rng.choice(_KEY_LEVELS) or None,
                p["stage"],
                Cell(p["total"], money),
                Cell(2020, {"num_format": "0"}),
                Cell(p["plan"], money),
                Cell(p["start"], day),
                Cell(p["end"], day),
                Cell(actual, day) if actual else None,
                Cell(listed, day) if listed else None,
                p["leader"],
                p["department"],
                p["content"],
                rng.choice(_CONTACTS),
                f"0877-20{rng.randrange(10000, 99999)}",
            ]
        )
    n = len(projects)
    data = [_data(p) for p in projects]
    last = 3 + n
    totals = [None] * len(_EXPORT_HEADER)
    totals[0] = Cell(f"合计（共{n}个项目）", _BOLD)
    total_money = {"bold": True, "num_format": "#,##0.00", "top": 1}
    for col, amount in ((8, sum(d.total for d in data)), (10, sum(d.plan for d in data))):
        cells = xlsxwriter.utility.xl_range(3, col, last - 1, col)
        totals[col] = Cell(amount, total_money, formula=f"=SUBTOTAL(9,{cells})")
    rows.append(totals)
    content = write_xlsx(
        rows,
        sheet_name="项目清单",
        col_widths=dict(enumerate(_EXPORT_WIDTHS)),
        freeze=(3, 0),
        autofilter=(2, 0, last - 1, len(_EXPORT_HEADER) - 1),
    )
    return Sample("our_export", "projects-20200315-0930.xlsx", content, _expected(data))


def _bad_rows():
    projects = build_projects(18, seed=15, region_code="530402")
    good, spare = projects[:10], projects[10:]
    header = list(_CLEAN_HEADER)
    col = {h: i for i, h in enumerate(header)}
    total_h, plan_h = "总投资（万元）", "年度计划投资（万元）"
    # (column header, reason, the change that makes the row bad); one problem per row
    faults = [
        (total_h, "amount", lambda r, p: r.__setitem__(col[total_h], "很多")),
        (plan_h, "amount", lambda r, p: r.__setitem__(col[plan_h], "abc")),
        # (a plan above the total is only a warning: issue 19)
        (plan_h, "negative", lambda r, p: r.__setitem__(col[plan_h], -100)),
        ("项目代码", "code", lambda r, p: r.__setitem__(col["项目代码"], "2020-53-01")),
        ("项目名称", "name_missing", lambda r, p: r.__setitem__(col["项目名称"], None)),
        ("项目阶段", "stage", lambda r, p: r.__setitem__(col["项目阶段"], "在建中ABC")),
        ("计划开工时间", "date", lambda r, p: r.__setitem__(col["计划开工时间"], "2020-13-45")),
        ("项目名称", "duplicate", lambda r, p: r.__setitem__(col["项目名称"], good[1]["name"])),
    ]
    rows = [header]
    bad = []
    for i, p in enumerate(good):
        rows.append(_clean_row(p))
        if i < len(faults):
            column, reason, spoil = faults[i]
            row = _clean_row(spare[i])
            spoil(row, spare[i])
            rows.append(row)
            bad.append((len(rows), column, reason))  # len(rows) is the 1-based row number
    content = write_xlsx(rows, col_widths={0: 26, 1: 36, 2: 28, 10: 40})
    return Sample(
        "bad_rows",
        "红塔区重点项目（含错误行）.xlsx",
        content,
        _expected([_data(p) for p in good]),
        bad=tuple(bad),
    )


_BUILDERS = {
    "clean_template": _clean_template,
    "title_unit_wan": _title_unit_wan,
    "title_unit_yi": _title_unit_yi,
    "unit_in_header": _unit_in_header,
    "two_row_header_merged": _two_row_header_merged,
    "sections_and_subtotals": _sections_and_subtotals,
    "subtotal_mismatch": _subtotal_mismatch,
    "merged_sections": _merged_sections,
    "text_numbers": _text_numbers,
    "blank_and_hidden": _blank_and_hidden,
    "xls_legacy": _xls_legacy,
    "csv_gbk": _csv_gbk,
    "csv_utf8_bom": _csv_utf8_bom,
    "ods": _ods,
    "our_export": _our_export,
    "bad_rows": _bad_rows,
}


# --- helpers -------------------------------------------------------------------------------


def _whole_wan(projects):
    """Round amounts down to whole 万元, so that 亿元 take at most four decimals."""
    for p in projects:
        p["total"] = max(p["total"].to_integral_value(ROUND_DOWN), Decimal(1))
        p["plan"] = min(p["plan"].to_integral_value(ROUND_DOWN), p["total"])
    return projects


def _to_yi(wan):
    return wan.scaleb(-4).normalize()


def _from_yi(yi):
    """亿元 back to 万元, exactly; whole 万元 without an exponent (15000, not 1.5E+4)."""
    wan = yi.scaleb(4)
    return wan.quantize(Decimal(1)) if wan == wan.to_integral_value() else wan


def _plain(value):
    """A Decimal without exponent or trailing zeros: 15000, 1.5, 0.0123."""
    return f"{value.normalize():f}"


def _slash_date(day):
    return f"{day.year}/{day.month}/{day.day}"  # Excel's Chinese short date


def _csv_text(rows):
    """CSV as Excel saves it: CRLF line ends, quotes only where needed."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue()


def _covered(merges):
    return {
        (r, c)
        for r0, c0, r1, c1 in merges
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }


class _Formats:
    """xlsxwriter formats belong to the workbook: one per distinct format dict."""

    def __init__(self, book):
        self.book = book
        self.cache = {}

    def __call__(self, spec):
        if not spec:
            return None
        key = tuple(sorted(spec.items()))
        if key not in self.cache:
            self.cache[key] = self.book.add_format(dict(spec))
        return self.cache[key]


_DATE = {"num_format": "yyyy-mm-dd"}
_DATETIME = {"num_format": "yyyy-mm-dd hh:mm"}


def _fill_sheet(sheet, rows, formats, merges=()):
    covered = _covered(merges)
    for r0, c0, r1, c1 in merges:
        value = rows[r0][c0] if c0 < len(rows[r0]) else None
        spec = {"align": "center", "valign": "vcenter"}
        if isinstance(value, Cell):
            spec |= value.fmt or {}
            value = value.value
        sheet.merge_range(r0, c0, r1, c1, "", formats(spec))
        if value is not None:
            _write_cell(sheet, r0, c0, value, spec, formats)
    starts = {(r0, c0) for r0, c0, _, _ in merges}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in covered or (r, c) in starts:
                continue
            spec = formula = None
            if isinstance(value, Cell):
                spec, formula, value = value.fmt, value.formula, value.value
            if formula is not None:
                sheet.write_formula(r, c, formula, formats(spec), _number(value))
            elif value is None:
                if spec:
                    sheet.write_blank(r, c, None, formats(spec))
            else:
                _write_cell(sheet, r, c, value, spec, formats)


def _write_cell(sheet, r, c, value, spec, formats):
    if isinstance(value, str):
        sheet.write_string(r, c, value, formats(spec))
    elif isinstance(value, bool):
        sheet.write_boolean(r, c, value, formats(spec))
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(r, c, _number(value), formats(spec))
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(
            r,
            c,
            value,
            formats(spec if spec and "num_format" in spec else (spec or {}) | _DATETIME),
        )
    elif isinstance(value, dt.date):
        sheet.write_datetime(
            r, c, value, formats(spec if spec and "num_format" in spec else (spec or {}) | _DATE)
        )
    else:
        raise TypeError(f"cannot write {value!r} to a cell")


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def _write_xls(rows, *, merges=(), sheet_name="Sheet1"):
    """An Excel 97-2003 .xls through xlwt (which embeds no timestamps)."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(sheet_name)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    title_style = xlwt.easyxf("font: bold on, height 320; align: horiz center")
    covered = _covered(merges)
    for r0, c0, r1, c1 in merges:
        sheet.write_merge(r0, r1, c0, c1, rows[r0][c0], title_style)
    starts = {(r0, c0) for r0, c0, _, _ in merges}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or (r, c) in covered or (r, c) in starts:
                continue
            if isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, _number(value))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _ods_cell(value, attrs):
    if value is None or value == "":
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        text = _plain(Decimal(str(value)))
        return (
            f'<table:table-cell{attrs} office:value-type="float" office:value="{text}">'
            f"<text:p>{text}</text:p></table:table-cell>"
        )
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        text = value.isoformat()
        return (
            f'<table:table-cell{attrs} office:value-type="date" office:date-value="{text}">'
            f"<text:p>{text}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell{attrs} office:value-type="string">'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )
