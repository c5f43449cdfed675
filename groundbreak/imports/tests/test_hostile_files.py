"""Hostile uploads (issue 18): each is refused with a clear message through the web, the API and
the console; the process that read it lives on, and nothing is half-written."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from groundbreak.imports import reader
from groundbreak.imports.models import ImportRecord, ImportStatus
from groundbreak.imports.tests import hostile
from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx
from groundbreak.projects.models import Project

# name, builder, a part of the refusal in either language
HOSTILE = [
    ("far.xlsx", hostile.far_cell_xlsx, "1048576"),
    ("far-small-dimension.xlsx", hostile.far_cell_small_dimension_xlsx, "1048576"),
    ("bomb.xlsx", hostile.zip_bomb_xlsx, "40 MB"),
    ("big5.csv", hostile.big5_csv, "Big5"),
    ("sjis.csv", hostile.shift_jis_csv, "Shift-JIS"),
    ("long.csv", hostile.long_field_csv, "128 KB"),
]


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.mark.parametrize(("name", "build", "word"), HOSTILE)
def test_web_upload_is_refused_clearly(client, hongta_user, hongta, name, build, word):
    client.force_login(hongta_user)
    response = client.post(
        reverse("imports:import_list"),
        {"kind": "projects", "region": hongta.pk, "file": SimpleUploadedFile(name, build())},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    record = ImportRecord.objects.get()
    assert response.status_code == 302
    assert record.status == ImportStatus.FAILED and word in record.error, record.error
    assert not Project.objects.exists()
    page = client.get(record.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert name in page


@pytest.mark.parametrize(("name", "build", "word"), HOSTILE)
def test_api_upload_is_refused_clearly(hongta_user, hongta, english, name, build, word):
    client = APIClient()
    client.force_authenticate(hongta_user)
    response = client.post(
        "/api/imports/",
        {"kind": "projects", "region": "530402", "file": SimpleUploadedFile(name, build())},
        format="multipart",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "failed" and word in body["error"], body["error"]
    assert not Project.objects.exists()


@pytest.mark.parametrize(("name", "build", "word"), HOSTILE)
def test_console_import_is_refused_clearly(tmp_path, hongta, english, name, build, word):
    path = tmp_path / name
    path.write_bytes(build())
    with pytest.raises(CommandError, match=word):
        call_command("import", "projects", str(path), "--region", "530402", verbosity=0)
    with pytest.raises(CommandError, match=word):
        call_command(
            "import", "projects", str(path), "--region", "530402", "--dry-run", verbosity=0
        )
    assert not Project.objects.exists()
    assert ImportRecord.objects.get().status == ImportStatus.FAILED


def test_a_workbook_that_makes_the_reader_abort_is_refused_and_the_process_lives_on(
    monkeypatch, english
):
    """The checks are switched off: the reader aborts (SIGABRT) in its child process."""
    monkeypatch.setattr(reader, "_check_archive", lambda content, name: {})
    pid = os.getpid()
    with pytest.raises(ValidationError, match="could not be read"):
        list(reader.read_grids(hostile.far_cell_xlsx(), "far.xlsx"))
    assert os.getpid() == pid
    assert reader.read_grid(xlsx([HEADER, *project_rows(1)]), "ok.xlsx").rows[0] == HEADER


def test_utf16_text_from_excel_is_read(hongta_user, hongta):
    from groundbreak.imports import services

    record = services.start_import(
        kind="projects",
        region=hongta,
        content=hostile.utf16_tab_csv(),
        filename="unicode.csv",
        by=hongta_user,
    )
    assert record.status == ImportStatus.PREVIEWED, record.error
    assert record.preview["totals"]["create"] == 2


def test_an_error_no_one_foresaw_fails_the_import_instead_of_leaving_it_reading(
    hongta_user, hongta, monkeypatch, english
):
    from groundbreak.imports import services

    def broken(*args, **kwargs):
        raise UnboundLocalError("cannot access local variable 'text'")

    monkeypatch.setattr(services, "read_grids", broken)
    record = services.start_import(
        kind="projects",
        region=hongta,
        content=xlsx([HEADER, *project_rows(1)]),
        filename="a.xlsx",
        by=hongta_user,
    )
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED and "could not be read" in record.error


@pytest.mark.parametrize("name", ["rows.xlsx", "rows.csv"])
def test_more_rows_than_import_max_rows_are_refused(settings, hongta_user, hongta, english, name):
    from groundbreak.imports import services

    settings.IMPORT_MAX_ROWS = 5
    rows = [HEADER, *project_rows(10)]
    content = xlsx(rows) if name.endswith("xlsx") else hostile._csv_text(rows[1:]).encode()
    record = services.start_import(
        kind="projects", region=hongta, content=content, filename=name, by=hongta_user
    )
    assert record.status == ImportStatus.FAILED and "at most 5 rows" in record.error


def test_hidden_rows_and_columns_are_still_found():
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate([HEADER, *project_rows(3)]):
        sheet.write_row(r, 0, row)
    sheet.set_row(2, None, None, {"hidden": True})
    sheet.set_column(3, 4, None, None, {"hidden": True})
    book.close()
    grid = reader.read_grid(buffer.getvalue(), "hidden.xlsx")
    assert grid.hidden_rows == {2} and grid.hidden_cols == {3, 4}


def test_the_parent_takes_back_cell_values_only():
    import io
    import pickle
    import struct

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    data = pickle.dumps({"rows": [Evil()]})
    assert reader._receive(io.BytesIO(struct.pack("<Q", len(data)) + data)) is None
    from datetime import date

    data = pickle.dumps({"rows": [[date(2020, 3, 1), 1.5, "x", None]]})
    frame = reader._receive(io.BytesIO(struct.pack("<Q", len(data)) + data))
    assert frame == {"rows": [[date(2020, 3, 1), 1.5, "x", None]]}


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_the_sheet_scan_counts_rows_with_or_without_a_namespace_prefix(prefix):
    """The scan's quick path (every row numbered, none hidden) and its row-by-row path give
    the same extent: a sheet written with ``x:row`` tags is counted, not skipped."""
    import io
    import zipfile

    rows = "".join(
        f'<{prefix}row r="{n}"><{prefix}c r="A{n}"><{prefix}v>1</{prefix}v></{prefix}c></{prefix}row>'
        for n in (1, 2, 4000)
    )
    xml = f"<{prefix}worksheet><{prefix}sheetData>{rows}</{prefix}sheetData></{prefix}worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(buffer) as archive:
        extent = reader._scan_sheet(archive, "xl/worksheets/sheet1.xml", [10**8], "t.xlsx")
    assert extent.rows == 4000
    assert extent.hidden_rows == set()


def test_the_child_sends_repeated_values_once_and_every_value_as_it_was():
    """A column's equal texts and dates go as one object; a column that holds numbers goes as
    it is (1.0 and True, 0.0 and -0.0 are equal, but not the same cell)."""
    import io
    import pickle
    import struct
    from datetime import date, datetime

    from groundbreak.imports import read_child

    rows = [
        ["前期", date(2020, 3, 1), 1.0, "是", 0.0, datetime(2020, 3, 1), "张三"],
        ["前期", date(2020, 3, 1), True, "是", -0.0, date(2020, 3, 1), None],
        ["续建", date(2020, 3, 2), 1, True, "", datetime(2020, 3, 1), "张三"],
    ]
    # equal texts as distinct objects, as the reader makes them
    columns = read_child._columns(
        [[v.encode().decode() if type(v) is str else v for v in r] for r in rows]
    )
    assert columns[0][0] is columns[0][1] and columns[1][0] is columns[1][1]
    assert columns[5][0] is columns[5][2]
    assert columns[6][0] is columns[6][2]  # a blank cell leaves a column's texts shareable
    data = pickle.dumps({"columns": columns})
    frame = reader._receive(io.BytesIO(struct.pack("<Q", len(data)) + data))
    back = [list(r) for r in zip(*frame["columns"], strict=True)]
    assert back == rows
    assert [[type(v) for v in r] for r in back] == [[type(v) for v in r] for r in rows]
    assert str(back[1][4]) == "-0.0"


@pytest.mark.parametrize(
    ("rows", "extent"),
    [
        # a row tag without a number is the row after the one before, as a reader counts it
        ('<row r="1"><c r="A1"><v>1</v></c></row><row><c><v>2</v></c></row><row r="3"/>', 3),
        # <rowBreaks> is no row: the far row beside it is still counted
        ('<row r="1"/><row r="70000"><c r="A70000"><v>1</v></c></row>', 70000),
    ],
)
def test_the_sheet_scan_counts_rows_numbered_or_not(rows, extent):
    import io
    import zipfile

    xml = f'<worksheet><sheetData>{rows}</sheetData><rowBreaks count="1"><brk id="2"/></rowBreaks></worksheet>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(buffer) as archive:
        found = reader._scan_sheet(archive, "xl/worksheets/sheet1.xml", [10**8], "t.xlsx")
    assert found.rows == extent


def _started_children(monkeypatch):
    started = []
    start = reader._start_child

    def recorded(content):
        started.append(start(content))
        return started[-1]

    monkeypatch.setattr(reader, "_start_child", recorded)
    return started


def test_the_reader_starts_at_once_and_is_ended_when_closed_unread(monkeypatch):
    """The child starts reading when the sheets are asked for, before the first is taken (the
    engine reads the database meanwhile); closing them unread ends it, as leaving the block
    does."""
    started = _started_children(monkeypatch)
    content = xlsx([HEADER, *project_rows(3)])
    sheets = reader.read_grids(content, "ok.xlsx")
    assert len(started) == 1  # started before any sheet is asked for
    sheets.close()
    assert started[0].poll() is not None
    with reader.read_grids(content, "ok.xlsx") as sheets:
        pass
    assert started[1].poll() is not None
    with reader.read_grids(content, "ok.xlsx") as sheets:
        assert next(sheets).rows[0] == HEADER
    assert started[2].poll() is not None and started[2].stdout.closed


def test_a_refused_file_ends_the_reader_though_work_was_done_before_reading(monkeypatch):
    started = _started_children(monkeypatch)
    with pytest.raises(ValidationError, match="1048576"):
        with reader.read_grids(hostile.far_cell_xlsx(), "far.xlsx") as sheets:
            list(sheets)
    assert started[0].poll() is not None
