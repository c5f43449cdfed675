"""Read a county's spreadsheet into a plain grid: .xlsx, .xls, .ods (python-calamine) and .csv.

The engine above works on the grid only, so every format behaves the same.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetVisibleEnum

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SUFFIXES = WORKBOOK_SUFFIXES | {".csv"}


@dataclass
class Grid:
    """The cells of one sheet; row and column indexes are 0-based, as spreadsheets show them + 1."""

    rows: list
    hidden_rows: set = field(default_factory=set)
    hidden_cols: set = field(default_factory=set)
    merged: list = field(default_factory=list)  # ((row, col), (row, col)) inclusive
    sheet_name: str = ""

    def cell(self, row, col):
        cells = self.rows[row] if row < len(self.rows) else []
        return cells[col] if col < len(cells) else None


def read_grids(content: bytes, filename: str):
    """The visible sheets of a file as grids, in workbook order (one grid for a .csv).

    A generator: a county's workbook often opens with an instructions sheet (填表说明), and the
    engine takes the first sheet that holds a table, so later sheets are read only if needed.
    """
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(
            _("%(name)s is not a spreadsheet we read: use .xlsx, .xls, .ods or .csv.")
            % {"name": filename}
        )
    if suffix == ".csv":
        yield _read_csv(content)
        return
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as error:  # calamine raises several unrelated types for broken files
        raise ValidationError(
            _("%(name)s could not be read as a spreadsheet (%(error)s).")
            % {"name": filename, "error": error}
        ) from error
    visible = [m for m in book.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
    if not visible:
        raise ValidationError(_("%(name)s has no visible sheet.") % {"name": filename})
    for meta in visible:
        sheet = book.get_sheet_by_name(meta.name)
        grid = Grid(
            rows=sheet.to_python(skip_empty_area=False),  # a list of lists, never changed in place
            merged=list(sheet.merged_cell_ranges or []),
            sheet_name=sheet.name,
        )
        if suffix in (".xlsx", ".xlsm"):
            grid.hidden_rows, grid.hidden_cols = _hidden_in_xlsx(
                content, book.sheet_names.index(sheet.name)
            )
        yield grid


def read_grid(content: bytes, filename: str) -> Grid:
    """The first visible sheet."""
    return next(read_grids(content, filename))


def _read_csv(content: bytes) -> Grid:
    # Excel on a Chinese Windows writes GBK/GB18030; everything else writes UTF-8 (with a BOM
    # when it is Excel). GB18030 decodes any byte string that UTF-8 refuses, so try UTF-8 first.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    return Grid(
        rows=[[cell if cell.strip() else "" for cell in row] for row in rows], sheet_name="csv"
    )


_ROW_HIDDEN = re.compile(rb'<(?:\w+:)?row\b[^>]*\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")


def _hidden_in_xlsx(content, sheet_index):
    """calamine does not expose hidden rows and columns; read them from the sheet's XML."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            path = _sheet_path(archive, sheet_index)
            xml = archive.read(path)
    except (KeyError, zipfile.BadZipFile):
        return set(), set()
    if b'hidden="' not in xml:  # most sheets hide nothing: skip the scan of every row tag
        return set(), set()
    rows = {int(_ROW_NUMBER.search(tag).group(1)) - 1 for tag in _ROW_HIDDEN.findall(xml)}
    cols = set()
    for attrs in _COL.findall(xml):
        if re.search(rb'\bhidden="(?:1|true)"', attrs):
            low = int(re.search(rb'\bmin="(\d+)"', attrs).group(1))
            high = int(re.search(rb'\bmax="(\d+)"', attrs).group(1))
            cols.update(range(low - 1, high))
    return rows, cols


def _sheet_path(archive, sheet_index):
    """The worksheet part of the n-th sheet, following the workbook's relationships."""
    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    ids = re.findall(rb'<(?:\w+:)?sheet\b[^>]*?r:id="([^"]+)"', workbook)
    target = re.search(rb'Id="' + re.escape(ids[sheet_index]) + rb'"[^>]*?Target="([^"]+)"', rels)
    if target is None:
        target = re.search(
            rb'Target="([^"]+)"[^>]*?Id="' + re.escape(ids[sheet_index]) + rb'"', rels
        )
    path = target.group(1).decode()
    return path.lstrip("/") if path.startswith("/") else "xl/" + path
