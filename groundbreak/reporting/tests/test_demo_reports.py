"""The demo's monthly reports for 2020年1-2月 and 3月, read back from the database.

The demo is loaded once for the module (``manage.py load_demo`` inside a transaction that is
rolled back at the end, its photos in a temporary media folder); each test runs in its own
savepoint on top of it.
"""

import io
from collections import Counter
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from groundbreak.accounts.models import Role, User
from groundbreak.demo.builder import build_demo
from groundbreak.projects.models import Project
from groundbreak.regions.services import DATA_DIR, load_regions
from groundbreak.reporting import selectors, services, statistics
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.demo import CORRECTION_REASON, plan_figures, site_photo, situations
from groundbreak.reporting.evidence import attachment_flags, distance_km, read_evidence
from groundbreak.reporting.models import (
    AttachmentKind,
    MonthlyReport,
    ProjectYearSummary,
    ReportAttachment,
    ReportingPeriod,
    StatisticsFigure,
    report_errors,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """The demo as far as the reporting step: what these tests check is that step's own work,
    before later steps (warnings, dispatch) add projects and events of their own."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=demo_media),
        transaction.atomic(),
    ):
        load_regions(DATA_DIR / "yuxi.csv")
        build_demo(until="reporting")
        yield
        transaction.set_rollback(True)


HANDED_IN = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.LOCKED)
CJK = range(0x4E00, 0xA000)


@pytest.fixture
def city(demo):
    return User.objects.get(username="city")


@pytest.fixture
def periods(demo):
    return {p.last_month: p for p in ReportingPeriod.objects.filter(year=2020)}


@pytest.fixture
def jan_feb(periods):
    return periods[2]


@pytest.fixture
def march(periods):
    return periods[3]


def started_by(period):
    """What the brief calls due: started (stage and date) by the end of the period."""
    return Project.objects.started().filter(actual_start__lte=period.end)


def statuses(period):
    return Counter(MonthlyReport.objects.filter(period=period).values_list("status", flat=True))


def change_reasons(report):
    history = report.history.order_by("history_date", "history_id")
    return list(history.values_list("history_change_reason", "status", "history_user__username"))


def test_the_year_has_its_eleven_periods(periods):
    assert sorted(periods) == list(range(2, 13))
    assert (periods[2].first_month, periods[3].first_month) == (1, 3)


def test_every_project_started_by_february_reports_for_jan_feb(demo, city, jan_feb):
    due = set(started_by(jan_feb).values_list("pk", flat=True))
    reported = set(
        MonthlyReport.objects.filter(period=jan_feb, status__in=HANDED_IN).values_list(
            "project", flat=True
        )
    )
    assert due and reported == due
    assert not selectors.missing_reports(jan_feb, user=city).exists()
    counts = statuses(jan_feb)
    # The county approved most; the city locked those.
    assert counts[ReportStatus.LOCKED] > 0.9 * len(due)
    assert counts[ReportStatus.SUBMITTED] > 0
    assert set(counts) <= set(HANDED_IN)
    assert selectors.late_reports(jan_feb, user=city).exists()


def test_locked_jan_feb_reports_were_approved_by_their_county_then_locked_by_the_city(jan_feb):
    for report in MonthlyReport.objects.filter(period=jan_feb, status=ReportStatus.LOCKED):
        steps = change_reasons(report)
        assert [s[1] for s in steps[-3:]] == ["submitted", "approved", "locked"]
        approver, locker = steps[-2][2], steps[-1][2]
        assert locker == "city"
        if report.project.region.code in ("530402", "530403"):
            assert approver in ("hongta", "jiangchuan")


def test_march_statuses_returned_missing_late_and_awaiting_review(demo, city, march):
    due = set(started_by(march).values_list("pk", flat=True))
    reports = MonthlyReport.objects.filter(period=march)
    counts = statuses(march)
    assert 2 <= counts[ReportStatus.RETURNED] <= 4
    assert counts[ReportStatus.SUBMITTED] >= 5
    assert counts[ReportStatus.APPROVED] > len(due) // 2
    assert counts[ReportStatus.DRAFT] == 0
    without_report = due - set(reports.values_list("project", flat=True))
    assert 2 <= len(without_report) <= 4
    missing = set(selectors.missing_reports(march, user=city).values_list("pk", flat=True))
    returned = set(reports.filter(status=ReportStatus.RETURNED).values_list("project", flat=True))
    assert missing == without_report | returned
    for report in reports.filter(status=ReportStatus.RETURNED):
        assert report.review_note.strip() and report.reviewed_by is not None
    late = list(selectors.late_reports(march, user=city))
    assert len(late) >= 3
    for report in late:
        assert timezone.localdate(report.submitted_at) > march.deadline
        assert report.is_late
    # Every report handed in on time carries a 2020 submission time, before the deadline.
    on_time = reports.filter(status__in=HANDED_IN).exclude(pk__in=[r.pk for r in late])
    for report in on_time:
        day = timezone.localdate(report.submitted_at)
        assert report.project.actual_start <= day <= march.deadline
        assert not report.is_late
    by_county = selectors.reporting_by_county(march, user=city)
    assert sum(row["missing"] for row in by_county) == len(missing)
    assert sum(row["late"] for row in by_county) == len(late)


def test_every_report_passes_the_statistics_checks_and_adds_up(demo):
    reports = MonthlyReport.objects.select_related("project", "period").order_by(
        "project", "period__last_month"
    )
    assert reports.count() > 300
    previous = {}
    for report in reports:
        assert report_errors(report) == {}, report
        project = report.project
        before = previous.get(project.pk)
        expected_ytd = (before.completed_ytd if before else Decimal(0)) + report.completed_period
        assert report.completed_ytd == expected_ytd
        assert report.completed_total >= report.completed_ytd
        if before:
            assert report.completed_total >= before.completed_total
        assert report.completed_total <= project.total_investment
        # Plausible: at most about a quarter of the year's plan in the first quarter.
        assert report.completed_ytd <= project.plan_for(2020) * Decimal("0.3")
        previous[project.pk] = report


def test_reports_carry_progress_in_chinese_workers_and_some_problems(demo):
    reports = list(MonthlyReport.objects.all())
    for report in reports:
        assert any(ord(ch) in CJK for ch in report.progress_text), report.progress_text
        assert report.workers_on_site is not None
    with_problems = [r for r in reports if r.problems.strip()]
    assert 0.05 * len(reports) < len(with_problems) < 0.6 * len(reports)
    assert any("层" in r.progress_text for r in reports)
    assert any(r.work_resumed and r.resumed_on for r in reports)


def test_figures_derive_deterministically_from_the_project(demo, jan_feb, march):
    """What is stored is what the generator gives for the project, run again now."""
    periods = [jan_feb, march]
    reports = MonthlyReport.objects.select_related("project", "period")
    projects = {r.project for r in reports}
    found = situations(list(projects))
    figures = {p.pk: plan_figures(p, periods, found[p.pk]) for p in projects}
    corrected = 0
    for report in reports:
        expected = figures[report.project_id][report.period]
        if report.history.filter(history_change_reason__contains=CORRECTION_REASON).exists():
            corrected += 1
            continue
        assert report.completed_period == expected.completed_period, report
        assert report.completed_ytd == expected.completed_ytd
        assert report.completed_total == expected.completed_total
    assert corrected == 1


def test_year_summaries_equal_the_latest_reports_year_to_date(demo):
    latest = {}
    for report in MonthlyReport.objects.select_related("period").order_by("period__last_month"):
        latest[report.project_id] = report
    summaries = {s.project_id: s for s in ProjectYearSummary.objects.filter(year=2020)}
    assert set(summaries) == set(latest)
    for project_id, report in latest.items():
        summary = summaries[project_id]
        assert summary.completed_ytd == report.completed_ytd
        assert summary.last_period_id == report.period_id
        plan = report.project.plan_for(2020)
        assert summary.completion_rate == (report.completed_ytd / plan).quantize(Decimal("0.0001"))


def test_who_filled_and_who_reviewed(demo, march):
    users = {u.username: u for u in User.objects.filter(role__in=[Role.OWNER, Role.COUNTY])}
    owner = users["owner"]
    reports = MonthlyReport.objects.select_related("project__region", "filled_by")
    for report in reports:
        history = report.history.order_by("history_date", "history_id")
        assert history.count() >= 2  # filled, then at least submitted
        project = report.project
        if project.owner_unit_id == owner.owner_unit_id:
            assert report.filled_by == owner
        elif project.region.code == "530402":
            assert report.filled_by == users["hongta"]
        elif project.region.code == "530403":
            assert report.filled_by == users["jiangchuan"]
    assert reports.filter(filled_by=owner).exists()
    assert reports.filter(period=march, filled_by=users["hongta"]).exists()
    assert reports.filter(period=march, filled_by=users["jiangchuan"]).exists()


def test_one_no_change_report_carries_last_period_forward(demo, city, jan_feb, march):
    zero = MonthlyReport.objects.filter(period=march, completed_period=0)
    assert zero.count() == 1
    report = zero.get()
    before = MonthlyReport.objects.get(project=report.project, period=jan_feb)
    assert (report.completed_ytd, report.completed_total) == (
        before.completed_ytd,
        before.completed_total,
    )
    assert (report.progress_text, report.workers_on_site, report.problems) == (
        before.progress_text,
        before.workers_on_site,
        before.problems,
    )
    assert report.status in HANDED_IN
    # 入库零报告: the project is in the statistics and completed nothing in 3月.
    assert report.project.in_statistics_date <= march.end
    zero_projects = list(statistics.in_statistics_reporting_zero(march, user=city))
    assert zero_projects == [report.project]


def test_one_locked_report_was_corrected_by_the_city_with_a_reason(demo, march):
    corrected = [
        r
        for r in MonthlyReport.objects.filter(period=march)
        if r.history.filter(history_change_reason__contains=CORRECTION_REASON).exists()
    ]
    assert len(corrected) == 1
    report = corrected[0]
    assert report.status == ReportStatus.LOCKED
    last = report.history.order_by("-history_date", "-history_id").first()
    assert last.history_user.username == "city"
    assert CORRECTION_REASON in last.history_change_reason
    before = report.history.filter(status=ReportStatus.LOCKED).order_by("history_date").first()
    assert before.completed_period > report.completed_period
    assert report_errors(report) == {}


def test_large_amounts_have_a_site_photo_with_date_and_place(demo, demo_media):
    threshold = Decimal(settings.REPORT_EVIDENCE_THRESHOLD)
    big = MonthlyReport.objects.filter(completed_period__gt=threshold).exclude(
        status=ReportStatus.DRAFT
    )
    assert big.exists()
    for report in big:
        assert report.attachments.filter(kind=AttachmentKind.PHOTO).exists(), report
    attachments = ReportAttachment.objects.select_related("report__project", "report__period")
    small = {a.report for a in attachments.filter(report__completed_period__lte=threshold)}
    for report in small:  # only a report corrected downwards after its photo
        assert report.history.filter(history_change_reason__contains=CORRECTION_REASON).exists()
    for attachment in attachments:
        project = attachment.report.project
        assert attachment.taken_at is not None
        stored = demo_media / attachment.file.name
        assert stored.stat().st_size == attachment.size
        assert (demo_media / attachment.thumbnail.name).exists()
        if project.latitude is not None:
            km = distance_km(
                attachment.latitude, attachment.longitude, project.latitude, project.longitude
            )
            assert km < float(settings.REPORT_PHOTO_MAX_KM)
        assert timezone.localtime(attachment.taken_at) <= timezone.localtime(
            attachment.report.submitted_at
        )


def test_one_photo_is_dated_outside_its_period_and_waits_for_review(demo):
    flagged = [
        (a, attachment_flags(a))
        for a in ReportAttachment.objects.select_related("report__project", "report__period")
        if attachment_flags(a)
    ]
    assert len(flagged) == 1
    attachment, flags = flagged[0]
    report = attachment.report
    day = timezone.localdate(attachment.taken_at)
    assert not report.period.start <= day <= report.period.end
    assert str(day) in flags[0]
    assert report.status == ReportStatus.SUBMITTED  # the reviewer sees it on the review page


def test_the_generated_photo_is_a_jpeg_that_carries_its_date_and_place():
    taken = datetime(2020, 3, 12, 10, 21, 33)
    content = site_photo(
        taken_at=taken,
        latitude=Decimal("24.354321"),
        longitude=Decimal("102.545678"),
        floors=5,
        seed="t",
    )
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG"
    evidence = read_evidence(content, AttachmentKind.PHOTO, "t.jpg")
    assert timezone.localtime(evidence.taken_at).replace(tzinfo=None) == taken
    assert abs(evidence.latitude - Decimal("24.354321")) < Decimal("0.00001")
    assert abs(evidence.longitude - Decimal("102.545678")) < Decimal("0.00001")
    assert site_photo(taken_at=taken, seed="t") == site_photo(taken_at=taken, seed="t")
    no_place = read_evidence(site_photo(taken_at=taken, seed="t"), AttachmentKind.PHOTO, "t.jpg")
    assert no_place.latitude is None


@pytest.mark.parametrize("month", [2, 3])
def test_statistics_figures_mostly_close_a_few_diverging(demo, city, periods, month):
    period = periods[month]
    in_statistics = Project.objects.filter(
        in_statistics_date__lte=period.end, pk__in=started_by(period)
    )
    figures = StatisticsFigure.objects.filter(period=period)
    assert set(figures.values_list("project", flat=True)) == set(
        in_statistics.values_list("pk", flat=True)
    )
    assert set(figures.values_list("entered_by__username", flat=True)) == {"city"}
    rows = [row for row in statistics.comparison(period, user=city) if row["figure"]]
    diverging = [row for row in rows if row["diverges"]]
    assert 2 <= len(diverging) <= 4
    assert len(diverging) < len(rows) // 10
    assert any(row["figure"].reason for row in diverging)
    assert any(not row["figure"].reason for row in diverging)
    for row in rows:
        if not row["diverges"]:
            assert not row["figure"].reason


def test_the_owner_opens_april_pre_filled_and_may_report_no_change(demo, march):
    owner = User.objects.get(username="owner")
    april = ReportingPeriod.objects.get(year=2020, last_month=4)
    # Never one ahead of work owed: the owner has a March report returned to put right.
    assert selectors.default_period(owner) == march
    reported = MonthlyReport.objects.filter(period=march, project__owner_unit=owner.owner_unit)
    handed_in = reported.filter(status__in=HANDED_IN)
    assert handed_in.count() >= 2
    for report in handed_in:
        figures = services.prefill(report.project, april)
        assert figures["from_period"] == march
        assert figures["base_ytd"] == report.completed_ytd
    project = handed_in.first().project
    april_report = services.report_no_change(project, april, by=owner)
    assert april_report.status == ReportStatus.SUBMITTED
    assert april_report.completed_period == 0
    # The owner also has a returned report to put right.
    assert reported.filter(status=ReportStatus.RETURNED).exists()


def test_submission_times_are_in_2020_not_the_load_time(demo):
    for report in MonthlyReport.objects.exclude(status=ReportStatus.DRAFT):
        submitted = timezone.localdate(report.submitted_at)
        assert date(2020, 2, 1) <= submitted <= date(2020, 4, 10)
        if report.reviewed_at:
            assert report.reviewed_at > report.submitted_at
            assert timezone.localdate(report.reviewed_at) <= date(2020, 4, 15)
