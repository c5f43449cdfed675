"""Missing is not wrong in a monthly table: a figure the table leaves out is counted where it
can be, else the row writes nothing and says why; the rest of the table goes in."""

from decimal import Decimal

import pytest
from django.utils import translation

from groundbreak.imports import services
from groundbreak.imports.models import ImportStatus
from groundbreak.imports.tests.corpus import write_xlsx
from groundbreak.reporting.models import MonthlyReport

NAMES = ("玉溪大河综合治理工程", "红塔区第一中学扩建")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def projects(make_project):
    return [make_project("530402", name=name) for name in NAMES]


def start(rows, user, region, period):
    content = write_xlsx([["项目名称", "本月完成投资（万元）", "1-3月完成投资（万元）"], *rows])
    return services.start_import(
        kind="reports",
        region=region,
        content=content,
        filename="3月月报.xlsx",
        by=user,
        options={"period": period.pk},
    )


def test_a_figure_that_cannot_be_counted_leaves_the_row_out_with_a_warning(
    projects, periods, hongta_user, hongta
):
    # No 1-2月 report: this year's figure cannot be counted from this period's.
    rows = [[NAMES[0], "约200万", "200"], [NAMES[1], "80", ""]]
    record = start(rows, hongta_user, hongta, periods[3])
    assert record.status == ImportStatus.PREVIEWED, record.preview["refusals"]
    first, second = record.preview["rows"]
    assert first["action"] == "create"
    assert any("approximate" in w and "约200万" in w for w in first["warnings"])
    assert second["action"] == "skip"
    assert any("completed this year" in w and "nothing is written" in w for w in second["warnings"])
    services.confirm_import(record, by=hongta_user)
    assert list(
        MonthlyReport.objects.filter(period=periods[3]).values_list("project__name", flat=True)
    ) == [NAMES[0]]
    assert MonthlyReport.objects.get(period=periods[3]).completed_ytd == Decimal(200)


def test_a_row_with_progress_but_no_figure_is_left_out_with_a_warning(
    projects, periods, hongta_user, hongta
):
    content = write_xlsx(
        [["项目名称", "本月完成投资（万元）", "形象进度"], [NAMES[0], "", "主体完工"]]
    )
    record = services.start_import(
        kind="reports",
        region=hongta,
        content=content,
        filename="3月月报.xlsx",
        by=hongta_user,
        options={"period": periods[3].pk},
    )
    assert record.status == ImportStatus.PREVIEWED
    (row,) = record.preview["rows"]
    assert row["action"] == "skip" and "Neither" in row["warnings"][0]


def test_present_and_wrong_is_still_refused(projects, periods, hongta_user, hongta):
    record = start([[NAMES[0], "-5", "200"]], hongta_user, hongta, periods[3])
    assert record.status == ImportStatus.REFUSED


def test_a_figure_since_the_start_that_cannot_be_counted_leaves_the_row_out(
    make_project, periods, hongta_user, hongta
):
    from datetime import date

    # started in 2019, no report yet: what it completed before 2020 is not known
    make_project("530402", name="玉溪老项目续建工程", actual_start=date(2019, 6, 1))
    content = write_xlsx([["项目名称", "1-2月完成投资（万元）"], ["玉溪老项目续建工程", "50"]])
    record = services.start_import(
        kind="reports",
        region=hongta,
        content=content,
        filename="2月月报.xlsx",
        by=hongta_user,
        options={"period": periods[2].pk},
    )
    assert record.status == ImportStatus.PREVIEWED, record.preview["refusals"]
    (row,) = record.preview["rows"]
    assert row["action"] == "skip" and "since the start" in row["warnings"][0]
