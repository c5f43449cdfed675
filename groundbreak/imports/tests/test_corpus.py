"""The spreadsheet corpus: every sample reads back, is deterministic, and holds what it claims.

A small reference reader below reads each file the plain way (calamine or csv, first visible
sheet, units from the header or a unit line, section/subtotal/total rows told apart) and checks
the sample's expected figures against the file's own cells. No database is needed.
"""

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from groundbreak.core.money import AmountError, parse_amount
from groundbreak.imports.tests import corpus
from groundbreak.projects.validators import PROJECT_CODE_RE, normalise_project_code

NAMES = corpus.sample_names()
SAMPLES = {s.name: s for s in corpus.samples()}


@pytest.fixture(params=NAMES)
def sample(request):
    return SAMPLES[request.param]


# --- the reference reader ------------------------------------------------------------------


def _text(value):
    return re.sub(r"\s+", "", value) if isinstance(value, str) else ""


def read_grid(s):
    """(rows, hidden row indexes, merged ranges) of the first visible sheet, or of the CSV."""
    if s.filename.endswith(".csv"):
        if s.content.startswith(codecs.BOM_UTF8):
            text = s.content.decode("utf-8-sig")
        else:
            text = s.content.decode("gb18030")
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""))], set(), []
    book = CalamineWorkbook.from_filelike(io.BytesIO(s.content))
    visible = [m.name for m in book.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
    sheet = book.get_sheet_by_name(visible[0])
    rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
    hidden = set()
    if s.filename.endswith(".xlsx"):
        worksheet = openpyxl.load_workbook(io.BytesIO(s.content))[sheet.name]
        hidden = {r - 1 for r, d in worksheet.row_dimensions.items() if d.hidden}
    return rows, hidden, list(sheet.merged_cell_ranges or [])


def _fill_merges(rows, merges):
    for (r0, c0), (r1, c1) in merges:
        for r in range(r0, r1 + 1):
            rows[r] += [""] * (c1 + 1 - len(rows[r]))
            for c in range(c0, c1 + 1):
                rows[r][c] = rows[r0][c0]


def _layout(rows):
    """Header row index, first data row index, and column roles with their units."""
    head = next(i for i, row in enumerate(rows) if any("项目名称" in _text(v) for v in row))
    headers = [_text(v) for v in rows[head]]
    below = rows[head + 1]
    first = head + 1
    name_col = next(c for c, h in enumerate(headers) if "项目名称" in h)
    # A second header row: text only, nothing (or the merged 项目名称) under 项目名称.
    if (
        all(isinstance(v, str) for v in below)
        and _text(_cell(below, name_col)) in ("", "项目名称")
        and any("投资" in _text(v) or "计划" in _text(v) for v in below)
    ):
        headers = [
            top if top == _text(low) else top + _text(low)
            for top, low in zip(headers, below, strict=False)
        ]
        first = head + 2
    unit = "万元"
    for row in rows[:head]:
        for value in row:
            if found := re.search(r"单位[:：](亿元|万元)", _text(value)):
                unit = found[1]

    def column(test):
        matches = [c for c, h in enumerate(headers) if test(h)]
        return matches[0] if matches else None

    def unit_of(col):
        return "亿元" if "亿" in headers[col] else "万元" if "万" in headers[col] else unit

    total = column(lambda h: "总投资" in h)
    plan = column(
        lambda h: (
            "计划" in h
            and not any(w in h for w in ("开工", "竣工", "时间", "完成"))
            and not h.startswith("计划年度")
        )
    )
    return (
        head,
        first,
        {
            "headers": headers,
            "name": column(lambda h: "项目名称" in h),
            "code": column(lambda h: "项目代码" in h),
            "total": (total, unit_of(total)),
            "plan": (plan, unit_of(plan)),
        },
    )


def _cell(row, col):
    return row[col] if col is not None and col < len(row) else ""


def _amount(row, spec):
    col, unit = spec
    return parse_amount(_cell(row, col), unit=unit) or Decimal(0)


def reference_read(s):
    """What a straightforward reader finds in the file, as an Expected."""
    rows, hidden, merges = read_grid(s)
    _fill_merges(rows, merges)
    _, first, cols = _layout(rows)
    bad = {number - 1 for number, _, _ in s.bad}
    names, codes, totals, plans = [], [], [], []
    section = [Decimal(0), Decimal(0)]
    stated = []  # (total, plan, covered total, covered plan) of subtotals; None covers all
    for r in range(first, len(rows)):
        row = rows[r]
        if r in hidden or r in bad:
            continue
        label = next((_text(v) for v in row[:2] if _text(v)), "")
        if label.startswith("小计"):
            stated.append((_amount(row, cols["total"]), _amount(row, cols["plan"]), *section))
            section = [Decimal(0), Decimal(0)]
        elif label.startswith(("合计", "总计")):
            stated.append((_amount(row, cols["total"]), _amount(row, cols["plan"]), None, None))
        elif re.match(r"[一二三四五六七八九十]+、", label):
            section = [Decimal(0), Decimal(0)]
        elif _cell(row, cols["name"]) not in ("", None):
            names.append(_cell(row, cols["name"]))
            code = _cell(row, cols["code"])
            codes.append(normalise_project_code(code) if isinstance(code, str) else "")
            totals.append(_amount(row, cols["total"]))
            plans.append(_amount(row, cols["plan"]))
            section[0] += totals[-1]
            section[1] += plans[-1]
    total, plan = sum(totals, Decimal(0)), sum(plans, Decimal(0))
    mismatches = sum(
        (t, p) != ((total, plan) if ct is None else (ct, cp)) for t, p, ct, cp in stated
    )
    return corpus.Expected(len(names), total, plan, tuple(names), tuple(codes), mismatches)


# --- the corpus ----------------------------------------------------------------------------


def test_every_style_is_there_once():
    assert NAMES == [
        "clean_template",
        "title_unit_wan",
        "title_unit_yi",
        "unit_in_header",
        "two_row_header_merged",
        "sections_and_subtotals",
        "subtotal_mismatch",
        "merged_sections",
        "text_numbers",
        "blank_and_hidden",
        "xls_legacy",
        "csv_gbk",
        "csv_utf8_bom",
        "ods",
        "our_export",
        "bad_rows",
    ]
    assert corpus.sample("ods").content == SAMPLES["ods"].content
    with pytest.raises(KeyError):
        corpus.sample("nope")


def test_building_twice_gives_identical_bytes():
    again = corpus.samples()
    assert [s.content for s in again] == [SAMPLES[n].content for n in NAMES]
    assert again == [SAMPLES[n] for n in NAMES]


def test_sample_is_readable(sample):
    if sample.filename.endswith(".csv"):
        rows, _, _ = read_grid(sample)
        assert len({len(r) for r in rows}) == 1  # every line has the header's columns
        return
    book = CalamineWorkbook.from_filelike(io.BytesIO(sample.content))
    assert book.sheet_names
    for name in book.sheet_names:
        assert book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def test_names_and_codes_match_the_row_count(sample):
    e = sample.expected
    assert len(e.names) == len(e.codes) == e.rows > 0
    assert len(set(e.names)) == e.rows
    assert all(PROJECT_CODE_RE.match(code) for code in e.codes if code)
    assert isinstance(e.total_investment, Decimal) and isinstance(e.annual_plan, Decimal)
    assert e.annual_plan <= e.total_investment


def test_expected_figures_are_what_the_file_holds(sample):
    assert reference_read(sample) == sample.expected


def test_build_projects_is_deterministic_and_plausible():
    projects = corpus.build_projects(40, seed=3, region_code="530403")
    assert projects == corpus.build_projects(40, seed=3, region_code="530403")
    assert projects != corpus.build_projects(40, seed=4, region_code="530403")
    assert len({p["name"] for p in projects}) == len({p["code"] for p in projects}) == 40
    for p in projects:
        match = PROJECT_CODE_RE.match(p["code"])
        assert match and match["region"] == "530403"
        assert p["name"].startswith("江川区") and re.search(r"[\u4e00-\u9fff]{4}", p["name"])
        assert p["field"] in corpus.FIELDS
        assert p["stage"] in corpus.STAGES
        assert 0 <= p["plan"] <= p["total"]
        assert -p["total"].as_tuple().exponent <= 2 and -p["plan"].as_tuple().exponent <= 2
        assert p["start"] < p["end"]
    assert {p["field"] for p in projects} == set(corpus.FIELDS)
    other_seed = {p["code"] for p in corpus.build_projects(40, seed=4, region_code="530403")}
    assert not other_seed & {p["code"] for p in projects}


# --- particular styles ---------------------------------------------------------------------


def _zip_text(content, path):
    return zipfile.ZipFile(io.BytesIO(content)).read(path).decode()


def test_hidden_sheet_row_and_column_are_marked_in_the_xlsx():
    s = SAMPLES["blank_and_hidden"]
    workbook = _zip_text(s.content, "xl/workbook.xml")
    assert re.search(r'<sheet name="隐藏" sheetId="1" state="hidden"', workbook)
    assert re.search(r'<sheet name="重点项目" sheetId="2" r:id', workbook)
    sheet = _zip_text(s.content, "xl/worksheets/sheet2.xml")
    hidden_rows = re.findall(r'<row r="(\d+)"[^>]*hidden="1"', sheet)
    assert len(hidden_rows) == 1
    assert re.search(r'<col min="7" max="7"[^>]*hidden="1"', sheet)  # G: 备注（内部）

    book = CalamineWorkbook.from_filelike(io.BytesIO(s.content))
    assert [m.visible for m in book.sheets_metadata] == [
        SheetVisibleEnum.Hidden,
        SheetVisibleEnum.Visible,
        SheetVisibleEnum.Visible,
    ]
    # calamine does not tell hidden rows: it returns the hidden project like any other.
    rows = book.get_sheet_by_name("重点项目").to_python(skip_empty_area=False)
    hidden = rows[int(hidden_rows[0]) - 1]
    assert PROJECT_CODE_RE.match(hidden[0]) and hidden[1] not in s.expected.names
    assert rows[0][6] == "备注（内部）"
    assert sum(1 for row in rows if not any(row)) == 4  # blank rows between the projects


def test_merged_cells_read_back_as_their_top_left_value():
    s = SAMPLES["two_row_header_merged"]
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(s.content)).get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=False)
    assert rows[0][0] == "通海县2020年重点项目投资情况表" and rows[0][1] == ""
    assert rows[1][:5] == ["序号", "项目名称", "投资情况（万元）", "", ""]
    assert rows[2][:5] == ["", "", "总投资", "2020年计划", "1-3月完成投资"]
    assert ((1, 2), (1, 4)) in sheet.merged_cell_ranges
    for row in rows[3:]:
        assert row[4] <= row[3] <= row[2]  # completed ≤ plan ≤ total


def test_dates_come_back_as_dates():
    for name, col in (("title_unit_wan", 5), ("clean_template", 8), ("xls_legacy", 7), ("ods", 6)):
        rows, _, _ = read_grid(SAMPLES[name])
        assert isinstance(rows[-2][col], dt.date), name


def test_text_numbers_hold_the_awkward_spellings():
    rows, _, _ = read_grid(SAMPLES["text_numbers"])
    cells = {v for row in rows for v in row}
    assert {"3,086.5", "１２３４", "1.5亿元", "15000万元", "  800 "} <= cells
    assert any(
        isinstance(v, str) and "－" in v and PROJECT_CODE_RE.match(normalise_project_code(v))
        for v in cells
    )
    dates = [v for row in rows[1:] for v in row[6:8]]
    assert all(isinstance(v, str) for v in dates)
    assert any(re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}", v) for v in dates)
    assert any(re.fullmatch(r"\d{4}/\d{2}/\d{2}", v) for v in dates)
    assert any(re.fullmatch(r"\d{4}年\d{1,2}月", v) for v in dates)
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in dates)


def test_csv_encodings_and_line_ends():
    gbk = SAMPLES["csv_gbk"].content
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert gbk.count(b"\r\n") == gbk.count(b"\n") == SAMPLES["csv_gbk"].expected.rows + 1
    assert re.search(r'"\d{1,3}(,\d{3})+\.\d\d"', gbk.decode("gbk"))
    utf8 = SAMPLES["csv_utf8_bom"].content
    assert utf8.startswith(codecs.BOM_UTF8) and b"\r\n" in utf8
    assert "总投资(亿元)" in utf8.decode("utf-8-sig")


def test_ods_is_a_proper_package():
    content = SAMPLES["ods"].content
    archive = zipfile.ZipFile(io.BytesIO(content))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert content[38:84] == b"application/vnd.oasis.opendocument.spreadsheet"


def test_our_export_total_row_caches_its_sums():
    s = SAMPLES["our_export"]
    rows, _, _ = read_grid(s)
    assert rows[0][0] == "项目清单" and rows[1][0] == "单位：万元"
    assert rows[-1][0] == f"合计（共{s.expected.rows}个项目）"
    assert Decimal(repr(rows[-1][8])) == s.expected.total_investment
    assert Decimal(repr(rows[-1][10])) == s.expected.annual_plan
    assert "SUBTOTAL(9,I4:I15)" in _zip_text(s.content, "xl/worksheets/sheet1.xml")


def test_sections_put_labels_in_the_first_or_second_cell():
    for name in ("sections_and_subtotals", "subtotal_mismatch"):
        rows, _, _ = read_grid(SAMPLES[name])
        labels = {(c, v) for row in rows for c, v in enumerate(row) if str(v).endswith("类")}
        assert labels == {(0, "一、基础设施类"), (1, "二、社会事业类"), (0, "三、产业发展类")}
    rows, _, _ = read_grid(SAMPLES["subtotal_mismatch"])
    assert rows[2][0] == "总计"  # right under the header
    rows, _, _ = read_grid(SAMPLES["sections_and_subtotals"])
    assert rows[-1][0] == "填报人：张三  联系电话：0877-1234567"


# --- the refused rows ----------------------------------------------------------------------


def _problems(row, cols, seen):
    """The (column header, reason) pairs a strict import would refuse this row for."""
    header = cols["headers"]
    found = set()
    name = _cell(row, cols["name"])
    total = plan = None
    for key in ("total", "plan"):
        try:
            value = _amount(row, cols[key])
        except AmountError:
            found.add((header[cols[key][0]], "amount"))
        else:
            total, plan = (value, plan) if key == "total" else (total, value)
    if plan is not None and plan < 0:
        found.add((header[cols["plan"][0]], "negative"))
    if not name:
        found.add(("项目名称", "name_missing"))
    elif name in seen:
        found.add(("项目名称", "duplicate"))
    code = normalise_project_code(_cell(row, cols["code"]))
    if code and not PROJECT_CODE_RE.match(code):
        found.add(("项目代码", "code"))
    if _cell(row, header.index("项目阶段")) not in corpus.STAGES:
        found.add(("项目阶段", "stage"))
    for title in ("计划开工时间", "计划竣工时间"):
        value = _cell(row, header.index(title))
        if not isinstance(value, dt.date):
            try:
                dt.date.fromisoformat(value)
            except (TypeError, ValueError):
                found.add((title, "date"))
    return found


def test_bad_rows_hold_exactly_their_one_problem():
    s = SAMPLES["bad_rows"]
    rows, _, _ = read_grid(s)
    _, first, cols = _layout(rows)
    assert set(cols["headers"]) >= {column for _, column, _ in s.bad}
    assert sorted(reason for _, _, reason in s.bad) == sorted(
        [
            "amount",
            "amount",
            "negative",
            "code",
            "name_missing",
            "stage",
            "date",
            "duplicate",
        ]
    )
    refused = {number: {(column, reason)} for number, column, reason in s.bad}
    seen = set()
    for r in range(first, len(rows)):
        assert _problems(rows[r], cols, seen) == refused.get(r + 1, set()), f"row {r + 1}"
        seen.add(_cell(rows[r], cols["name"]))
    assert len(rows) - first == s.expected.rows + len(s.bad)
