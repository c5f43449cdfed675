"""The reporting REST API: the same scope, services and refusals as the pages. Every action and
its refusal codes (400 naming the field, 403 for read-only roles, 404 outside the scope, 409 for
a stale version), and a county that never reaches another county's reports by any endpoint."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from groundbreak.accounts.models import Role
from groundbreak.projects.choices import Stage
from groundbreak.reporting import services, statistics
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import (
    MonthlyReport,
    ProjectYearSummary,
    ReportAttachment,
    ReportingPeriod,
    StatisticsFigure,
)
from groundbreak.reporting.services import FIGURES
from groundbreak.reporting.tests.helpers import fill, jpeg

D = Decimal
REPORTS = "/api/reports/"
FIGURES_URL = "/api/statistics-figures/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def other_county_project(make_project, other_owner):
    return make_project("530403", stage=Stage.NEW_START, owner_unit=other_owner)


def submitted(project, period, by, amount, ytd, total):
    report = fill(project, period, by, amount, ytd, total)
    return services.submit_report(report, by=by, version=report.version)


def body(project, period, amount, ytd, total, **extra):
    return {
        "project": project.pk,
        "period": period if isinstance(period, str | int) else period.pk,
        "completed_period": str(amount),
        "completed_ytd": str(ytd),
        "completed_total": str(total),
        **extra,
    }


def upload(content, name="site.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- filling in ------------------------------------------------------------------------------


def test_owner_creates_a_draft_with_exact_amounts_as_strings(project, periods, owner_user):
    response = api(owner_user).post(
        REPORTS,
        body(project, "2020-02", "1,234.5678", "1234.5678", "0.25亿", progress_text="主体封顶"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["completed_period"], data["completed_ytd"], data["completed_total"]) == (
        "1234.5678",
        "1234.5678",
        "2500.0000",
    )
    assert (data["status"], data["version"], data["filled_by"], data["is_late"]) == (
        ReportStatus.DRAFT,
        1,
        "owner",
        False,
    )
    assert (data["period"], data["project"], data["region"]) == (
        periods[2].pk,
        project.pk,
        "530402",
    )
    assert data["needs_evidence"] is True and data["evidence_error"]  # > 1000万 in one period
    assert data["reviewed_by"] is None and data["attachments"] == []
    report = MonthlyReport.objects.get(pk=data["id"])
    assert report.completed_period == D("1234.5678")
    assert report.history.first().history_user == owner_user
    summary = ProjectYearSummary.objects.get(project=project, year=2020)
    assert summary.completed_ytd == D("1234.5678")


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"completed_ytd": "299.99"}, "completed_ytd"),  # 1-2月: this year's = the period's
        ({"completed_period": "-1", "completed_ytd": "-1"}, "completed_period"),
        ({"completed_period": "一些钱"}, "completed_period"),
        ({"completed_total": None}, "completed_total"),
        ({"period": "2020-13"}, "period"),
        ({"period": 999999}, "period"),
        ({"completed_ytd": "3000.0001", "completed_period": "3000.0001",
          "completed_total": "3000.0001"}, "over_plan_reason"),
        ({"workers_on_site": -3}, "workers_on_site"),
        ({"work_resumed": True, "resumed_on": "2020-03-05"}, "resumed_on"),
    ],
)  # fmt: skip
def test_create_refusals_are_400_naming_the_field(project, periods, owner_user, payload, field):
    response = api(owner_user).post(
        REPORTS, {**body(project, periods[2], 300, 300, 300), **payload}, format="json"
    )
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not MonthlyReport.objects.exists()


def test_create_without_the_amounts_is_400_not_a_crash(project, periods, owner_user):
    response = api(owner_user).post(
        REPORTS, {"project": project.pk, "period": periods[2].pk}, format="json"
    )
    assert response.status_code == 400
    assert {"completed_period", "completed_ytd", "completed_total"} <= set(response.json())


def test_a_project_not_started_by_the_period_is_refused(make_project, periods, city_user):
    late = make_project("530402", actual_start=date(2020, 3, 13))
    response = api(city_user).post(REPORTS, body(late, periods[2], 1, 1, 1), format="json")
    assert response.status_code == 400 and "project" in response.json()
    assert api(city_user).post(REPORTS, body(late, "2020-03", 1, 1, 1)).status_code == 201


@pytest.mark.parametrize("role", ["dept_user", "leader_user", "auditor_user"])
def test_read_only_roles_get_403_on_create_and_write_nothing(
    request, make_project, periods, department, leader_person, role
):
    project = make_project(department_in_charge=department, leader_in_charge=leader_person)
    user = request.getfixturevalue(role)
    assert api(user).get(REPORTS).status_code == 200  # they may read
    response = api(user).post(REPORTS, body(project, periods[2], 1, 1, 1), format="json")
    assert response.status_code == 403
    assert not MonthlyReport.objects.exists()


def test_another_countys_project_is_refused_as_unknown(other_county_project, periods, hongta_user):
    response = api(hongta_user).post(
        REPORTS, body(other_county_project, periods[2], 1, 1, 1), format="json"
    )
    unknown = api(hongta_user).post(
        REPORTS, {**body(other_county_project, periods[2], 1, 1, 1), "project": 10**9}
    )
    assert response.status_code == 400 and "project" in response.json()
    # Nothing tells it apart from a project that does not exist.
    missing = unknown.json()["project"][0].replace(str(10**9), str(other_county_project.pk))
    assert response.json()["project"] == [missing]
    assert not MonthlyReport.objects.exists()


def test_update_needs_the_version_and_a_stale_one_is_409_not_merged(project, periods, owner_user):
    report = fill(project, periods[2], owner_user, 300, 300, 300)
    client = api(owner_user)
    url = f"{REPORTS}{report.pk}/"
    change = {"completed_period": "320", "completed_ytd": "320", "completed_total": "320"}
    missing = client.patch(url, change, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    ok = client.patch(url, {**change, "version": 1, "problems": "征地"}, format="json")
    assert ok.status_code == 200, ok.json()
    assert (ok.json()["completed_ytd"], ok.json()["version"]) == ("320.0000", 2)
    stale = client.patch(url, {"progress_text": "旧页面", "version": 1}, format="json")
    assert stale.status_code == 409 and "version" in stale.json()
    report.refresh_from_db()
    assert (report.version, report.completed_ytd, report.progress_text, report.problems) == (
        2,
        D(320),
        "",
        "征地",
    )
    moved = client.patch(url, {"period": periods[3].pk, "version": 2}, format="json")
    assert moved.status_code == 400 and "period" in moved.json()


def test_post_for_an_existing_report_needs_its_version(project, periods, owner_user):
    fill(project, periods[2], owner_user, 300, 300, 300)
    client = api(owner_user)
    again = client.post(REPORTS, body(project, periods[2], 310, 310, 310), format="json")
    assert again.status_code == 400 and "version" in again.json()
    changed = client.post(
        REPORTS, body(project, periods[2], 310, 310, 310, version=1), format="json"
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert MonthlyReport.objects.get().completed_ytd == D(310)


# --- the workflow ----------------------------------------------------------------------------


def test_workflow_submit_return_resubmit_approve_lock_and_correct(
    project, periods, owner_user, hongta_user, city_user
):
    owner, county, city = api(owner_user), api(hongta_user), api(city_user)
    report = fill(project, periods[2], owner_user, 300, 300, 300)
    url = f"{REPORTS}{report.pk}/"

    assert owner.post(f"{url}submit/", {}, format="json").json().keys() == {"version"}
    submitted_ = owner.post(f"{url}submit/", {"version": 1}, format="json")
    assert submitted_.status_code == 200
    assert (submitted_.json()["status"], submitted_.json()["version"]) == ("submitted", 2)
    assert submitted_.json()["is_late"] is True  # handed in long after 25 Feb 2020
    assert owner.post(f"{url}submit/", {"version": 1}, format="json").status_code == 409
    refused_edit = owner.patch(url, {"problems": "x", "version": 2}, format="json")
    assert refused_edit.status_code == 400 and "non_field_errors" in refused_edit.json()

    assert owner.post(f"{url}approve/", {"version": 2}, format="json").status_code == 403
    assert owner.post(f"{url}return/", {"version": 2, "reason": "x"}).status_code == 403
    no_reason = county.post(f"{url}return/", {"version": 2, "reason": "  "}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    returned = county.post(f"{url}return/", {"version": 2, "reason": "与形象进度不符"})
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["review_note"]) == (
        "returned",
        "与形象进度不符",
    )
    assert returned.json()["reviewed_by"] == "hongta"

    edited = owner.patch(
        url,
        {"completed_period": "250", "completed_ytd": "250", "completed_total": "250", "version": 3},
        format="json",
    )
    assert edited.status_code == 200 and edited.json()["status"] == "returned"
    assert owner.post(f"{url}submit/", {"version": 4}).json()["status"] == "submitted"
    assert county.post(f"{url}approve/", {"version": 4}).status_code == 409
    approved = county.post(f"{url}approve/", {"version": 5})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert county.post(f"{url}lock/", {"version": 6}).status_code == 403  # city staff only
    assert county.post(f"{url}approve/", {"version": 6}).status_code == 400  # not submitted
    locked = city.post(f"{url}lock/", {"version": 6})
    assert locked.status_code == 200 and locked.json()["status"] == "locked"

    assert owner.patch(url, {"problems": "x", "version": 7}).status_code == 403  # the city's lock
    fixes = {"completed_period": "240", "completed_ytd": "240", "completed_total": "240"}
    assert (
        owner.post(f"{url}correct/", {**fixes, "version": 7, "reason": "口径"}).status_code == 403
    )
    # The city's lock holds against the county: only the city corrects a locked report.
    by_county = county.post(f"{url}correct/", {**fixes, "version": 7, "reason": "口径"})
    assert by_county.status_code == 403, by_county.json()
    no_reason = city.post(f"{url}correct/", {**fixes, "version": 7}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    wrong = city.post(
        f"{url}correct/", {"completed_ytd": "241", "version": 7, "reason": "口径"}, format="json"
    )
    assert wrong.status_code == 400 and "completed_ytd" in wrong.json()
    corrected = city.post(f"{url}correct/", {**fixes, "version": 7, "reason": "财务支出口径"})
    assert corrected.status_code == 200, corrected.json()
    assert (corrected.json()["completed_ytd"], corrected.json()["status"]) == ("240.0000", "locked")
    assert corrected.json()["filled_by"] == "owner"  # still the owner's report
    assert city.post(f"{url}correct/", {**fixes, "version": 7, "reason": "r"}).status_code == 409
    assert ProjectYearSummary.objects.get(project=project).completed_ytd == D(240)

    history = owner.get(f"{url}history/")
    assert history.status_code == 200
    entries = history.json()
    assert [e["who"] for e in entries] == [
        "city", "city", "hongta", "owner", "owner", "hongta", "owner", "owner",
    ]  # fmt: skip
    assert "财务支出口径" in entries[0]["reason"]
    assert {("240", "250")} <= {(c["new"], c["old"]) for c in entries[0]["changes"]}


def test_a_draft_cannot_be_corrected_nor_returned(project, periods, owner_user, hongta_user):
    report = fill(project, periods[2], owner_user, 300, 300, 300)
    county = api(hongta_user)
    url = f"{REPORTS}{report.pk}/"
    assert county.post(f"{url}return/", {"version": 1, "reason": "x"}).status_code == 400
    assert county.post(f"{url}approve/", {"version": 1}).status_code == 400
    corrected = county.post(f"{url}correct/", {"version": 1, "reason": "x", "problems": "y"})
    assert corrected.status_code == 400
    assert MonthlyReport.objects.get().version == 1


def test_evidence_upload_with_flags_and_urls_then_submit(project, periods, owner_user, hongta_user):
    report = fill(project, periods[3], owner_user, 1500, 1500, 1500)  # > 1000万: needs evidence
    owner = api(owner_user)
    url = f"{REPORTS}{report.pk}/"
    refused = owner.post(f"{url}submit/", {"version": 1})
    assert refused.status_code == 400 and "attachments" in refused.json()

    not_a_photo = owner.post(
        f"{url}attachments/", {"kind": "photo", "file": upload(b"%PDF-1.4\n", "v.pdf")}
    )
    assert not_a_photo.status_code == 400
    bad_kind = owner.post(f"{url}attachments/", {"kind": "selfie", "file": upload(jpeg())})
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()
    assert api(hongta_user).get(f"{url}attachments/").json() == []

    added = owner.post(
        f"{url}attachments/",
        {"kind": "photo", "file": upload(jpeg(taken="2019:11:02 09:30:00"))},
        format="multipart",
    )
    assert added.status_code == 201, added.json()
    photo = added.json()
    assert (photo["kind"], photo["content_type"], photo["uploaded_by"]) == (
        "photo",
        "image/jpeg",
        "owner",
    )
    assert len(photo["flags"]) == 1 and "2019-11-02" in photo["flags"][0]  # outside 2020年3月
    assert photo["file_url"].endswith(f"/api/evidence/{photo['id']}/file/")
    assert photo["thumbnail_url"].endswith(f"/api/evidence/{photo['id']}/thumbnail/")

    listed = api(hongta_user).get(f"{url}attachments/").json()
    assert [a["id"] for a in listed] == [photo["id"]] and listed[0]["flags"] == photo["flags"]
    detail = owner.get(url).json()
    assert detail["evidence_error"] is None and detail["attachments"][0]["id"] == photo["id"]

    page = Client()
    page.force_login(hongta_user)
    served = page.get(photo["file_url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"

    assert owner.post(f"{url}submit/", {"version": 1}).json()["status"] == "submitted"
    assert api(hongta_user).post(f"{url}approve/", {"version": 2}).status_code == 200
    late = owner.post(f"{url}attachments/", {"kind": "photo", "file": upload(jpeg())})
    # the county's approval holds the report: refused with who holds it
    assert late.status_code == 403 and ReportAttachment.objects.count() == 1


def test_read_only_roles_get_403_on_every_action(
    make_project, periods, department, leader_person, dept_user, leader_user, auditor_user,
    owner_user, hongta_user,
):  # fmt: skip
    project = make_project(department_in_charge=department, leader_in_charge=leader_person)
    draft = fill(project, periods[2], owner_user, 300, 300, 300)
    handed_in = submitted(project, periods[3], owner_user, 10, 310, 310)
    for user in (dept_user, leader_user, auditor_user):
        client = api(user)
        assert client.get(f"{REPORTS}{draft.pk}/").status_code == 200
        assert client.get(f"{REPORTS}{draft.pk}/history/").status_code == 200
        assert client.get(f"{REPORTS}{draft.pk}/attachments/").status_code == 200
        d, s = f"{REPORTS}{draft.pk}/", f"{REPORTS}{handed_in.pk}/"
        answers = [
            client.patch(d, {"problems": "x", "version": 1}, format="json"),
            client.post(f"{d}submit/", {"version": 1}),
            client.post(f"{d}attachments/", {"kind": "photo", "file": upload(jpeg())}),
            client.post(f"{s}return/", {"version": 2, "reason": "x"}),
            client.post(f"{s}approve/", {"version": 2}),
            client.post(f"{s}lock/", {"version": 2}),
            client.post(f"{s}correct/", {"version": 2, "reason": "x", "problems": "y"}),
            client.post(f"{REPORTS}no-change/", {"project": project.pk, "period": "2020-04"}),
        ]
        assert [a.status_code for a in answers] == [403] * len(answers), user.role
    assert [r.version for r in MonthlyReport.objects.order_by("pk")] == [1, 2]
    assert not ReportAttachment.objects.exists()


def test_no_change_carries_the_last_report_forward_and_submits(
    project, periods, owner_user, hongta_user
):
    client = api(owner_user)
    first = client.post(
        f"{REPORTS}no-change/", {"project": project.pk, "period": "2020-02"}, format="json"
    )
    assert first.status_code == 400 and "non_field_errors" in first.json()
    report = fill(project, periods[2], owner_user, 300, 300, 800, progress_text="基础施工", workers_on_site=45)  # fmt: skip
    services.submit_report(report, by=owner_user, version=report.version)
    answer = client.post(
        f"{REPORTS}no-change/", {"project": project.pk, "period": "2020-03"}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    data = answer.json()
    assert (data["status"], data["completed_period"], data["completed_ytd"]) == (
        "submitted",
        "0.0000",
        "300.0000",
    )
    assert (data["completed_total"], data["progress_text"], data["workers_on_site"]) == (
        "800.0000",
        "基础施工",
        45,
    )
    assert data["period"] == periods[3].pk and data["filled_by"] == "owner"
    again = client.post(f"{REPORTS}no-change/", {"project": project.pk, "period": periods[3].pk})
    assert again.status_code == 400  # handed in: it changes only by a correction
    stale = {"project": project.pk, "period": periods[3].pk, "version": 1}
    assert client.post(f"{REPORTS}no-change/", stale).status_code == 409
    missing = client.post(f"{REPORTS}no-change/", {"period": "2020-04"})
    assert missing.status_code == 400 and "project" in missing.json()


def test_prefill_gives_the_figures_a_new_report_opens_with(
    project, periods, owner_user, other_county_project, hongta_user
):
    client = api(owner_user)
    empty = client.get(f"{REPORTS}prefill/", {"project": project.pk, "period": "2020-03"})
    assert empty.status_code == 200 and empty.json() == {}
    fill(project, periods[2], owner_user, 300, 300, 800, progress_text="基础施工", problems="征地")
    answer = client.get(f"{REPORTS}prefill/", {"project": project.pk, "period": "2020-03"})
    assert answer.status_code == 200
    assert answer.json() == {
        "progress_text": "基础施工",
        "workers_on_site": None,
        "problems": "征地",
        "completed_period": None,
        "completed_ytd": "300.0000",
        "completed_total": "800.0000",
        "base_ytd": "300.0000",
        "base_total": "800.0000",
        "from_period": {
            "id": periods[2].pk,
            "label": "2020年1-2月",
            "year": 2020,
            "first_month": 1,
            "last_month": 2,
            "start": "2020-01-01",
            "end": "2020-02-29",
            "deadline": "2020-02-25",
        },
    }
    bad = client.get(f"{REPORTS}prefill/", {"project": project.pk, "period": "March"})
    assert bad.status_code == 400 and "period" in bad.json()
    fill(other_county_project, periods[2], None, 1, 1, 1)
    hidden = api(hongta_user).get(
        f"{REPORTS}prefill/", {"project": other_county_project.pk, "period": "2020-03"}
    )
    assert hidden.status_code == 400 and "project" in hidden.json()


# --- reading and filtering --------------------------------------------------------------------


def test_filters_period_project_region_status_and_late(
    project, make_project, periods, owner_user, city_user, regions
):
    other = make_project("530402")
    far = make_project("530403")
    a = submitted(project, periods[2], owner_user, 300, 300, 300)
    b = fill(project, periods[3], owner_user, 100, 400, 400)
    c = fill(other, periods[2], owner_user, 50, 50, 50)
    d = submitted(far, periods[2], city_user, 70, 70, 70)
    MonthlyReport.objects.filter(pk=a.pk).update(
        submitted_at=timezone.make_aware(datetime(2020, 2, 20, 18, 0))
    )  # on time; d is late
    client = api(city_user)
    assert ids(client.get(REPORTS)) == {a.pk, b.pk, c.pk, d.pk}
    assert ids(client.get(REPORTS, {"period": "2020-02"})) == {a.pk, c.pk, d.pk}
    assert ids(client.get(REPORTS, {"period": "2020-1"})) == {a.pk, c.pk, d.pk}
    assert ids(client.get(REPORTS, {"period": periods[3].pk})) == {b.pk}
    assert client.get(REPORTS, {"period": "2020-13"}).status_code == 400
    assert ids(client.get(REPORTS, {"project": project.pk})) == {a.pk, b.pk}
    assert ids(client.get(REPORTS, {"region": regions["530402"].pk})) == {a.pk, b.pk, c.pk}
    city = regions["530402"].parent
    assert ids(client.get(REPORTS, {"region": city.pk})) == {a.pk, b.pk, c.pk, d.pk}
    assert ids(client.get(REPORTS, {"status": "draft"})) == {b.pk, c.pk}
    assert ids(client.get(REPORTS, {"status": ["draft", "submitted"]})) == {a.pk, b.pk, c.pk, d.pk}
    assert ids(client.get(REPORTS, {"late": "yes"})) == {d.pk}
    assert ids(client.get(REPORTS, {"late": "no"})) == {a.pk, b.pk, c.pk}
    rows = {row["id"]: row for row in client.get(REPORTS).json()["results"]}
    assert (rows[a.pk]["is_late"], rows[d.pk]["is_late"]) == (False, True)


def test_owner_sees_only_its_own_projects_reports(
    project, other_county_project, make_project, other_owner, periods, owner_user, city_user
):
    neighbour = make_project("530402", owner_unit=other_owner)  # same county, another owner
    mine = fill(project, periods[2], owner_user, 1, 1, 1)
    theirs = [fill(p, periods[2], city_user, 1, 1, 1) for p in (neighbour, other_county_project)]
    client = api(owner_user)
    assert ids(client.get(REPORTS)) == {mine.pk}
    for report in theirs:
        assert client.get(f"{REPORTS}{report.pk}/").status_code == 404
        patch = client.patch(f"{REPORTS}{report.pk}/", {"problems": "x", "version": 1})
        assert patch.status_code == 404
    created = client.post(REPORTS, body(neighbour, periods[3], 1, 2, 2), format="json")
    assert created.status_code == 400 and "project" in created.json()
    assert [r.version for r in theirs] == [
        r.version for r in MonthlyReport.objects.filter(pk__in=[t.pk for t in theirs])
    ]


def test_a_county_never_reaches_another_countys_reports_by_any_endpoint(
    project, other_county_project, periods, owner_user, hongta_user, jiangchuan_user, city_user
):
    draft = fill(project, periods[2], owner_user, 300, 300, 300)
    handed_in = submitted(project, periods[3], owner_user, 10, 310, 310)
    services.attach_evidence(draft, by=owner_user, kind="photo", content=jpeg(), name="a.jpg")
    figure = statistics.record_statistics_figure(
        project, periods[2], by=city_user, completed_ytd=D(500)
    )
    own = fill(other_county_project, periods[2], jiangchuan_user, 5, 5, 5)
    before = {r.pk: (r.version, r.status) for r in MonthlyReport.objects.all()}
    history_rows = sum(r.history.count() for r in MonthlyReport.objects.all())

    client = api(jiangchuan_user)
    assert ids(client.get(REPORTS)) == {own.pk}
    # Another county's project id reads as an unknown one: the same 400, nothing revealed.
    hidden = client.get(REPORTS, {"project": project.pk})
    unknown = client.get(REPORTS, {"project": 999999})
    assert hidden.status_code == unknown.status_code == 400
    assert hidden.json() == unknown.json()
    assert ids(client.get(FIGURES_URL)) == set()
    d, s = f"{REPORTS}{draft.pk}/", f"{REPORTS}{handed_in.pk}/"
    attachment = ReportAttachment.objects.get()
    not_found = [
        client.get(d),
        client.get(f"{d}history/"),
        client.get(f"{d}attachments/"),
        client.patch(d, {"problems": "x", "version": 1}, format="json"),
        client.put(d, body(project, periods[2], 1, 1, 1, version=1), format="json"),
        client.post(f"{d}submit/", {"version": 1}),
        client.post(f"{d}attachments/", {"kind": "photo", "file": upload(jpeg())}),
        client.post(f"{s}return/", {"version": 2, "reason": "x"}),
        client.post(f"{s}approve/", {"version": 2}),
        client.post(f"{s}lock/", {"version": 2}),
        client.post(f"{s}correct/", {"version": 2, "reason": "x", "problems": "y"}),
        client.get(f"{FIGURES_URL}{figure.pk}/"),
        client.patch(f"{FIGURES_URL}{figure.pk}/", {"completed_ytd": "1", "version": 1}),
        client.post(f"{FIGURES_URL}{figure.pk}/explain/", {"version": 1, "reason": "scope"}),
    ]
    assert [r.status_code for r in not_found] == [404] * len(not_found)
    unknown = [
        client.post(REPORTS, body(project, periods[4], 1, 311, 311), format="json"),
        client.post(f"{REPORTS}no-change/", {"project": project.pk, "period": "2020-04"}),
        client.get(f"{REPORTS}prefill/", {"project": project.pk, "period": "2020-04"}),
        client.post(FIGURES_URL, {"project": project.pk, "period": "2020-03", "completed_ytd": 1}),
    ]
    assert [r.status_code for r in unknown] == [400] * len(unknown)
    assert all("project" in r.json() for r in unknown)
    page = Client()
    page.force_login(jiangchuan_user)
    assert page.get(f"/evidence/{attachment.pk}/").status_code == 404

    assert {r.pk: (r.version, r.status) for r in MonthlyReport.objects.all()} == before
    assert sum(r.history.count() for r in MonthlyReport.objects.all()) == history_rows
    assert ReportAttachment.objects.count() == 1 and StatisticsFigure.objects.count() == 1
    assert StatisticsFigure.objects.get().version == 1
    assert api(hongta_user).get(d).status_code == 200  # the report is there for its county


# --- the statistics bureau's figures ----------------------------------------------------------


def test_statistics_figures_enter_change_explain_and_filter(
    project, make_project, periods, owner_user, hongta_user, city_user, regions
):
    close = make_project("530402")
    submitted(project, periods[2], owner_user, 300, 300, 300)
    submitted(close, periods[2], owner_user, 100, 100, 100)
    county = api(hongta_user)
    entered = county.post(
        FIGURES_URL,
        {"project": project.pk, "period": "2020-02", "completed_ytd": "200"},
        format="json",
    )
    assert entered.status_code == 201, entered.json()
    figure = entered.json()
    assert (figure["completed_ytd"], figure["owner_ytd"], figure["difference"]) == (
        "200.0000",
        "300.0000",
        "100.0000",
    )
    assert (figure["diverges"], figure["version"], figure["entered_by"]) == (True, 1, "hongta")
    near = county.post(
        FIGURES_URL, {"project": close.pk, "period": periods[2].pk, "completed_ytd": "95"}
    )
    assert near.status_code == 201 and near.json()["diverges"] is False  # within 10%

    assert ids(county.get(FIGURES_URL, {"diverging": "yes"})) == {figure["id"]}
    assert ids(county.get(FIGURES_URL, {"diverging": "no"})) == {near.json()["id"]}
    assert ids(county.get(FIGURES_URL, {"period": "2020-03"})) == set()
    assert ids(county.get(FIGURES_URL, {"project": close.pk})) == {near.json()["id"]}
    both = {figure["id"], near.json()["id"]}
    assert ids(api(city_user).get(FIGURES_URL, {"region": regions["530402"].pk})) == both
    assert ids(api(city_user).get(FIGURES_URL, {"region": regions["530403"].pk})) == set()
    assert ids(api(city_user).get(FIGURES_URL, {"region": regions["530402"].parent_id})) == both

    url = f"{FIGURES_URL}{figure['id']}/"
    assert county.post(FIGURES_URL, {"project": project.pk, "period": "2020-02",
                                     "completed_ytd": "1"}).status_code == 400  # fmt: skip
    changed = county.patch(url, {"completed_ytd": "290", "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert changed.json()["diverges"] is False
    stale = county.post(
        FIGURES_URL,
        {"project": project.pk, "period": "2020-02", "completed_ytd": "1", "version": 1},
    )
    assert stale.status_code == 409
    assert StatisticsFigure.objects.get(pk=figure["id"]).completed_ytd == D(290)

    assert (
        api(owner_user).post(f"{url}explain/", {"version": 2, "reason": "scope"}).status_code == 403
    )
    assert api(owner_user).patch(url, {"completed_ytd": "1", "version": 2}).status_code == 403
    bad = county.post(f"{url}explain/", {"version": 2, "reason": "weather"})
    assert bad.status_code == 400 and "reason" in bad.json()
    other = county.post(f"{url}explain/", {"version": 2, "reason": "other"})
    assert other.status_code == 400 and "reason_text" in other.json()
    explained = county.post(
        f"{url}explain/", {"version": 2, "reason": "payment_lag", "reason_text": "尚未支付"}
    )
    assert explained.status_code == 200
    assert (explained.json()["reason"], explained.json()["reason_text"]) == (
        "payment_lag",
        "尚未支付",
    )
    assert county.post(f"{url}explain/", {"version": 2, "reason": "scope"}).status_code == 409


def test_owner_cannot_enter_statistics(project, periods, owner_user):
    response = api(owner_user).post(
        FIGURES_URL, {"project": project.pk, "period": "2020-02", "completed_ytd": "1"}
    )
    assert response.status_code == 403 and not StatisticsFigure.objects.exists()


def test_reporting_periods_are_listed_read_only(periods, owner_user):
    ReportingPeriod.periods_for_year(2021)
    client = api(owner_user)
    rows = client.get("/api/reporting-periods/", {"year": 2020}).json()
    assert [r["label"] for r in rows][:3] == ["2020年1-2月", "2020年3月", "2020年4月"]
    assert len(rows) == 11 and rows[0]["deadline"] == "2020-02-25"
    assert len(client.get("/api/reporting-periods/").json()) == 22
    assert client.post("/api/reporting-periods/", {"year": 2022}).status_code == 405


def test_every_figure_of_the_report_is_in_the_answer(project, periods, owner_user):
    report = fill(project, periods[2], owner_user, 300, 300, 300)
    data = api(owner_user).get(f"{REPORTS}{report.pk}/").json()
    assert set(FIGURES) <= set(data)


def test_anonymous_is_refused(db):
    assert APIClient().get(REPORTS).status_code in (401, 403)


def test_schema_still_generates(city_user):
    assert city_user.role == Role.CITY
    response = api(city_user).get("/api/schema/")
    assert response.status_code == 200
    for path in (b"/api/reports/{id}/submit/", b"/api/reports/prefill/",
                 b"/api/statistics-figures/{id}/explain/", b"/api/reporting-periods/"):  # fmt: skip
        assert path in response.content
