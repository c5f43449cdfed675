"""One rule says who may do what with a report (``reporting.rules``); the services, the pages
(which buttons and forms they offer) and the API give the same answer. The matrix: every action
on every state for every role, by the rule, through the API and through the pages."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from groundbreak.reporting import rules, services
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport
from groundbreak.reporting.tests.helpers import fill, jpeg

D = Decimal
STATES = ("draft", "submitted", "returned", "approved", "locked")
ROLES = ("owner", "county", "city", "department", "leader", "auditor")
EDITING = {"fill", "submit", "no_change", "attach", "detach"}
# Written out by hand, not computed: what each role may do in each state. The report was filled
# by its owner; the county approved it; the city locked it.
ALLOWED = {
    ("owner", "draft"): EDITING,
    ("owner", "returned"): EDITING,
    ("owner", "submitted"): {"attach", "detach"},
    ("county", "draft"): {"attach", "detach"},  # the owner's figures are the owner's
    ("county", "returned"): {"attach", "detach"},
    ("county", "submitted"): {"attach", "detach", "return", "approve", "correct"},
    ("county", "approved"): {"correct"},  # its own approval
    ("county", "locked"): set(),  # the city's lock holds against the county
    ("city", "draft"): {"attach", "detach"},
    ("city", "returned"): {"attach", "detach"},
    ("city", "submitted"): {"attach", "detach", "return", "approve", "correct"},
    ("city", "approved"): {"lock", "correct"},
    ("city", "locked"): {"correct"},
}
CASES = [pytest.param(role, state, id=f"{role}-{state}") for role in ROLES for state in STATES]
SMALL = {"size": (40, 30)}


class Rollback(Exception):
    pass


@pytest.fixture
def users(owner_user, hongta_user, city_user, dept_user, leader_user, auditor_user):
    return {
        "owner": owner_user,
        "county": hongta_user,
        "city": city_user,
        "department": dept_user,
        "leader": leader_user,
        "auditor": auditor_user,
    }


@pytest.fixture
def report_in(portfolio, periods, users):
    """The project's March report in a state, with one photo; 1-2月 handed in before it, and
    March saying what "无变化" would say (so that "无变化" loses nothing)."""
    project = portfolio["hongta_a"]
    owner, county, city = users["owner"], users["county"], users["city"]

    def make(state):
        earlier = fill(project, periods[2], owner, 500, 500, 500, progress_text="主体施工")
        services.submit_report(earlier, by=owner, version=earlier.version)
        report = fill(project, periods[3], owner, 0, 500, 500, progress_text="主体施工")
        services.attach_evidence(
            report, by=owner, kind="photo", content=jpeg(**SMALL), name="a.jpg"
        )
        if state != "draft":
            report = services.submit_report(report, by=owner, version=report.version)
        if state == "returned":
            report = services.return_report(report, by=county, version=report.version, reason="x")
        if state in ("approved", "locked"):
            report = services.approve_report(report, by=county, version=report.version)
        if state == "locked":
            report = services.lock_report(report, by=city, version=report.version)
        assert report.status == state
        return MonthlyReport.objects.get(pk=report.pk)

    return make


def snapshot(report):
    report = MonthlyReport.objects.get(pk=report.pk)
    return (report.status, report.version, report.completed_period, report.attachments.count(),
            report.history.count())  # fmt: skip


CORRECTION = {"completed_period": "10", "completed_ytd": "510", "completed_total": "510"}


def api_call(client, report, action):
    url = f"/api/reports/{report.pk}/"
    version = {"version": report.version}
    if action == "fill":
        return client.patch(url, {"problems": "新问题", **version}, format="json")
    if action == "no_change":
        body = {"project": report.project_id, "period": report.period_id, **version}
        return client.post("/api/reports/no-change/", body, format="json")
    if action == "attach":
        photo = SimpleUploadedFile("b.jpg", jpeg(**SMALL), content_type="image/jpeg")
        return client.post(f"{url}attachments/", {"kind": "photo", "file": photo})
    if action == "detach":
        return client.delete(f"{url}attachments/{report.attachments.get().pk}/")
    if action == "return":
        return client.post(f"{url}return/", {"reason": "数字有误", **version}, format="json")
    if action == "correct":
        body = {**CORRECTION, "reason": "核实", **version}
        return client.post(f"{url}correct/", body, format="json")
    return client.post(f"{url}{action}/", version, format="json")


def web_call(client, report, action):
    project, period = report.project_id, report.period_id
    version = {"version": report.version}
    if action == "fill":
        data = {"completed_period": "0", "completed_ytd": "500", "completed_total": "500",
                "progress_text": "主体施工", "problems": "新问题", "action": "save", **version}  # fmt: skip
        return client.post(reverse("reporting:fill_report", args=[project, period]), data)
    if action == "no_change":
        return client.post(reverse("reporting:no_change", args=[project, period]), version)
    if action == "attach":
        photo = SimpleUploadedFile("b.jpg", jpeg(**SMALL), content_type="image/jpeg")
        url = reverse("reporting:report_attach", args=[report.pk])
        return client.post(url, {"kind": "photo", "file": photo})
    if action == "detach":
        attachment = report.attachments.get()
        return client.post(reverse("reporting:report_detach", args=[report.pk, attachment.pk]))
    url = reverse("reporting:report_action", args=[report.pk, action])
    if action == "return":
        return client.post(url, {"reason": "数字有误", **version})
    if action == "correct":
        return client.post(url, {**CORRECTION, "reason": "核实", **version})
    return client.post(url, version)


# What shows the action is offered: on the report's page, or (无变化) on the fill list.
OFFERED = {
    "fill": 'id="edit"',
    "submit": 'id="submit"',
    "attach": 'id="attach-form"',
    "detach": 'class="inline detach"',
    "return": 'id="return"',
    "approve": 'id="approve"',
    "lock": 'id="lock"',
    "correct": 'id="correction"',
}


def offered(client, report):
    """The actions the pages offer: buttons and forms on the report's page, "无变化" on the
    fill list."""
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    shown = {action for action, mark in OFFERED.items() if mark in page.content.decode()}
    listing = client.get(reverse("reporting:fill_list"), {"period": report.period_id})
    if 'class="no-change"' in listing.content.decode():
        shown.add("no_change")
    return shown


@pytest.mark.parametrize(("role", "state"), CASES)
def test_every_action_on_every_state_for_every_role(role, state, users, report_in):
    """Each action by the rule, through the API and through the pages, from the same state
    (each request's change is rolled back before the next)."""
    report = report_in(state)
    user = users[role]
    expected = ALLOWED.get((role, state), set())
    before = snapshot(report)
    api = APIClient()
    api.force_authenticate(user)
    web = Client()
    web.force_login(user)
    wrong = []
    assert {a for a in rules.ACTIONS if rules.allowed(user, report, a)} == expected
    assert offered(web, report) == expected
    for action in rules.ACTIONS:
        for channel, call in (("api", api_call), ("web", web_call)):
            try:
                with transaction.atomic():
                    response = call(api if channel == "api" else web, report, action)
                    changed = snapshot(report) != before
                    raise Rollback
            except Rollback:
                pass
            if channel == "api":
                ok = response.status_code in (200, 201, 204)
                if ok != changed or (not ok and response.status_code not in (400, 403)):
                    wrong.append((action, channel, response.status_code, changed))
                    continue
            if changed != (action in expected):
                wrong.append((action, channel, getattr(response, "status_code", None), changed))
    assert wrong == []


def test_the_city_lock_holds_against_the_county_and_names_who_holds_it(report_in, users):
    report = report_in("locked")
    county = APIClient()
    county.force_authenticate(users["county"])
    answer = county.post(
        f"/api/reports/{report.pk}/correct/",
        {"completed_period": "450", "completed_ytd": "950", "completed_total": "950",
         "reason": "核实", "version": report.version},
        format="json", HTTP_ACCEPT_LANGUAGE="zh-hans",
    )  # fmt: skip
    assert answer.status_code == 403
    assert "市发改委已锁定此报表，只有市级可以更正" in answer.content.decode()
    assert MonthlyReport.objects.get(pk=report.pk).completed_period == D(0)
    web = Client()
    web.force_login(users["county"])
    page = web.get(report.get_absolute_url()).content.decode()
    assert 'id="correction"' not in page and "市发改委已锁定此报表" in page


def test_a_county_cannot_correct_what_the_city_approved(report_in, users, periods):
    report = report_in("submitted")
    report = services.approve_report(report, by=users["city"], version=report.version)
    assert rules.refusal(users["county"], report, rules.CORRECT).message.startswith("市发改委")
    assert rules.allowed(users["city"], report, rules.CORRECT)


def test_a_correction_that_changes_nothing_is_refused(report_in, users):
    report = report_in("locked")
    city = APIClient()
    city.force_authenticate(users["city"])
    same = {"completed_period": "0", "completed_ytd": "500.0000", "completed_total": "500"}
    answer = city.post(
        f"/api/reports/{report.pk}/correct/",
        {**same, "reason": "核实", "version": report.version},
        format="json",
    )
    assert answer.status_code == 400
    assert "changes nothing" in answer.content.decode() or "没有改变" in answer.content.decode()
    assert snapshot(report)[1] == report.version
    assert report.history.count() == MonthlyReport.objects.get(pk=report.pk).history.count()


def test_no_change_over_figures_asks_first_saying_what_changes(report_in, users, periods):
    report = report_in("returned")
    owner = users["owner"]
    report = services.save_report(
        report.project, report.period, by=owner, version=report.version,
        completed_period=D(300), completed_ytd=D(800), completed_total=D(800),
    )  # fmt: skip
    web = Client()
    web.force_login(owner)
    listing = web.get(reverse("reporting:fill_list"), {"period": report.period_id})
    assert 'class="no-change"' not in listing.content.decode()  # not one tap: it would lose 300
    url = reverse("reporting:no_change", args=[report.project_id, report.period_id])
    asked = web.get(url)
    assert asked.status_code == 200 and "300 → 0" in asked.content.decode()
    web.post(url, {"version": report.version})
    assert MonthlyReport.objects.get(pk=report.pk).completed_period == D(300)
    web.post(url, {"version": report.version, "confirm": "yes"})
    done = MonthlyReport.objects.get(pk=report.pk)
    assert (done.status, done.completed_period) == (ReportStatus.SUBMITTED, D(0))
