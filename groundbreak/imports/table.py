"""Find the table in a grid: title, unit line, one- or two-row header, data rows, sections,
subtotals and notes. Knows nothing of projects: it says which cell holds which field."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from groundbreak.core.money import AmountError, parse_amount
from groundbreak.imports.columns import match_header, normalise_text, unit_in_line

MONEY_FIELDS = (
    "total_investment",
    "annual_plan",
    "completed_period",
    "completed_ytd",
    "completed_total",
)
HEADER_SEARCH_ROWS = 25
_SUBTOTAL = re.compile(r"^(小计|合计|总计|共计|subtotal|total)", re.IGNORECASE)
_NOTE_STARTS = set("注备说填制审联数 　")
_SUBTOTAL_STARTS = set("小合总共sStT 　\t")
_SECTION = re.compile(
    r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[类部分])"
)
_NUMERAL = re.compile(r"^[一二三四五六七八九十]+$")  # "一" in the 序号 column, the label beside
_NOTE = re.compile(
    r"^(注[:：、]?|备注[:：]|说明[:：]|填报人|填表人|制表|审核|联系人[:：]|联系电话[:：]|数据来源)"
)


@dataclass
class Column:
    index: int
    header: str
    unit: str  # the unit amounts in this column are in when the cell states none


@dataclass(slots=True)
class Row:
    number: int  # as the spreadsheet shows it (1-based)
    kind: str  # data | subtotal | total
    cells: dict  # field → raw cell value
    section: str = ""
    label: str = ""  # 小计 / 合计 … as written


@dataclass
class SubtotalCheck:
    number: int
    label: str
    field: str
    stated: Decimal
    computed: Decimal

    @property
    def ok(self):
        return self.stated == self.computed


@dataclass
class Table:
    title: str
    unit: str
    header_rows: list
    columns: dict  # field → Column
    ignored_headers: list
    rows: list = field(default_factory=list)
    hidden_rows: int = 0
    checks: list = field(default_factory=list)

    @property
    def data_rows(self):
        return [r for r in self.rows if r.kind == "data"]


def _text(value):
    return "" if value is None else str(value).strip()


def _filled(grid, data_from=None):
    """The grid with every merged range's value copied into each cell of the range, so that a
    header merged over two rows or three columns reads the same in every cell it covers.

    Below the header (from row ``data_from``) a range is copied down only, in its first column:
    an owner merged over the rows of its projects is each one's, while a section label
    ("一、基础设施类") merged across the whole table is one label, not an amount in every
    column."""
    rows = list(grid.rows)  # rows are copied only where a merged range writes into them
    copied = set()
    for (r1, c1), (r2, c2) in grid.merged:
        value = grid.cell(r1, c1)
        if data_from is not None and r1 >= data_from:
            c2 = c1
        for r in range(r1, r2 + 1):
            while len(rows) <= r:
                rows.append([])
            if r not in copied:
                rows[r] = list(rows[r])
                copied.add(r)
            for c in range(c1, c2 + 1):
                while len(rows[r]) <= c:
                    rows[r].append("")
                rows[r][c] = value
    return rows


def _header_score(cells, extra, hidden_cols):
    fields = {}
    for col, value in enumerate(cells):
        if col in hidden_cols or not _text(value):
            continue
        name, _unit = match_header(value, extra)
        if name and name not in fields:
            fields[name] = col
    return fields


def _second_header_row(below, header, extra, hidden_cols):
    """Whether the row under the header belongs to it: it holds no amounts, and each of its
    cells repeats the header cell above (a header merged over both rows) or names a field of
    its own, none of them the project name (a row with a name of its own is a project)."""
    if not any(_text(v) for v in below) or any(isinstance(v, (int, float)) for v in below):
        return False
    own = [
        "" if col < len(header) and _text(header[col]) == _text(value) else value
        for col, value in enumerate(below)
    ]
    if not any(_text(v) for v in own):
        return True
    fields = _header_score(own, extra, hidden_cols)
    return bool(fields) and "name" not in fields


def find_table(grid, *, required=("name",), extra=None):
    """Locate the header and map its columns. Raises ValidationError if no header is found."""
    rows = _filled(grid)
    best, best_fields = None, {}
    for index in range(min(HEADER_SEARCH_ROWS, len(rows))):
        if index in grid.hidden_rows:
            continue
        fields = _header_score(rows[index], extra, grid.hidden_cols)
        if all(f in fields for f in required) and len(fields) > len(best_fields):
            best, best_fields = index, fields
    if best is None:
        raise ValidationError(
            _("No header row with a project name column was found in the first %(n)s rows.")
            % {"n": HEADER_SEARCH_ROWS}
        )
    header_rows = [best]
    below = rows[best + 1] if best + 1 < len(rows) else []
    if _second_header_row(below, rows[best], extra, grid.hidden_cols):
        header_rows.append(best + 1)
    unit = "万元"
    title = ""
    for index in range(best):
        for value in rows[index]:
            text = _text(value)
            if not text:
                continue
            unit = unit_in_line(text) or unit
            if not title and not unit_in_line(text):
                title = text
    columns, ignored = {}, []
    width = max((len(rows[i]) for i in header_rows), default=0)
    for col in range(width):
        if col in grid.hidden_cols:
            continue
        parts = []
        for i in header_rows:
            value = _text(rows[i][col] if col < len(rows[i]) else "")
            if value and value not in parts:
                parts.append(value)
        if not parts:
            continue
        # Prefer the lower, more specific wording ("总投资" under "投资情况（万元）"), then the
        # two together, then the upper one; a unit stated in either applies.
        name, col_unit = None, None
        for candidate in [parts[-1], "".join(parts), parts[0]]:
            name, col_unit = match_header(candidate, extra)
            if name:
                break
        for part in parts:
            col_unit = col_unit or match_header(part, extra)[1]
        if name is None or name in columns:
            ignored.append("/".join(parts))
            continue
        columns[name] = Column(index=col, header="/".join(parts), unit=col_unit or unit)
    table = Table(
        title=title, unit=unit, header_rows=header_rows, columns=columns, ignored_headers=ignored
    )
    data_from = header_rows[-1] + 1
    if any(r1 >= data_from and c2 > c1 for (r1, c1), (_r2, c2) in grid.merged):
        rows = _filled(grid, data_from)
    _read_rows(table, grid, rows, data_from)
    return table


def first_table(grids, *, required=("name",), extra=None):
    """The table of the first sheet that has one; the first sheet's reason if none has."""
    first_error = None
    for grid in grids:
        try:
            return find_table(grid, required=required, extra=extra)
        except ValidationError as error:
            first_error = first_error or error
    raise first_error


# A row whose first text starts otherwise (most project names) cannot be a section label.
_SECTION_STARTS = set("一二三四五六七八九十第(（")


def _maybe_section(text):
    return text[0] in _SECTION_STARTS or not text[0].isalnum()


def _first_text(cells):
    """(column, text) of the row's first filled cell, or (None, "")."""
    for col, value in enumerate(cells):
        if type(value) is str:
            if value and (text := value.strip()):
                return col, text
        elif value is not None and (text := str(value).strip()):
            return col, text
    return None, ""


def _read_rows(table, grid, rows, start):
    # This loop runs once per row of a table that may have tens of thousands: a row's fields
    # are picked in one call (_picker), and only rows that could be notes, totals or sections
    # are looked at more closely.
    name_col = table.columns["name"].index
    label_cols = sorted(
        {0, name_col} | ({table.columns["seq"].index} if "seq" in table.columns else set())
    )
    money_cols = {f: c for f, c in table.columns.items() if f in MONEY_FIELDS}
    money_indexes = [c.index for c in money_cols.values()]
    indexes = [c.index for c in table.columns.values()]
    width = max([*indexes, *label_cols]) + 1
    pick = _picker(table.columns)
    hidden = grid.hidden_rows
    append = table.rows.append
    # The rows a subtotal covers are the data rows since the last subtotal or section, kept
    # as where they start in table.rows (the totals' rows are picked out at the end).
    section, since, pending_totals = "", 0, []
    sections = []  # (level, row, where its rows start in table.rows) of the open sections that
    # state their totals
    for index in range(start, len(rows)):
        cells = rows[index]
        first_col, first = _first_text(cells)
        if not first:
            continue
        if index in hidden:
            table.hidden_rows += 1
            continue
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        if first[:1] in _NOTE_STARTS and _NOTE.match(normalise_text(first)):
            if _text(cells[name_col]) in ("", first):
                break  # notes below the table ("注：…", "填报人：…") end it
        values = pick(cells)
        subtotal = None
        for col in label_cols:
            label = cells[col]
            if type(label) is not str or label.lstrip()[:1] not in _SUBTOTAL_STARTS:
                continue  # only a label that starts like 小计/合计/Total needs normalising
            label = normalise_text(label)
            if _SUBTOTAL.match(label):
                subtotal = label
                break
        if subtotal:
            kind = "subtotal" if subtotal.lower().startswith(("小计", "subtotal")) else "total"
            row = Row(index + 1, kind, values, section, subtotal)
            if kind == "subtotal":
                _check(table, row, _data(table.rows[since:]), money_cols)
                since = len(table.rows) + 1
            else:
                _close_sections(table, sections, 0, money_cols)
                pending_totals.append(row)
            append(row)
            continue
        # A section row: "一、基础设施类", "（一）交通", or "一" in the 序号 column and
        # "基础设施类" beside it, with or without the section's amounts; a lone text outside
        # the name column is one too, but a lone name is a project whose amounts are missing.
        maybe = _maybe_section(first)
        if first_col != name_col or maybe:
            amounts = _any_amount(cells, money_indexes)
            # (a bare "三" with amounts and no name is a project row whose name is missing)
            numbered = maybe and (
                _SECTION.match(normalise_text(first))
                or (
                    first_col != name_col
                    and _NUMERAL.match(first)
                    and (not amounts or _text(cells[name_col]))
                )
            )
            if numbered or (
                not amounts
                and first_col != name_col
                and sum(1 for v in cells if _text(v)) == 1  # a lone text
            ):
                label = _text(cells[name_col]) if first_col != name_col else ""
                section = f"{first}、{label}" if _NUMERAL.match(first) and label else first
                since = len(table.rows)
                level = 2 if first[:1] in "(（" else 1
                _close_sections(table, sections, level, money_cols)
                if amounts:  # the section's own totals: checked against its rows once it ends
                    row = Row(index + 1, "section", values, section, section)
                    sections.append((level, row, len(table.rows)))
                continue
        append(Row(index + 1, "data", values, section))
    _close_sections(table, sections, 0, money_cols)
    if pending_totals:
        all_data = _data(table.rows)
        for row in pending_totals:
            _check(table, row, all_data, money_cols)


def _close_sections(table, sections, level, money_cols):
    """Check the totals a section row states against the data rows since it, for each section
    a new one of ``level`` ends ("二、" ends "一、" and its "（一）"; "（二）" ends "（一）" only;
    level 0, a grand total or the table's end, ends them all)."""
    while sections and sections[-1][0] >= level:
        _level, row, start = sections.pop()
        _check(table, row, _data(table.rows[start:]), money_cols)


def _picker(columns):
    """A function from a row's cells to its {field: cell}, written as a dict display: that makes
    the dict in one step, in half the time of dict(zip(fields, itemgetter(…)(cells))), once per
    row of a table of tens of thousands. Only field names (quoted) and column numbers are in
    the code, nothing of the file."""
    body = ", ".join(f"{name!r}: cells[{int(column.index)}]" for name, column in columns.items())
    return eval(f"lambda cells: {{{body}}}")


def _data(rows):
    return [r for r in rows if r.kind == "data"]


def _any_amount(cells, money_indexes):
    """Whether any amount cell of a row is filled (``_text`` not empty: a cell not text is)."""
    for col in money_indexes:
        value = cells[col]
        if value is not None and (type(value) is not str or value.strip()):
            return True
    return False


def _check(table, row, covered, money_cols):
    """Compare a subtotal row with the sum of the rows it covers, amount column by column."""
    for name, column in money_cols.items():
        try:
            stated = parse_amount(row.cells.get(name), unit=column.unit)
        except AmountError:
            continue
        if stated is None:
            continue
        computed = Decimal(0)
        for data in covered:
            try:
                computed += parse_amount(data.cells.get(name), unit=column.unit) or 0
            except AmountError:
                pass  # the row itself is refused with its own message
        table.checks.append(
            SubtotalCheck(
                number=row.number, label=row.label, field=name, stated=stated, computed=computed
            )
        )
