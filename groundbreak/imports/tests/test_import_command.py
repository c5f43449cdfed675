"""`groundbreak import projects FILE --region CODE [--dry-run] [--json]`."""

import json

import pytest
from django.core.management import CommandError, call_command

from groundbreak.imports.models import ImportRecord
from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx
from groundbreak.projects.models import Project


@pytest.fixture
def workbook(tmp_path):
    def write(rows):
        path = tmp_path / "红塔区项目.xlsx"
        path.write_bytes(xlsx([HEADER, *rows]))
        return str(path)

    return write


def test_dry_run_json_prints_the_preview_and_writes_nothing(workbook, hongta, capsys):
    call_command(
        "import",
        "projects",
        workbook(project_rows(3)),
        "--region",
        "530402",
        "--dry-run",
        "--json",
        verbosity=0,
    )
    output = json.loads(capsys.readouterr().out)
    assert output["dry_run"] is True and output["applied"] is None
    assert (output["totals"]["create"], output["totals"]["total_investment"]) == (3, "6000.0000")
    assert [row["name"] for row in output["rows"]] == [
        "导入测试项目1",
        "导入测试项目2",
        "导入测试项目3",
    ]
    assert not Project.objects.exists() and not ImportRecord.objects.exists()


def test_without_dry_run_it_writes_and_keeps_the_record(workbook, hongta, hongta_user, capsys):
    call_command(
        "import",
        "projects",
        workbook(project_rows(2)),
        "--region",
        "530402",
        "--user",
        "hongta",
        verbosity=0,
    )
    assert "Written: 2 created, 0 updated." in capsys.readouterr().out
    assert Project.objects.count() == 2
    record = ImportRecord.objects.get()
    assert (record.status, record.created_by, record.applied_by) == (
        "applied",
        hongta_user,
        hongta_user,
    )


def test_refused_rows_are_listed_and_the_command_fails_writing_nothing(workbook, hongta, capsys):
    rows = project_rows(3)
    rows[0][6] = -5  # a negative plan (a plan above the total is only a warning)
    rows[2][0] = "2020-53"
    with pytest.raises(CommandError) as error:
        call_command(
            "import", "projects", workbook(rows), "--region", "530402", "--json", verbosity=0
        )
    assert "2 rows refused" in str(error.value)
    output = json.loads(capsys.readouterr().out)
    assert [(r["row"], r["field"]) for r in output["refusals"]] == [(2, "annual_plan"), (4, "code")]
    assert not Project.objects.exists()


def test_a_county_user_cannot_import_into_another_county(workbook, jiangchuan_user, hongta):
    with pytest.raises(CommandError):
        call_command(
            "import",
            "projects",
            workbook(project_rows(1)),
            "--region",
            "530402",
            "--user",
            "jiangchuan",
            "--dry-run",
            verbosity=0,
        )


def test_console_shows_progress_on_stderr(workbook, hongta, capsys):
    call_command("import", "projects", workbook(project_rows(3)), "--region", "530402", "--dry-run")
    assert "3/3 rows" in capsys.readouterr().err
