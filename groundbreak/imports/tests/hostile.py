"""Hostile files, made at test time and small on disk: what a careless or malicious upload holds."""

import io
import struct
import zipfile
import zlib

from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx


def far_cell_xlsx():
    """A 5 KB workbook: a table, and one cell at XFD1048576 (the reader would allocate 512 GiB)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate([HEADER, *project_rows(2)]):
        sheet.write_row(r, 0, row)
    sheet.write(1048575, 16383, "x")
    book.close()
    return buffer.getvalue()


def _rewrite(content, name, change):
    """The workbook with one part's XML changed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item.filename, change(data) if item.filename == name else data)
    return out.getvalue()


def far_cell_small_dimension_xlsx():
    """The same far cell, with a <dimension> that claims the sheet is small."""
    return _rewrite(
        far_cell_xlsx(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<dimension ref="A1:XFD1048576"/>', b'<dimension ref="A1:H3"/>'),
    )


def zip_bomb_xlsx(unpacked=40 * 2**20):
    """A workbook of a few dozen KB whose sheet XML unpacks to ``unpacked`` bytes."""
    content = xlsx([HEADER, *project_rows(2)])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item.filename, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with target.open(item.filename, "w", force_zip64=True) as part:
                part.write(head)
                block = b" " * 2**20
                for _ in range(unpacked // len(block)):
                    part.write(block)
                part.write(b"</sheetData>" + tail)
    return out.getvalue()


def huge_png(width=12600, height=12600):
    """A black PNG of width × height pixels (1 bit each), some KB on disk."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def _csv_text(rows, separator=","):
    return "".join(separator.join(str(c) for c in row) + "\r\n" for row in [HEADER, *rows])


def utf16_tab_csv():
    """Excel's "Unicode text": UTF-16 with a BOM, tab-separated."""
    return _csv_text(project_rows(2), "\t").encode("utf-16")


TRADITIONAL_HEADER = ["項目代碼", "項目名稱", "業主單位", "領域", "項目階段", "總投資（萬元）"]


def big5_csv():
    rows = [["", f"紅塔區第{i}號道路改造工程", "玉溪市建設投資有限公司", "基礎設施", "前期", 100 * i]
            for i in range(1, 30)]  # fmt: skip
    return "".join(",".join(map(str, r)) + "\r\n" for r in [TRADITIONAL_HEADER, *rows]).encode(
        "big5"
    )


def shift_jis_csv():
    header = ["プロジェクトコード", "案件名", "事業者", "分野", "段階", "総投資（万円）"]
    rows = [["", f"東京都第{i}号道路改良工事", "東京建設株式会社", "インフラ", "準備", 100 * i]
            for i in range(1, 30)]  # fmt: skip
    return "".join(",".join(map(str, r)) + "\r\n" for r in [header, *rows]).encode("shift_jis")


def long_field_csv(size=200 * 1024):
    rows = project_rows(2)
    rows[1][1] = "长" * size
    return _csv_text(rows).encode("utf-8")
