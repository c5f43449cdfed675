"""Many owners and counties hand in reports at the same moment, over real HTTP to a threaded
server on PostgreSQL, each request on its own database connection:

- every project's owner (or county) files its March report and submits it while its January-
  February draft is submitted by a second request at the same time, so that two writes race to
  rewrite the project's year summary;
- several editors change the SAME draft, all from the same version: exactly one wins, the others
  get 409 and nothing of theirs is merged in;
- a filler taps "submit" several times at once: one submission, the others 409;
- two fillers create the same project's report for the same period at once: one report, the
  others refused (never a 500, never a second row).

Without ``select_for_update`` in the services the same-version edits all read version 1 and pass
the check (each later one silently overwrites the earlier: several 200s; tried: 10 to 12 of the
12 were accepted), and the same report created twice at once fails on the unique constraint (a
500); without ``check_version`` every same-version edit is accepted. Locking more than the
report's own row (FOR UPDATE through the default ordering's or select_related's joins onto the
project and period rows) deadlocks with other reports' inserts, whose foreign-key checks take
FOR KEY SHARE on those rows at commit: 500s again. The year summaries are compared with the
reports afterwards (the summary row is locked before the reports are read; without that lock a
lost update needs two writes to interleave within microseconds, so this test rarely sees it), and
every accepted write must have left exactly one history record, every refused one none.
"""

import json
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from groundbreak.accounts.models import OwnerUnit, Role
from groundbreak.projects.choices import Stage
from groundbreak.reporting import services
from groundbreak.reporting.models import MonthlyReport, ProjectYearSummary, ReportingPeriod

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) are only real on PostgreSQL: "
    "set DATABASE_URL=postgres://... to run this test (CI does)",
)

D = Decimal
WORKERS = 16
PROJECTS_PER_COUNTY = 12  # 24 projects: 3 requests each
SAME_DRAFT_EDITS = 12
DOUBLE_TAPS = 3  # submits of the same report at once, for each of 3 reports
SAME_REPORT_CREATES = 3  # creations of the same report at once, for each of 2 projects


class Http:
    """A tiny JSON client over urllib with token authentication; answers (status, body)."""

    def __init__(self, base_url, token):
        self.base_url, self.token = base_url, token

    def __call__(self, method, path, payload=None):
        request = urllib.request.Request(
            self.base_url + path,
            data=None if payload is None else json.dumps(payload).encode(),
            method=method,
            headers={
                "Authorization": f"Token {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text[:500]


def figures(amount, ytd, total, **extra):
    return {"completed_period": str(amount), "completed_ytd": str(ytd),
            "completed_total": str(total), **extra}  # fmt: skip


def test_concurrent_submissions_are_each_stored_once_and_stale_edits_refused(
    transactional_db, live_server, make_project, hongta_user, jiangchuan_user, regions
):
    periods = {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}
    jan_feb, march = periods[2], periods[3]

    # Four owner units with a user each; the counties fill for every third project.
    owners = []
    for n in range(4):
        unit = OwnerUnit.objects.create(name=f"并发测试业主{n}")
        owners.append(_user(f"owner{n}", Role.OWNER, owner_unit=unit))
    second_owner0 = _user("owner0b", Role.OWNER, owner_unit=owners[0].owner_unit)
    county_of = {"530402": hongta_user, "530403": jiangchuan_user}
    tokens = {
        u.pk: Token.objects.create(user=u).key
        for u in [*owners, second_owner0, hongta_user, jiangchuan_user]
    }

    def client(user):
        return Http(live_server.url, tokens[user.pk])

    # --- the plan: every request a worker will send, grouped in tasks -------------------------
    tasks = []  # (kind, key, callable returning a list of (label, status, body))
    filed = []  # (project, filler, January-February draft, March figures)
    for county, county_user in county_of.items():
        for n in range(PROJECTS_PER_COUNTY):
            owner = owners[n % len(owners)]
            project = make_project(county, stage=Stage.NEW_START, owner_unit=owner.owner_unit)
            filler = county_user if n % 3 == 0 else owner
            base = D(100 + n)
            draft = services.save_report(project, jan_feb, by=filler, **_decimals(base, base, base))
            filed.append((project, filler, draft, figures(n + 1, base + n + 1, base + n + 1)))

    def file_march(project, filler, payload):
        def run():
            http = client(filler)
            status, body = http("POST", "/api/reports/", {
                "project": project.pk, "period": "2020-03", **payload})  # fmt: skip
            answers = [("create", status, body)]
            if status == 201:
                answers.append(("submit", *http("POST", f"/api/reports/{body['id']}/submit/",
                                                {"version": body["version"]})))  # fmt: skip
            return answers

        return run

    def submit(user, report, version):
        def run():
            path = f"/api/reports/{report.pk}/submit/"
            return [("submit", *client(user)("POST", path, {"version": version}))]

        return run

    for project, filler, draft, payload in filed:
        tasks.append(("march", project.pk, file_march(project, filler, payload)))
        tasks.append(("jan_feb", project.pk, submit(filler, draft, draft.version)))

    # Several editors change the same draft, all from version 1, released together.
    contested = make_project("530402", owner_unit=owners[0].owner_unit)
    draft = services.save_report(contested, jan_feb, by=owners[0], **_decimals(10, 10, 10))
    barrier = threading.Barrier(SAME_DRAFT_EDITS, timeout=60)
    edits = {}
    for n in range(SAME_DRAFT_EDITS):
        editor = owners[0] if n % 2 else second_owner0
        edits[n] = figures(20 + n, 20 + n, 20 + n, problems=f"编辑{n}", version=1)

        def edit(editor=editor, payload=edits[n]):
            http = client(editor)
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
            return [("edit", *http("PATCH", f"/api/reports/{draft.pk}/", payload))]

        tasks.insert(0, ("edit", n, edit))

    # A filler taps "submit" several times at once.
    tapped = []
    for _n in range(3):
        project = make_project("530403", owner_unit=owners[1].owner_unit)
        report = services.save_report(project, jan_feb, by=owners[1], **_decimals(5, 5, 5))
        tapped.append(report)
        for _tap in range(DOUBLE_TAPS):
            tasks.append(("tap", report.pk, submit(owners[1], report, report.version)))

    # Two fillers (the owner and its county) create the same report at once.
    raced = []
    for _n in range(2):
        project = make_project("530402", owner_unit=owners[2].owner_unit)
        raced.append(project)
        for attempt in range(SAME_REPORT_CREATES):
            user = owners[2] if attempt % 2 == 0 else hongta_user

            def create(user=user, project=project):
                payload = {"project": project.pk, "period": jan_feb.pk, **figures(7, 7, 7)}
                return [("race", *client(user)("POST", "/api/reports/", payload))]

            tasks.append(("race", project.pk, create))

    # Write counts before: every accepted write must add exactly one history record.
    history_before = _history_counts()

    # --- go ----------------------------------------------------------------------------------
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [(kind, key, pool.submit(run)) for kind, key, run in tasks]
        results = [(kind, key, future.result(timeout=300)) for kind, key, future in futures]
    elapsed = time.monotonic() - started

    answers = [(kind, key, label, status, body) for kind, key, rows in results
               for label, status, body in rows]  # fmt: skip
    statuses = Counter(status for *_ignored, status, _body in answers)
    accepted = sum(n for status, n in statuses.items() if 200 <= status < 300)
    print(
        f"\nconcurrent reporting on PostgreSQL: {len(answers)} requests by {WORKERS} workers, "
        f"{accepted} accepted, {len(answers) - accepted} refused {dict(sorted(statuses.items()))}, "
        f"{elapsed:.1f} s"
    )
    assert len(answers) >= 50
    server_errors = [a for a in answers if a[3] >= 500]
    assert not server_errors, server_errors

    # Every project's March report was created once and submitted; January-February too.
    by_project = defaultdict(list)
    for kind, key, label, status, body in answers:
        by_project[(kind, key)].append((label, status, body))
    for project, _filler, draft_report, payload in filed:
        march_answers = by_project[("march", project.pk)]
        assert [(label, status) for label, status, _b in march_answers] == [
            ("create", 201),
            ("submit", 200),
        ], march_answers
        assert by_project[("jan_feb", project.pk)][0][1] == 200, by_project[("jan_feb", project.pk)]
        stored = MonthlyReport.objects.get(project=project, period=march)
        assert stored.pk == march_answers[0][2]["id"]
        assert stored.completed_ytd == D(payload["completed_ytd"])
        assert stored.status == "submitted"
        draft_report.refresh_from_db()
        assert draft_report.status == "submitted"
    created = sum(1 for a in answers if a[2] == "create" and a[3] == 201)
    assert MonthlyReport.objects.filter(period=march).count() == created == len(filed)

    # Same-version edits of one draft: one winner, the rest 409, the winner's figures alone.
    edit_answers = [(key, status) for kind, key, label, status, _b in answers if kind == "edit"]
    winners = [key for key, status in edit_answers if status == 200]
    assert len(winners) == 1, edit_answers
    assert sorted(status for _k, status in edit_answers) == [200] + [409] * (SAME_DRAFT_EDITS - 1)
    draft.refresh_from_db()
    won = edits[winners[0]]
    assert (draft.version, draft.problems, draft.completed_ytd) == (
        2,
        won["problems"],
        D(won["completed_ytd"]),
    )

    # Submit tapped several times at once: one submission each.
    for report in tapped:
        taps = sorted(a[3] for a in answers if a[0] == "tap" and a[1] == report.pk)
        assert taps == [200] + [409] * (DOUBLE_TAPS - 1), taps
        report.refresh_from_db()
        assert (report.status, report.version) == ("submitted", 2)

    # The same report created at once by two fillers: one row, the others refused.
    for project in raced:
        tries = sorted(a[3] for a in answers if a[0] == "race" and a[1] == project.pk)
        assert tries[0] == 201 and all(s in (400, 403, 409) for s in tries[1:]), tries
        assert MonthlyReport.objects.filter(project=project, period=jan_feb).count() == 1

    # Every accepted write left exactly one history record; refused ones none.
    accepted_by_report = Counter()
    for *_where, status, body in answers:
        if 200 <= status < 300:
            accepted_by_report[body["id"]] += 1
    history_after = _history_counts()
    for report_pk, count in history_after.items():
        assert count - history_before.get(report_pk, 0) == accepted_by_report[report_pk], (
            report_pk,
            count,
            history_before.get(report_pk, 0),
        )

    # Each year summary equals its project's latest report.
    summaries = ProjectYearSummary.objects.filter(year=2020).select_related("project")
    assert summaries.count() == len({r.project_id for r in MonthlyReport.objects.all()})
    for summary in summaries:
        latest = (
            MonthlyReport.objects.filter(project=summary.project, period__year=2020)
            .order_by("-period__last_month")
            .first()
        )
        assert (summary.completed_ytd, summary.last_period_id) == (
            latest.completed_ytd,
            latest.period_id,
        ), summary.project


def _user(username, role, **anchors):
    from groundbreak.accounts.models import User

    user = User(username=username, role=role, first_name=username, **anchors)
    user.set_unusable_password()
    user.save()
    return user


def _decimals(amount, ytd, total):
    return {"completed_period": D(amount), "completed_ytd": D(ytd), "completed_total": D(total)}


def _history_counts():
    counts = Counter(MonthlyReport.history.model.objects.values_list("id", flat=True).order_by())
    return dict(counts)
