"""Read a county's spreadsheet into a plain grid: .xlsx, .xls, .ods (python-calamine) and .csv.

The engine above works on the grid only, so every format behaves the same.
"""

import codecs
import contextlib
import csv
import io
import logging
import pickle
import re
import struct
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

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
    """The visible sheets of a file as grids, in workbook order (one grid for a .csv): an
    iterator to close (or use as a context manager) once done with it.

    Sheets are read one by one as the caller asks for them: a county's workbook often opens
    with an instructions sheet (填表说明), and the engine takes the first sheet that holds a
    table, so later sheets are read only if needed. The reading starts at once, in a process of
    its own, so that the caller can do other work meanwhile (read what it needs of the database)
    on the second core.

    A file is untrusted: a workbook's archive and sheet sizes are checked before it is read (no
    more than ``IMPORT_MAX_UNCOMPRESSED_BYTES`` unpacked, ``IMPORT_MAX_ROWS`` rows), and it is
    read in a child process whose memory is capped (``read_child``), so that a file that makes
    the reader abort is refused instead of ending the process that asked. Every failure is a
    ValidationError naming the file.
    """
    suffix = PurePath(filename).suffix.lower()
    name = PurePath(filename).name
    if suffix not in SUFFIXES:
        raise ValidationError(
            _("%(name)s is not a spreadsheet we read: use .xlsx, .xls, .ods or .csv.")
            % {"name": name}
        )
    if suffix == ".csv":
        return _Sheets(_csv_grids(content, name))
    return _read_in_child(content, name)


class _Sheets:
    """Grids one by one (an iterator); ``close`` (or leaving a ``with`` block) ends what reads
    them, a child process included, even if no grid was asked for."""

    def __init__(self, grids, stop=None):
        self._grids, self._stop = grids, stop

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._grids)

    def close(self):
        self._grids.close()
        stop, self._stop = self._stop, None
        if stop is not None:
            stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        with contextlib.suppress(Exception):  # at interpreter exit, what it needs may be gone
            self.close()


def _csv_grids(content, name):
    yield _read_csv(content, name)


def read_grid(content: bytes, filename: str) -> Grid:
    """The first visible sheet."""
    with read_grids(content, filename) as grids:
        return next(grids)


def max_rows():
    return settings.IMPORT_MAX_ROWS


def _max_cells():
    # A county's table has a few dozen columns; the bound keeps a wide sheet within the memory
    # that IMPORT_MAX_ROWS rows of such a table take.
    return settings.IMPORT_MAX_ROWS * MAX_COLUMNS_PER_ROW


MAX_COLUMNS_PER_ROW = 60


def _too_many_rows(name, rows):
    return ValidationError(
        _(
            "%(name)s has %(rows)s rows; at most %(max)s rows are imported at once: split the table into several files."
        )
        % {"name": name, "rows": rows, "max": max_rows()}
    )


def _too_many_cells(name, rows, cols):
    return ValidationError(
        _(
            "%(name)s spans %(rows)s rows and %(cols)s columns, more than we read at once: delete what lies beyond the table (far rows or columns), or split it."
        )
        % {"name": name, "rows": rows, "cols": cols}
    )


def _unreadable(name):
    return ValidationError(
        _(
            "%(name)s could not be read: the file is damaged or too large to open. Save it again from Excel or WPS, or split it."
        )
        % {"name": name}
    )


# --- workbooks: checks before reading --------------------------------------------------------

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
# Each row tag without a namespace prefix, with its number (b"" if it has none).
_NUMBERED_ROW = re.compile(rb'<row\b(?:[^>]*?\br="(\d+)")?')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
# Cells past column Z, and cell references with long row numbers: rare in a county's table,
# so that a scan of every cell costs little.
_WIDE_CELL = re.compile(rb' r="([A-Z]{2,3})\d+"')
_CHUNK = 1 << 20


@dataclass
class _SheetExtent:
    rows: int = 0
    cols: int = 0
    hidden_rows: set = field(default_factory=set)
    hidden_cols: set = field(default_factory=set)


def _column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_archive(content, name):
    """Refuse a workbook whose archive unpacks to too much, or whose sheets reach too far,
    before any reader allocates for it. Returns the extent and hidden rows and columns of each
    sheet of an .xlsx (by workbook position), or {} for other formats."""
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return {}  # .xls (or not a workbook at all): the child's memory cap guards it
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            unpacked = sum(m.file_size for m in members)
            bomb = any(
                m.file_size > 2**24 and m.file_size > 100 * max(m.compress_size, 1) for m in members
            )
            if len(members) > 10_000 or unpacked > limit or bomb:
                raise ValidationError(
                    _(
                        "%(name)s unpacks to %(mb)s MB, more than the %(max)s MB we read: it is not an ordinary spreadsheet."
                    )
                    % {"name": name, "mb": unpacked // 2**20, "max": limit // 2**20}
                )
            if "xl/workbook.xml" not in archive.namelist():
                return {}
            try:
                paths = _sheet_paths(archive)
            except (KeyError, IndexError, AttributeError, UnicodeDecodeError):
                return {}
            budget = [limit]
            extents = {}
            for index, path in enumerate(paths):
                extent = _scan_sheet(archive, path, budget, name)
                if extent is None:
                    continue
                if extent.rows > max_rows():
                    raise _too_many_rows(name, extent.rows)
                if extent.rows * max(extent.cols, 1) > _max_cells():
                    raise _too_many_cells(name, extent.rows, extent.cols)
                extents[index] = extent
            return extents
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise _unreadable(name) from None


def _scan_sheet(archive, path, budget, name):
    """One pass over a sheet's XML, in chunks (never the whole part in memory): how far its
    dimension and its cells reach, and its hidden rows and columns."""
    try:
        stream = archive.open(path)
    except KeyError:
        return None
    extent = _SheetExtent()
    rows_seen = 0
    tail = b""
    with stream:
        while True:
            chunk = stream.read(_CHUNK)
            budget[0] -= len(chunk)
            if budget[0] < 0:
                limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
                raise ValidationError(
                    _(
                        "%(name)s unpacks to %(mb)s MB, more than the %(max)s MB we read: it is not an ordinary spreadsheet."
                    )
                    % {"name": name, "mb": f"> {limit // 2**20}", "max": limit // 2**20}
                )
            text = tail + chunk
            if chunk:
                # Whole tags only: keep what follows the last "<" for the next chunk.
                cut = text.rfind(b"<")
                if cut <= 0 or len(text) - cut > _CHUNK:
                    cut = len(text)
                text, tail = text[:cut], text[cut:]
            if extent.rows == 0 and (dimension := _DIMENSION.search(text)):
                extent.cols = _column_number(dimension.group(1))
                extent.rows = int(dimension.group(2))
            plain = b'hidden="' not in text and b":row" not in text
            numbers = _NUMBERED_ROW.findall(text) if plain else None
            if numbers is not None and b"" not in numbers:
                # The usual chunk: every row tag numbered, none hidden, no namespace prefix:
                # only the highest number matters.
                rows_seen += len(numbers)
                extent.rows = max(extent.rows, *map(int, numbers)) if numbers else extent.rows
            else:
                for attrs in _ROW_TAG.findall(text):
                    rows_seen += 1
                    number = _ROW_NUMBER.search(attrs)
                    row = int(number.group(1)) if number else rows_seen
                    extent.rows = max(extent.rows, row)
                    if b'hidden="' in attrs and _HIDDEN.search(attrs):
                        extent.hidden_rows.add(row - 1)
            for letters in _WIDE_CELL.findall(text):
                extent.cols = max(extent.cols, _column_number(letters))
            if b"col" in text and (b"<col" in text or b":col" in text):
                for attrs in _COL.findall(text):
                    if _HIDDEN.search(attrs):
                        low = re.search(rb'\bmin="(\d+)"', attrs)
                        high = re.search(rb'\bmax="(\d+)"', attrs)
                        if low and high:
                            low, high = int(low.group(1)), int(high.group(1))
                            extent.hidden_cols.update(range(low - 1, min(high, low + 16384)))
            if not chunk:
                break
            if max(extent.rows, rows_seen) * max(extent.cols, 1) > _max_cells() or (
                max(extent.rows, rows_seen) > max_rows()
            ):
                break  # refused already: no need to read on
    extent.rows = max(extent.rows, rows_seen)
    return extent


def _sheet_paths(archive):
    """The worksheet part of each sheet, in workbook order, following the relationships."""
    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    paths = []
    for sheet_id in re.findall(rb'<(?:\w+:)?sheet\b[^>]*?r:id="([^"]+)"', workbook):
        target = re.search(rb'Id="' + re.escape(sheet_id) + rb'"[^>]*?Target="([^"]+)"', rels)
        if target is None:
            target = re.search(rb'Target="([^"]+)"[^>]*?Id="' + re.escape(sheet_id) + rb'"', rels)
        path = target.group(1).decode()
        paths.append(path.lstrip("/") if path.startswith("/") else "xl/" + path)
    return paths


# --- workbooks: reading in a child process ---------------------------------------------------

CHILD = Path(__file__).with_name("read_child.py")


def _read_in_child(content, name):
    """The visible sheets, read by ``read_child`` in a process of its own, started at once and
    read from one by one as the caller asks for them; the child is ended when the caller closes
    the iterator or stops asking."""
    child = _start_child(content)
    timer = threading.Timer(settings.IMPORT_READ_TIMEOUT, child.kill)
    timer.daemon = True
    timer.start()

    def stop():
        timer.cancel()
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()

    return _Sheets(_child_grids(child, content, name, stop), stop)


def _child_grids(child, content, name, stop):
    try:
        # The archive is checked while the child reads (two cores): a refusal ends the child.
        extents = _check_archive(content, name)
        sheet = None
        while True:
            frame = _receive(child.stdout)
            if frame is None:
                child.wait()
                log.warning("the reader stopped on %s (exit status %s)", name, child.returncode)
                raise _unreadable(name)
            if "columns" in frame:
                sheet.rows.extend(map(list, zip(*frame["columns"], strict=True)))
            elif "rows" in frame:
                sheet.rows.extend(frame["rows"])
            elif "sheet" in frame:
                sheet = Grid(rows=[], merged=frame["merged"], sheet_name=frame["sheet"])
                extent = extents.get(frame["index"])
                if extent is not None:
                    sheet.hidden_rows, sheet.hidden_cols = extent.hidden_rows, extent.hidden_cols
            elif frame.get("sheet_end"):
                grid, sheet = sheet, None
                yield grid
                del grid
            elif frame.get("end"):
                return
            else:
                raise _child_error(frame, name)
            del frame
    finally:
        stop()


def _start_child(content):
    child = subprocess.Popen(
        [
            settings.IMPORT_READER_PYTHON or sys.executable,
            "-I",
            str(CHILD),
            str(settings.IMPORT_READER_MAX_MEMORY),
            str(max_rows()),
            str(_max_cells()),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )

    def feed():
        # From a thread: the pipe takes the file only as fast as the child, still starting,
        # reads it, and the caller has other work meanwhile.
        try:
            child.stdin.write(content)
        except OSError:  # the child is gone already: its exit status tells when it is read
            pass
        finally:
            try:
                child.stdin.close()
            except OSError:
                pass

    threading.Thread(target=feed, daemon=True).start()
    return child


def _receive(stream):
    header = stream.read(8)
    if len(header) < 8:
        return None
    (length,) = struct.unpack("<Q", header)
    data = stream.read(length)
    if len(data) < length:
        return None
    try:
        return _CellUnpickler(io.BytesIO(data)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
        log.warning("the reader sent back something other than cells")
        return None


class _CellUnpickler(pickle.Unpickler):
    """The child read an untrusted file: take back cell values only (lists, strings, numbers,
    dates), never an object that runs code as it is unpickled."""

    ALLOWED = {("datetime", name) for name in ("date", "datetime", "time", "timedelta")}

    def find_class(self, module, name):
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")


def _child_error(frame, name):
    error = frame["error"]
    if error == "no_visible":
        return ValidationError(_("%(name)s has no visible sheet.") % {"name": name})
    if error == "rows":
        return _too_many_rows(name, frame["detail"])
    if error == "cells":
        return _too_many_cells(name, *frame["detail"])
    if error == "broken":
        return ValidationError(
            _("%(name)s could not be read as a spreadsheet (%(error)s).")
            % {"name": name, "error": frame["detail"]}
        )
    return _unreadable(name)


# --- CSV ----------------------------------------------------------------------------------------

# Encodings a county's CSV comes in: Excel on a Chinese Windows writes GBK/GB18030 ("CSV"),
# UTF-8 with a BOM ("CSV UTF-8") or UTF-16 with tabs ("Unicode text"); other tools write UTF-8.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHINESE = {"gb18030", "gbk", "gb2312", "hz"}
# What GB18030 would also decode, wrongly: asked of the detector when UTF-8 does not fit.
_DETECTED = ["gb18030", "big5", "cp932", "shift_jis", "euc_jp", "euc_kr"]


def _decode_csv(content, name):
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                break
    else:
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(content, cp_isolation=_DETECTED).best()
        found = best.encoding if best is not None else None
        if found in _CHINESE or found is None:
            try:
                return content.decode("gb18030")
            except UnicodeDecodeError:
                found = None
        if found is not None:
            raise ValidationError(
                _(
                    "%(name)s is written in %(encoding)s; CSV files are read in UTF-8, UTF-16 (Excel's Unicode text) or GBK/GB18030: save it again as CSV UTF-8, or upload the workbook."
                )
                % {"name": name, "encoding": _encoding_label(found)}
            )
    raise ValidationError(
        _(
            "%(name)s is not text in an encoding we read: CSV files are read in UTF-8, UTF-16 (Excel's Unicode text) or GBK/GB18030."
        )
        % {"name": name}
    )


def _encoding_label(encoding):
    return {
        "big5": "Big5",
        "cp932": "Shift-JIS",
        "shift_jis": "Shift-JIS",
        "euc_jp": "EUC-JP",
        "euc_kr": "EUC-KR",
    }.get(encoding, encoding)


def _read_csv(content, name="upload.csv"):
    text = _decode_csv(content, name)
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    limit, cells = max_rows(), 0
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row in reader:
            if len(rows) >= limit:
                raise _too_many_rows(name, f"> {limit}")
            cells += len(row)
            if cells > _max_cells():
                raise _too_many_cells(name, len(rows) + 1, len(row))
            rows.append([cell if cell.strip() else "" for cell in row])
    except csv.Error as error:
        raise ValidationError(
            _("%(name)s could not be read as CSV: line %(line)s: %(error)s")
            % {"name": name, "line": reader.line_num, "error": _csv_error(error)}
        ) from None
    return Grid(rows=rows, sheet_name="csv")


def _csv_error(error):
    if "field larger than field limit" in str(error):
        return _("a cell is longer than %(kb)s KB.") % {"kb": csv.field_size_limit() // 1024}
    return str(error)
