"""The report pages: the owner's form (pre-fill, live figures, 无变化, photo), review actions,
the list and its export, missing/late, the two figures — and county isolation on each."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from groundbreak.reporting import services
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport, StatisticsFigure
from groundbreak.reporting.tests.helpers import jpeg

D = Decimal


@pytest.fixture
def project(make_project):
    return make_project("530402", name="玉溪测试厂房")


@pytest.fixture
def february(project, periods, owner_user):
    report = services.save_report(
        project, periods[2], by=owner_user, completed_period=D(300), completed_ytd=D(300),
        completed_total=D(800), progress_text="基础施工", workers_on_site=40, problems="用地报批慢",
    )  # fmt: skip
    return services.submit_report(report, by=owner_user, version=report.version)


def form_data(**overrides):
    data = {
        "completed_period": "200",
        "completed_ytd": "500",
        "completed_total": "1000",
        "progress_text": "主体施工",
        "workers_on_site": "60",
        "problems": "",
        "over_plan_reason": "",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_the_form_opens_pre_filled_from_last_period(client, owner_user, project, periods, february):
    client.force_login(owner_user)
    page = client.get(reverse("reporting:fill_report", args=[project.pk, periods[3].pk]))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["progress_text"] == "基础施工"
    assert form.initial["workers_on_site"] == 40
    assert form.initial["completed_ytd"] == D(300) and form.initial["completed_total"] == D(800)
    assert form.initial.get("completed_period") is None
    html = page.content.decode()
    assert 'data-base-ytd="300' in html and 'data-base-total="800' in html
    # Ten things to fill at most (the hidden version is the page's, not the owner's).
    assert len(form.visible_fields()) <= 10


def test_owner_fills_and_submits(client, owner_user, project, periods, february):
    client.force_login(owner_user)
    url = reverse("reporting:fill_report", args=[project.pk, periods[3].pk])
    response = client.post(url, form_data())
    assert response.status_code == 302
    report = MonthlyReport.objects.get(project=project, period=periods[3])
    assert report.status == ReportStatus.SUBMITTED and report.filled_by == owner_user
    assert report.completed_ytd == D(500)


def test_an_inconsistent_form_names_the_field_and_stores_nothing(
    client, owner_user, project, periods, february
):
    client.force_login(owner_user)
    url = reverse("reporting:fill_report", args=[project.pk, periods[3].pk])
    response = client.post(url, form_data(completed_ytd="600"))
    assert response.status_code == 200
    assert "completed_ytd" in response.context["form"].errors
    assert not MonthlyReport.objects.filter(period=periods[3]).exists()


def test_above_the_threshold_a_photo_is_needed_to_submit(
    client, owner_user, project, periods, february
):
    client.force_login(owner_user)
    url = reverse("reporting:fill_report", args=[project.pk, periods[3].pk])
    big = form_data(completed_period="1500", completed_ytd="1800", completed_total="2300")
    client.post(url, big)
    report = MonthlyReport.objects.get(project=project, period=periods[3])
    assert report.status == ReportStatus.DRAFT  # saved, not submitted: the photo is missing
    photo = SimpleUploadedFile("site.jpg", jpeg(), content_type="image/jpeg")
    response = client.post(url, {**big, "version": report.version, "photo": photo})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.attachments.count() == 1
    thumb = client.get(
        reverse("reporting:attachment_thumbnail", args=[report.attachments.get().pk])
    )
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"


def test_a_file_that_is_not_a_picture_is_refused_on_the_photo_field(
    client, owner_user, project, periods, february
):
    client.force_login(owner_user)
    url = reverse("reporting:fill_report", args=[project.pk, periods[3].pk])
    fake = SimpleUploadedFile("site.jpg", b"not a picture at all", content_type="image/jpeg")
    response = client.post(url, {**form_data(), "photo": fake})
    assert response.status_code == 200
    assert "site.jpg" in " ".join(response.context["form"].errors["photo"])
    assert not MonthlyReport.objects.filter(period=periods[3]).exists()


def test_no_change_in_one_tap(client, owner_user, project, periods, february):
    client.force_login(owner_user)
    listing = client.get(reverse("reporting:fill_list") + f"?period={periods[3].pk}")
    assert b"no-change" in listing.content
    client.post(reverse("reporting:no_change", args=[project.pk, periods[3].pk]))
    report = MonthlyReport.objects.get(project=project, period=periods[3])
    assert (report.completed_period, report.completed_ytd, report.completed_total) == (
        D(0), D(300), D(800),
    )  # fmt: skip
    assert report.progress_text == "基础施工" and report.status == ReportStatus.SUBMITTED


def test_county_returns_approves_and_city_locks(
    client, owner_user, hongta_user, city_user, project, periods, february
):
    client.force_login(hongta_user)
    act = lambda action, **data: client.post(  # noqa: E731
        reverse("reporting:report_action", args=[february.pk, action]),
        {"version": MonthlyReport.objects.get(pk=february.pk).version, **data},
    )
    act("return", reason="累计数与上月不衔接")
    february.refresh_from_db()
    assert february.status == ReportStatus.RETURNED and february.review_note == "累计数与上月不衔接"
    client.force_login(owner_user)
    detail = client.get(february.get_absolute_url())
    assert "累计数与上月不衔接" in detail.content.decode()
    services.submit_report(february, by=owner_user, version=february.version)
    client.force_login(hongta_user)
    act("lock")  # a county cannot lock
    assert MonthlyReport.objects.get(pk=february.pk).status == ReportStatus.SUBMITTED
    act("approve")
    assert MonthlyReport.objects.get(pk=february.pk).status == ReportStatus.APPROVED
    client.force_login(city_user)
    act("lock")
    assert MonthlyReport.objects.get(pk=february.pk).status == ReportStatus.LOCKED
    act("correct", completed_period="310", completed_ytd="310", completed_total="810",
        reason="统计核定")  # fmt: skip
    locked = MonthlyReport.objects.get(pk=february.pk)
    assert locked.completed_ytd == D(310) and locked.status == ReportStatus.LOCKED
    client.force_login(owner_user)
    history = client.get(locked.get_absolute_url()).content.decode()
    assert "统计核定" in history and "300" in history and "310" in history


def test_a_stale_page_cannot_approve(client, hongta_user, february):
    client.force_login(hongta_user)
    client.post(
        reverse("reporting:report_action", args=[february.pk, "approve"]),
        {"version": february.version - 1},
    )
    assert MonthlyReport.objects.get(pk=february.pk).status == ReportStatus.SUBMITTED


def test_list_filters_and_exports(client, city_user, february, periods):
    client.force_login(city_user)
    page = client.get(reverse("reporting:report_list") + "?period=2020-02")
    assert page.status_code == 200 and page.context["totals"]["count"] == 1
    empty = client.get(reverse("reporting:report_list") + "?period=2020-03")
    assert empty.context["totals"]["count"] == 0
    export = client.get(reverse("reporting:report_list") + "?period=2020-02&export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "万元" in str(rows[1][0]) and rows[3][1] == "玉溪测试厂房"
    assert sheet.freeze_panes is not None
    assert rows[-1][6] == "=SUBTOTAL(9,G4)"  # the totals row sums the period column


def test_missing_and_statistics_pages(client, city_user, make_project, february, periods):
    make_project("530402", name="未报项目")
    client.force_login(city_user)
    page = client.get(reverse("reporting:missing_list") + f"?period={periods[2].pk}")
    assert [p.name for p in page.context["missing"]] == ["未报项目"]
    row = page.context["counties"][0]
    assert (row["due"], row["handed_in"], row["missing"]) == (2, 1, 1)
    client.post(
        reverse("reporting:statistics_enter", args=[february.project.pk, periods[2].pk]),
        {"completed_ytd": "100"},
    )
    figure = StatisticsFigure.objects.get()
    assert figure.completed_ytd == D(100)
    stats = client.get(reverse("reporting:statistics") + f"?period={periods[2].pk}")
    assert stats.context["diverging"] == 1 and stats.context["unexplained"] == 1
    client.post(
        reverse("reporting:statistics_explain", args=[figure.pk]),
        {"version": figure.version, "reason": "payment_lag", "reason_text": ""},
    )
    stats = client.get(reverse("reporting:statistics") + f"?period={periods[2].pk}")
    assert stats.context["unexplained"] == 0


# --- county isolation: a 江川区 user on a 红塔区 report -------------------------------------


@pytest.mark.parametrize(
    "method, name, args",
    [
        ("get", "reporting:report_detail", "report"),
        ("post", "reporting:report_action", "report-approve"),
        ("post", "reporting:report_action", "report-correct"),
        ("get", "reporting:fill_report", "project-period"),
        ("post", "reporting:fill_report", "project-period"),
        ("post", "reporting:no_change", "project-period"),
        ("post", "reporting:statistics_enter", "project-period"),
    ],
)
def test_another_county_gets_404_and_changes_nothing(
    client, jiangchuan_user, february, periods, method, name, args
):
    client.force_login(jiangchuan_user)
    values = {
        "report": [february.pk],
        "report-approve": [february.pk, "approve"],
        "report-correct": [february.pk, "correct"],
        "project-period": [february.project.pk, periods[3].pk],
    }[args]
    data = {**form_data(), "version": february.version, "reason": "x"}
    response = getattr(client, method)(reverse(name, args=values), data)
    assert response.status_code == 404
    assert MonthlyReport.objects.count() == 1
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED
    assert not StatisticsFigure.objects.exists()


def test_lists_of_another_county_show_nothing(client, jiangchuan_user, february, periods):
    client.force_login(jiangchuan_user)
    for url in (
        reverse("reporting:report_list") + "?period=2020-02",
        reverse("reporting:missing_list") + f"?period={periods[2].pk}",
        reverse("reporting:statistics") + f"?period={periods[2].pk}&show=all",
        reverse("reporting:fill_list") + f"?period={periods[3].pk}",
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "玉溪测试厂房" not in page.content.decode(), url


def test_evidence_files_are_served_only_within_scope(
    client, owner_user, jiangchuan_user, february, periods
):
    report = services.save_report(
        february.project, periods[3], by=owner_user, completed_period=D(0), completed_ytd=D(300),
        completed_total=D(800),
    )  # fmt: skip
    attachment = services.attach_evidence(
        report, by=owner_user, kind="photo", content=jpeg(), name="a.jpg"
    )
    client.force_login(jiangchuan_user)
    assert client.get(reverse("reporting:attachment", args=[attachment.pk])).status_code == 404
    client.force_login(owner_user)
    assert client.get(reverse("reporting:attachment", args=[attachment.pk])).status_code == 200


def test_county_adds_a_voucher_to_a_submitted_report_then_approves(
    client, hongta_user, jiangchuan_user, project, periods, owner_user
):
    report = services.save_report(
        project, periods[2], by=hongta_user, completed_period=D(1500), completed_ytd=D(1500),
        completed_total=D(1500),
    )  # fmt: skip
    report = services.submit_report(
        report, by=hongta_user, version=report.version, require_evidence=False
    )
    client.force_login(hongta_user)
    approve = reverse("reporting:report_action", args=[report.pk, "approve"])
    client.post(approve, {"version": report.version})
    assert MonthlyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    page = client.get(report.get_absolute_url())
    assert page.context["evidence_missing"] and page.context["attach_form"] is not None
    voucher = SimpleUploadedFile("凭证.pdf", b"%PDF-1.4 voucher", content_type="application/pdf")
    client.force_login(jiangchuan_user)
    outsider = client.post(
        reverse("reporting:report_attach", args=[report.pk]), {"kind": "voucher", "file": voucher}
    )
    assert outsider.status_code == 404 and not report.attachments.exists()
    client.force_login(hongta_user)
    voucher.seek(0)
    client.post(
        reverse("reporting:report_attach", args=[report.pk]), {"kind": "voucher", "file": voucher}
    )
    assert report.attachments.get().content_type == "application/pdf"
    client.post(approve, {"version": report.version})
    assert MonthlyReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED


def test_an_imports_history_reason_reads_in_the_readers_language(client, city_user, february):
    from django.utils import translation

    from groundbreak.core.history import change_log

    record = february.history.first()
    record.history_change_reason = "Import #7 红塔区3月.xlsx"
    record.save()
    with translation.override("zh-hans"):
        assert change_log(february)[0].reason == "导入 #7 红塔区3月.xlsx"
    with translation.override("en"):
        assert change_log(february)[0].reason == "Import #7 红塔区3月.xlsx"


def test_city_staff_fill_one_county_at_a_time(
    client, city_user, make_project, february, periods, regions
):
    make_project("530403", name="江川测试项目")
    client.force_login(city_user)
    url = reverse("reporting:fill_list") + f"?period={periods[3].pk}"
    everything = client.get(url)
    assert {row["project"].name for row in everything.context["rows"]} == {
        "玉溪测试厂房",
        "江川测试项目",
    }
    assert everything.context["regions"] is not None
    one = client.get(url + f"&region={regions['530403'].pk}")
    assert [row["project"].name for row in one.context["rows"]] == ["江川测试项目"]
    back = client.post(
        reverse("reporting:no_change", args=[february.project.pk, periods[3].pk]),
        {"region": regions["530402"].pk},
    )
    assert back.url.endswith(f"&region={regions['530402'].pk}")


def test_a_county_user_gets_no_region_picker(client, hongta_user, february, periods):
    client.force_login(hongta_user)
    page = client.get(reverse("reporting:fill_list") + f"?period={periods[3].pk}")
    assert page.context["regions"] is None and len(page.context["rows"]) == 1


def test_review_messages_are_in_the_readers_language(client, hongta_user, february):
    client.force_login(hongta_user)
    client.cookies["django_language"] = "en"
    page = client.post(
        reverse("reporting:report_action", args=[february.pk, "approve"]),
        {"version": february.version},
        follow=True,
    )
    assert "Report approved." in page.content.decode()
    client.cookies["django_language"] = "zh-hans"
    page = client.post(
        reverse("reporting:report_action", args=[february.pk, "lock"]),
        {"version": february.version + 1},
        follow=True,
    )
    assert "只有市发改委可以锁定月报。" in page.content.decode()  # a county may not lock
