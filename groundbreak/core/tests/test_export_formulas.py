"""Every spreadsheet the product writes keeps formula-looking values (= + - @ first) as text:
the project list and its template, the monthly-report list and its template. (The product writes
no .csv; the shared helper checks .csv and .docx as well, for the apps that will.)"""

from decimal import Decimal

import pytest

from groundbreak.accounts.models import OwnerUnit
from groundbreak.core.exports import build_xlsx
from groundbreak.core.testing.hostile import FORMULA_LOOKING, assert_kept_as_text
from groundbreak.projects.choices import Stage
from groundbreak.projects.exports import build_template, project_columns
from groundbreak.projects.models import Project
from groundbreak.regions.models import Region
from groundbreak.reporting import services
from groundbreak.reporting.exports import report_columns
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod
from groundbreak.reporting.templates_xlsx import report_template_xlsx

NAME, _, MINUS, AT, DDE = FORMULA_LOOKING


REGION = "=1+2区"  # the templates' titles begin with the region's name


@pytest.fixture
def hostile(make_project, hongta, owner_unit):
    Region.objects.filter(pk=hongta.pk).update(name=REGION)
    hongta.refresh_from_db()
    OwnerUnit.objects.filter(pk=owner_unit.pk).update(name=AT)
    project = make_project("530402", name=NAME, owner_unit=owner_unit, stage=Stage.NEW_START)
    make_project("530402", name=DDE, stage=Stage.NEW_START)
    return project


def test_the_project_list_export_keeps_formula_looking_values_as_text(client, city_user, hostile):
    client.force_login(city_user)
    response = client.get("/projects/?export=xlsx")
    assert response.status_code == 200
    assert_kept_as_text(response.content, [NAME, AT, DDE, REGION])


def test_the_project_template_keeps_formula_looking_values_as_text(hostile, hongta):
    content = build_template(hongta, Project.objects.filter(region=hongta), year=2020)
    assert_kept_as_text(content, [NAME, AT, DDE, REGION])


def test_the_report_list_export_and_template_keep_formula_looking_values_as_text(
    hostile, hongta, owner_user, city_user
):
    period = {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}[3]
    services.save_report(
        hostile, period, by=owner_user, completed_period=Decimal(10), completed_ytd=Decimal(10),
        completed_total=Decimal(10), progress_text=MINUS, problems=DDE,
    )  # fmt: skip
    rows = MonthlyReport.objects.with_plan()
    assert_kept_as_text(build_xlsx("月报", report_columns(), rows), [NAME, MINUS, DDE, REGION])
    assert_kept_as_text(report_template_xlsx(hongta, period, city_user), [NAME, REGION])


def test_the_helper_catches_a_formula_written_from_data():
    content = build_xlsx("t", project_columns(2020)[:0], [])
    assert_kept_as_text(content, [])
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet().write(0, 0, NAME)  # write() turns a leading "=" into a formula
    book.close()
    with pytest.raises(AssertionError):
        assert_kept_as_text(buffer.getvalue(), [NAME])
    with pytest.raises(AssertionError):
        assert_kept_as_text(b"name\n=1+2\n", ["=1+2"], kind="csv")
    assert_kept_as_text(b"name\n'=1+2\n", ["=1+2"], kind="csv")
