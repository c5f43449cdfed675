"""`groundbreak import reports|statistics FILE --region CODE --period 2020-03 [--dry-run] [--json]`."""

import json
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from groundbreak.imports.models import ImportRecord
from groundbreak.imports.tests.corpus import write_xlsx
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod, StatisticsFigure

D = Decimal


@pytest.fixture
def project(make_project):
    return make_project("530402", name="玉溪大河综合治理工程")


@pytest.fixture
def workbook(tmp_path):
    def write(header, rows, name="红塔区月报.xlsx"):
        path = tmp_path / name
        path.write_bytes(write_xlsx([["项目名称", *header], *rows]))
        return str(path)

    return write


def run(*args, **kwargs):
    call_command("import", *args, verbosity=0, **kwargs)


def test_dry_run_json_prints_the_preview_and_writes_nothing(project, workbook, hongta, capsys):
    path = workbook(["1-2月完成投资（万元）"], [[project.name, "123.45"]])
    run("reports", path, "--region", "530402", "--period", "2020-02", "--dry-run", "--json")
    output = json.loads(capsys.readouterr().out)
    assert (output["dry_run"], output["applied"], output["import"]) == (True, None, None)
    assert (output["kind"], output["period_label"]) == ("reports", "2020年1-2月")
    [row] = output["rows"]
    assert (row["action"], D(row["completed_period"]), D(row["completed_total"])) == (
        "create",
        D("123.45"),
        D("123.45"),
    )
    assert not MonthlyReport.objects.exists() and not ImportRecord.objects.exists()
    # Not even the year's periods, which the run needed, are kept.
    assert not ReportingPeriod.objects.exists()


def test_january_and_february_both_mean_the_first_period(project, workbook, hongta, capsys):
    path = workbook(["1-2月完成投资（万元）"], [[project.name, "10"]])
    labels = []
    for month in ("2020-01", "2020-02"):
        run("reports", path, "--region", "530402", "--period", month, "--dry-run", "--json")
        labels.append(json.loads(capsys.readouterr().out)["period_label"])
    assert labels == ["2020年1-2月", "2020年1-2月"]


def test_without_dry_run_the_periods_are_created_and_the_reports_submitted(
    project, workbook, hongta, hongta_user, capsys
):
    path = workbook(["1-2月完成投资（万元）"], [[project.name, "10"]])
    run("reports", path, "--region", "530402", "--period", "2020-02", "--user", "hongta")
    assert "Written: 1 created" in capsys.readouterr().out
    assert ReportingPeriod.objects.filter(year=2020).count() == 11
    report = MonthlyReport.objects.get()
    assert (report.status, report.completed_ytd, report.filled_by) == (
        ReportStatus.SUBMITTED,
        D(10),
        hongta_user,
    )
    assert ImportRecord.objects.get().options == {"period": report.period_id}


@pytest.mark.parametrize("period", ["2020-13", "March", "2020-00"])
def test_an_unknown_period_is_a_clear_error(project, workbook, hongta, period):
    path = workbook(["1-2月完成投资（万元）"], [[project.name, "10"]])
    with pytest.raises(CommandError, match=re.escape(period)):
        run("reports", path, "--region", "530402", "--period", period, "--dry-run")
    assert not ReportingPeriod.objects.exists()


def test_reports_need_a_period(project, workbook, hongta):
    path = workbook(["1-2月完成投资（万元）"], [[project.name, "10"]])
    with pytest.raises(CommandError, match="--period"):
        run("reports", path, "--region", "530402", "--dry-run")


def test_refused_rows_fail_the_command_and_write_nothing(project, workbook, hongta, capsys):
    path = workbook(["本月完成投资（万元）", "1-2月完成投资（万元）"], [[project.name, "10", "11"]])
    with pytest.raises(CommandError, match="1 rows refused"):
        run("reports", path, "--region", "530402", "--period", "2020-02", "--json")
    output = json.loads(capsys.readouterr().out)
    assert [(r["row"], r["field"]) for r in output["refusals"]] == [(2, "completed_ytd")]
    assert not MonthlyReport.objects.exists()


def test_statistics_figures_from_the_console(project, workbook, hongta, city_user, capsys):
    path = workbook(["1-3月完成投资（万元）"], [[project.name, "2,500.5"]], name="统计局.xlsx")
    run("statistics", path, "--region", "530402", "--period", "2020-03", "--user", "city")
    figure = StatisticsFigure.objects.get()
    assert (figure.completed_ytd, figure.period.last_month, figure.imported_by) == (
        D("2500.5"),
        3,
        ImportRecord.objects.get(),
    )
    assert not MonthlyReport.objects.exists()
