"""Monthly reports and statistics figures through the import engine: messy county tables, the
derived figures, refusals, idempotence, corrections of locked reports, scope, the period check,
and the template that imports back."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from groundbreak.imports import services
from groundbreak.imports.models import ImportStatus
from groundbreak.imports.tests.corpus import write_xlsx
from groundbreak.projects.choices import Stage
from groundbreak.reporting import services as reporting
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport, StatisticsFigure
from groundbreak.reporting.statistics import record_statistics_figure
from groundbreak.reporting.templates_xlsx import report_template_xlsx, template_columns
from groundbreak.reporting.views_template import report_template

D = Decimal
NAMES = ("玉溪大河综合治理工程", "红塔区第一中学扩建", "红塔大道提升改造工程")
# Per project: 1-2月 (year, since start), then 3月's own figure, in 万元.
FEB = [(D("300"), D("1000")), (D("120.5"), D("120.5")), (D("0"), D("450"))]
MARCH = [D("200"), D("79.25"), D("1234.5")]


@pytest.fixture
def projects(make_project):
    """Three 红塔 projects started 25 Feb 2020: 12,000万 total, 3,000万 planned for 2020."""
    return [make_project("530402", name=name) for name in NAMES]


@pytest.fixture
def february(projects, periods, hongta_user):
    """Each project's 1-2月 report, submitted."""
    reports = []
    for project, (ytd, total) in zip(projects, FEB, strict=True):
        report = reporting.save_report(
            project, periods[2], by=hongta_user, completed_period=ytd, completed_ytd=ytd,
            completed_total=total,
        )  # fmt: skip
        reports.append(reporting.submit_report(report, by=hongta_user, version=report.version))
    return reports


def start(content, user, region, period, *, kind="reports", name="红塔区3月月报.xlsx"):
    return services.start_import(
        kind=kind,
        region=region,
        content=content,
        filename=name,
        by=user,
        options={"period": period.pk},
    )


def yi_text(wan):
    """An amount in 万元 written as text in 亿元, exactly."""
    return format((wan / 10000).normalize(), "f")


def march_expected(i):
    ytd, total = FEB[i]
    return MARCH[i], ytd + MARCH[i], total + MARCH[i]


def messy_march_table(projects):
    """A county's own layout: title, 单位：亿元, a two-row merged header, a section row, numbers
    typed as text (one in full-width digits), a subtotal row, a note below."""
    rows = [
        ["红塔区2020年3月重点项目推进情况表"],
        ["单位：亿元"],
        ["序号", "项目代码", "项目名称", "完成投资情况", None, None, "形象进度"],
        [None, None, None, "3月完成", "1-3月累计完成", "开工以来累计完成", None],
        ["一、基础设施类"],
    ]
    sums = [D(0), D(0), D(0)]
    for i, project in enumerate(projects):
        figures = march_expected(i)
        sums = [s + f for s, f in zip(sums, figures, strict=True)]
        cells = [yi_text(f) for f in figures]
        if i == 1:
            cells[0] = cells[0].translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
        rows.append([i + 1, project.code, project.name, *cells, f"主体完成{(i + 1) * 20}%"])
    rows.append(["小计", None, None, *[yi_text(s) for s in sums], None])
    rows.append(["填报人：张三"])
    merges = [(0, 0, 0, 6), (2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 3, 2), (2, 3, 2, 5), (2, 6, 3, 6)]
    return write_xlsx(rows, merges=merges), sums


def simple_table(header, rows):
    return write_xlsx([["项目名称", *header], *rows])


def test_a_messy_county_table_becomes_submitted_reports_with_exact_totals(
    projects, february, periods, hongta_user, hongta
):
    content, sums = messy_march_table(projects)
    record = start(content, hongta_user, hongta, periods[3])
    assert record.status == ImportStatus.PREVIEWED, record.preview.get("refusals") or record.error
    preview = record.preview
    assert (preview["unit"], preview["totals"]["create"], preview["totals"]["refused"]) == (
        "亿元",
        3,
        0,
    )
    assert [
        D(preview["totals"][name])
        for name in ("completed_period", "completed_ytd", "completed_total")
    ] == sums
    assert preview["checks"] and all(check["ok"] for check in preview["checks"])
    assert not MonthlyReport.objects.filter(period=periods[3]).exists()
    services.confirm_import(record, by=hongta_user)
    for i, project in enumerate(projects):
        report = MonthlyReport.objects.get(project=project, period=periods[3])
        assert (
            report.completed_period,
            report.completed_ytd,
            report.completed_total,
        ) == march_expected(i)
        assert (report.status, report.filled_by, report.progress_text) == (
            ReportStatus.SUBMITTED,
            hongta_user,
            f"主体完成{(i + 1) * 20}%",
        )
    record.refresh_from_db()
    assert record.result["created"] == 3 and record.options == {"period": periods[3].pk}


def test_year_only_derives_the_period_and_the_figure_since_the_start(
    projects, february, periods, hongta_user, hongta
):
    ytds = [FEB[i][0] + MARCH[i] for i in range(3)]
    content = simple_table(
        ["1-3月完成投资（万元）"], [[p.name, str(y)] for p, y in zip(projects, ytds, strict=True)]
    )
    record = start(content, hongta_user, hongta, periods[3])
    assert record.status == ImportStatus.PREVIEWED, record.preview.get("refusals")
    assert all(
        set(r["derived"]) == {"completed_period", "completed_total"} for r in record.preview["rows"]
    )
    services.confirm_import(record, by=hongta_user)
    for i, project in enumerate(projects):
        report = MonthlyReport.objects.get(project=project, period=periods[3])
        assert (
            report.completed_period,
            report.completed_ytd,
            report.completed_total,
        ) == march_expected(i)


def test_period_only_derives_the_year_figure(projects, february, periods, hongta_user, hongta):
    content = simple_table(
        ["3月完成投资（万元）", "开工以来累计完成（万元）"],
        [[p.name, str(MARCH[i]), str(march_expected(i)[2])] for i, p in enumerate(projects)],
    )
    record = start(content, hongta_user, hongta, periods[3])
    assert [r["derived"] for r in record.preview["rows"]] == [["completed_ytd"]] * 3
    assert [D(r["completed_ytd"]) for r in record.preview["rows"]] == [
        march_expected(i)[1] for i in range(3)
    ]


def test_first_period_of_the_year_takes_the_year_figure_as_the_period_figure(
    projects, periods, hongta_user, hongta
):
    content = simple_table(["1-2月完成投资（万元）"], [[projects[0].name, "88.5"]])
    record = start(content, hongta_user, hongta, periods[2])
    services.confirm_import(record, by=hongta_user)
    report = MonthlyReport.objects.get(project=projects[0], period=periods[2])
    # Started in 2020 with no earlier report: all it completed is this year's.
    assert (report.completed_period, report.completed_ytd, report.completed_total) == (
        D("88.5"),
    ) * 3


def test_an_inconsistent_row_is_listed_with_its_row_and_nothing_is_written(
    projects, february, periods, hongta_user, hongta
):
    rows = [[p.name, str(MARCH[i]), str(march_expected(i)[1])] for i, p in enumerate(projects)]
    rows[1][2] = str(march_expected(1)[1] + D("0.01"))  # this year ≠ last period + this one
    content = simple_table(["本月完成投资（万元）", "1-3月完成投资（万元）"], rows)
    record = start(content, hongta_user, hongta, periods[3])
    assert record.status == ImportStatus.REFUSED
    [refusal] = record.preview["refusals"]
    assert (refusal["row"], refusal["column"], refusal["field"]) == (
        3,
        "1-3月完成投资（万元）",
        "completed_ytd",
    )
    assert "199.75" in refusal["reason"]  # what it should be: 120.50 + 79.25
    with pytest.raises(ValidationError):
        services.confirm_import(record, by=hongta_user)
    assert not MonthlyReport.objects.filter(period=periods[3]).exists()


def test_the_same_file_again_changes_nothing(projects, february, periods, hongta_user, hongta):
    content, _sums = messy_march_table(projects)
    services.confirm_import(start(content, hongta_user, hongta, periods[3]), by=hongta_user)
    history = MonthlyReport.history.count()
    again = start(content, hongta_user, hongta, periods[3])
    totals = again.preview["totals"]
    assert (totals["unchanged"], totals["create"], totals["update"]) == (3, 0, 0)
    services.confirm_import(again, by=hongta_user)
    assert MonthlyReport.history.count() == history


def test_a_draft_is_filled_in_from_the_table_and_submitted(
    projects, february, periods, hongta_user, hongta
):
    draft = reporting.save_report(
        projects[0], periods[3], by=hongta_user, completed_period=D(1), completed_ytd=FEB[0][0] + 1,
        completed_total=FEB[0][1] + 1,
    )  # fmt: skip
    content = simple_table(["3月完成投资（万元）"], [[projects[0].name, str(MARCH[0])]])
    record = start(content, hongta_user, hongta, periods[3])
    [row] = record.preview["rows"]
    assert (row["action"], row["status"]) == ("submit", ReportStatus.DRAFT)
    services.confirm_import(record, by=hongta_user)
    draft.refresh_from_db()
    assert (draft.status, draft.completed_period, draft.completed_total) == (
        ReportStatus.SUBMITTED,
        MARCH[0],
        march_expected(0)[2],
    )


def test_importing_over_a_locked_report_records_a_correction_with_the_import_as_reason(
    projects, february, periods, hongta_user, city_user, hongta
):
    report = reporting.save_report(
        projects[0], periods[3], by=hongta_user, completed_period=D(10), completed_ytd=FEB[0][0] + 10,
        completed_total=FEB[0][1] + 10,
    )  # fmt: skip
    report = reporting.submit_report(report, by=hongta_user, version=report.version)
    report = reporting.approve_report(report, by=hongta_user, version=report.version)
    report = reporting.lock_report(report, by=city_user, version=report.version)
    content = simple_table(["3月完成投资（万元）"], [[projects[0].name, str(MARCH[0])]])
    record = start(content, city_user, hongta, periods[3], name="红塔区3月更正.xlsx")
    [row] = record.preview["rows"]
    assert row["action"] == "correct"
    changes = {c["field"]: (D(c["old"]), D(c["new"])) for c in row["changes"]}
    assert changes["completed_period"] == (D(10), MARCH[0])
    assert changes["completed_ytd"] == (FEB[0][0] + 10, march_expected(0)[1])
    services.confirm_import(record, by=city_user)
    report.refresh_from_db()
    assert (report.status, report.completed_period, report.completed_total) == (
        ReportStatus.LOCKED,
        MARCH[0],
        march_expected(0)[2],
    )
    latest = report.history.first()
    assert latest.history_user == city_user
    # "Corrected: …", stored untranslated (read as 更正：… in Chinese), the import as the reason.
    assert latest.history_change_reason == f"Corrected: Import #{record.pk} 红塔区3月更正.xlsx"


def test_a_county_cannot_import_reports_into_another_county(
    projects, periods, jiangchuan_user, jiangchuan, hongta
):
    content = simple_table(["1-2月完成投资（万元）"], [[projects[0].name, "10"]])
    with pytest.raises(PermissionDenied):
        start(content, jiangchuan_user, hongta, periods[2])
    # Into its own county, a 红塔 project is not one it may report for.
    record = start(content, jiangchuan_user, jiangchuan, periods[2])
    assert record.status == ImportStatus.REFUSED
    assert record.preview["refusals"][0]["field"] == "name"
    assert not MonthlyReport.objects.exists()


def test_an_unknown_project_is_refused_with_the_closest_names(
    projects, periods, hongta_user, hongta
):
    content = simple_table(["1-2月完成投资（万元）"], [["玉溪大河综合治理", "10"]])
    record = start(content, hongta_user, hongta, periods[2])
    [refusal] = record.preview["refusals"]
    assert refusal["row"] == 2 and NAMES[0] in refusal["reason"]


def test_a_table_for_other_months_is_refused(projects, periods, hongta_user, hongta):
    content = simple_table(["1-2月完成投资（万元）"], [[projects[0].name, "10"]])
    record = start(content, hongta_user, hongta, periods[3])
    assert record.status == ImportStatus.FAILED
    assert "1-2月完成投资" in record.error and "2020年3月" in record.error
    titled = write_xlsx(
        [
            ["红塔区2020年1-2月重点项目推进情况"],
            ["项目名称", "本月完成投资"],
            [projects[0].name, 10],
        ]
    )
    record = start(titled, hongta_user, hongta, periods[3])
    assert record.status == ImportStatus.FAILED
    assert "红塔区2020年1-2月重点项目推进情况" in record.error and "2020年3月" in record.error
    assert not MonthlyReport.objects.exists()


def test_a_period_is_required_for_reports(projects, periods, hongta_user, hongta):
    content = simple_table(["1-2月完成投资（万元）"], [[projects[0].name, "10"]])
    with pytest.raises(ValidationError) as error:
        services.start_import(
            kind="reports", region=hongta, content=content, filename="a.xlsx", by=hongta_user
        )
    assert "period" in error.value.message_dict


def test_the_template_imports_back_once_filled(
    projects, february, periods, hongta_user, hongta, make_project
):
    make_project("530402", stage=Stage.PRELIMINARY, name="红塔区未开工项目")  # owes no report
    make_project("530403", name="江川区在建项目")  # another county's
    request = RequestFactory().get("/", {"region": hongta.pk, "period": periods[3].pk})
    request.user = hongta_user
    response = report_template(request)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.protection.sheet and sheet["A2"].value == "单位：万元"
    headers = [cell.value for cell in sheet[3]]
    assert headers == [text for text, _width, _kind in template_columns(periods[3])]
    assert headers[3:5] == ["3月完成投资（万元）", "1-3月完成投资（万元）"]
    assert sheet.cell(3, 4).comment is not None  # how to count
    by_name = {sheet.cell(r, 2).value: r for r in range(4, sheet.max_row + 1)}
    assert set(by_name) == set(NAMES) and sheet.cell(by_name[NAMES[0]], 3).value == 3000
    for i, name in enumerate(NAMES[:2]):
        sheet.cell(by_name[name], 4).value = float(MARCH[i])  # this month only; the rest derived
    buffer = io.BytesIO()
    book.save(buffer)
    record = start(buffer.getvalue(), hongta_user, hongta, periods[3], name="template.xlsx")
    assert record.status == ImportStatus.PREVIEWED, record.preview.get("refusals") or record.error
    assert (record.preview["totals"]["create"], record.preview["totals"]["skip"]) == (2, 1)
    services.confirm_import(record, by=hongta_user)
    for i, project in enumerate(projects[:2]):
        report = MonthlyReport.objects.get(project=project, period=periods[3])
        assert (
            report.completed_period,
            report.completed_ytd,
            report.completed_total,
        ) == march_expected(i)
    assert not MonthlyReport.objects.filter(project=projects[2], period=periods[3]).exists()


def test_a_report_written_since_the_preview_stops_the_confirmation(
    projects, february, periods, hongta_user, hongta
):
    content = simple_table(["3月完成投资（万元）"], [[projects[0].name, str(MARCH[0])]])
    record = start(content, hongta_user, hongta, periods[3])
    reporting.save_report(
        projects[0], periods[3], by=hongta_user, completed_period=D(1), completed_ytd=FEB[0][0] + 1,
        completed_total=FEB[0][1] + 1,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.confirm_import(record, by=hongta_user)
    assert "2" in " ".join(error.value.messages)
    assert MonthlyReport.objects.get(period=periods[3]).completed_period == D(1)


def test_the_first_period_template_has_one_figure_column_for_the_months(
    projects, periods, hongta_user, hongta
):
    book = openpyxl.load_workbook(io.BytesIO(report_template_xlsx(hongta, periods[2], hongta_user)))
    headers = [cell.value for cell in book.active[3]]
    assert headers.count("1-2月完成投资（万元）") == 1 and not any(
        h.startswith("2月") for h in headers
    )


def test_the_template_is_for_the_own_county_only(projects, periods, jiangchuan_user, hongta):
    request = RequestFactory().get("/", {"region": hongta.pk, "period": periods[3].pk})
    request.user = jiangchuan_user
    with pytest.raises(PermissionDenied):
        report_template(request)
    from django.http import Http404

    request = RequestFactory().get("/", {"region": hongta.pk, "period": 999999})
    request.user = jiangchuan_user
    with pytest.raises(Http404):
        report_template(request)


def test_statistics_figures_are_set_from_the_bureau_table_and_read_only(
    projects, periods, hongta_user, city_user, hongta
):
    ytds = [D("310.5"), D("0"), D("99")]
    content = simple_table(
        ["1-3月完成投资（万元）"], [[p.name, str(y)] for p, y in zip(projects, ytds, strict=True)]
    )
    record = start(content, city_user, hongta, periods[3], kind="statistics", name="统计局3月.xlsx")
    assert record.status == ImportStatus.PREVIEWED, record.preview.get("refusals")
    assert D(record.preview["totals"]["completed_ytd"]) == sum(ytds)
    services.confirm_import(record, by=city_user)
    figures = StatisticsFigure.objects.filter(period=periods[3]).order_by("project__name")
    assert {f.project.name: f.completed_ytd for f in figures} == dict(zip(NAMES, ytds, strict=True))
    assert all(f.imported_by_id == record.pk for f in figures)
    assert not MonthlyReport.objects.exists()
    with pytest.raises(ValidationError):
        record_statistics_figure(
            projects[0], periods[3], by=city_user, completed_ytd=D(1), version=figures[0].version
        )
    again = start(content, city_user, hongta, periods[3], kind="statistics")
    assert again.preview["totals"]["unchanged"] == 3


def test_the_upload_page_takes_the_kind_and_the_period_and_shows_the_report_columns(
    client, projects, february, periods, hongta_user, hongta
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from groundbreak.imports.models import ImportRecord

    content = simple_table(
        ["1-3月完成投资（万元）"], [[projects[0].name, str(march_expected(0)[1])]]
    )
    client.force_login(hongta_user)
    form = {"kind": "reports", "region": hongta.pk}
    response = client.post(
        reverse("imports:import_list"), {**form, "file": SimpleUploadedFile("m.xlsx", content)}
    )
    assert "period" in response.context["form"].errors and not ImportRecord.objects.exists()
    client.post(
        reverse("imports:import_list"),
        {**form, "period": periods[3].pk, "file": SimpleUploadedFile("m.xlsx", content)},
    )
    record = ImportRecord.objects.get()
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'id="report-rows"' in page and str(periods[3]) in page and "confirm-form" in page
    assert format(MARCH[0], ",.2f") in page  # the derived period figure, shown
    client.post(reverse("imports:import_confirm", args=[record.pk]))
    assert MonthlyReport.objects.get(period=periods[3]).completed_period == MARCH[0]


def test_the_api_takes_the_period(projects, periods, hongta_user, hongta):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(hongta_user)
    content = simple_table(["1-2月完成投资（万元）"], [[projects[0].name, "10"]])
    data = {"kind": "reports", "region": "530402"}
    refused = client.post(
        "/api/imports/", {**data, "file": SimpleUploadedFile("a.xlsx", content)}, format="multipart"
    )
    assert refused.status_code == 400 and "period" in refused.json()
    body = client.post(
        "/api/imports/",
        {**data, "period": periods[2].pk, "file": SimpleUploadedFile("a.xlsx", content)},
        format="multipart",
    ).json()
    assert body["status"] == "previewed" and body["preview"]["totals"]["create"] == 1
    assert client.post(f"/api/imports/{body['id']}/confirm/").json()["result"]["created"] == 1
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED


def test_beyond_the_plan_takes_its_reason_from_the_remarks_or_is_refused(
    projects, periods, hongta_user, hongta
):
    header = ["1-2月完成投资（万元）", "备注"]
    beyond = str(projects[0].plan_for(2020) + 1)
    refused = start(
        simple_table(header, [[projects[0].name, beyond, None]]), hongta_user, hongta, periods[2]
    )
    [refusal] = refused.preview["refusals"]
    assert (refusal["row"], refusal["column"], refusal["field"]) == (2, "备注", "notes")
    record = start(
        simple_table(header, [[projects[0].name, beyond, "设备提前进场"]]),
        hongta_user,
        hongta,
        periods[2],
    )
    services.confirm_import(record, by=hongta_user)
    report = MonthlyReport.objects.get()
    assert (report.completed_ytd, report.over_plan_reason) == (D(beyond), "设备提前进场")


def test_an_owner_s_draft_is_not_overwritten_by_a_county_import(
    projects, periods, owner_user, hongta_user, hongta
):
    reporting.save_report(
        projects[0], periods[2], by=owner_user, completed_period=D(5), completed_ytd=D(5),
        completed_total=D(5),
    )  # fmt: skip
    content = simple_table(["1-2月完成投资（万元）"], [[projects[0].name, "10"]])
    record = start(content, hongta_user, hongta, periods[2])
    [refusal] = record.preview["refusals"]
    assert (refusal["row"], refusal["field"]) == (2, "name")
    assert MonthlyReport.objects.get().completed_ytd == D(5)
