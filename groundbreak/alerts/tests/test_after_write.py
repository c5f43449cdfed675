"""After a write that changes what the rules read, the project's warnings follow in the same
transaction; with evaluation off they do not."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from groundbreak.alerts.engine import evaluate
from groundbreak.alerts.models import EvaluationRun, Warning
from groundbreak.projects import services as projects
from groundbreak.projects.choices import Stage, WorkStatusKind
from groundbreak.projects.models import Project
from groundbreak.reporting import services as reporting

pytestmark = pytest.mark.django_db


@pytest.fixture
def pinned():
    """Evaluate at 1 April 2020, as the demo does."""
    EvaluationRun.objects.create(on_date=date(2020, 4, 1), pinned=True, started_at=timezone.now())


def test_submitting_the_missing_report_clears_its_warning_in_the_same_transaction(
    pinned, make_project, file_reports, periods, owner_user
):
    project = make_project("530402", actual_start=date(2020, 1, 10))
    file_reports(project, {2: 100})
    evaluate()
    warning = Warning.objects.get(project=project, rule__kind="report_missing")
    assert warning.level == 1
    with transaction.atomic():
        report = reporting.save_report(project, periods[3], by=owner_user, completed_period=Decimal(1),
                                       completed_ytd=Decimal(101), completed_total=Decimal(101))  # fmt: skip
        reporting.submit_report(
            report, by=owner_user, version=report.version, require_evidence=False
        )
        warning.refresh_from_db()
        assert (warning.level, warning.status) == (0, "cleared")
        transaction.set_rollback(True)
    warning.refresh_from_db()
    assert warning.level == 1  # rolled back with the submission


def test_with_evaluation_off_a_submission_changes_no_warning(
    pinned, settings, make_project, file_reports, periods, owner_user
):
    settings.ALERTS_EVALUATE_AFTER_WRITE = False
    project = make_project("530402", actual_start=date(2020, 1, 10))
    file_reports(project, {2: 100})
    evaluate()
    report = reporting.save_report(project, periods[3], by=owner_user, completed_period=Decimal(1),
                                   completed_ytd=Decimal(101), completed_total=Decimal(101))  # fmt: skip
    reporting.submit_report(report, by=owner_user, version=report.version, require_evidence=False)
    assert Warning.objects.get(project=project, rule__kind="report_missing").level == 1


def test_a_report_reevaluates_the_rules_that_read_reports_and_a_project_write_all(
    pinned, make_project, file_reports, periods, owner_user
):
    """A report handed in cannot change a project's dates: the rules that read only those wait
    for the project's own write (or the nightly run); the report rules follow at once."""
    project = make_project("530402", actual_start=date(2020, 1, 10))
    file_reports(project, {2: 100})
    evaluate()
    assert Warning.objects.get(project=project, rule__kind="report_missing").level == 1
    # Behind the services' back: the planned completion passed seven months ago.
    Project.objects.filter(pk=project.pk).update(planned_completion=date(2019, 9, 1))
    report = reporting.save_report(project, periods[3], by=owner_user, completed_period=Decimal(1),
                                   completed_ytd=Decimal(101), completed_total=Decimal(101))  # fmt: skip
    reporting.submit_report(report, by=owner_user, version=report.version, require_evidence=False)
    assert Warning.objects.get(project=project, rule__kind="report_missing").level == 0
    assert not Warning.objects.filter(project=project, rule__kind="completion_overdue").exists()
    evaluate(project_ids=[project.pk], written="projects.Project")
    assert Warning.objects.get(project=project, rule__kind="completion_overdue").level == 3


def test_every_kind_reads_models_that_exist():
    from django.apps import apps

    from groundbreak.alerts.registry import kinds

    for kind in kinds():
        for label in kind.reads or ():
            assert apps.get_model(label)._meta.label == label


def test_a_stage_change_and_a_work_status_reevaluate(pinned, make_project, city_user):
    project = make_project("530402", stage=Stage.PRELIMINARY, planned_start=date(2020, 1, 1),
                           code="2020-530402-48-01-999001")  # fmt: skip
    evaluate()
    assert Warning.objects.get(project=project, rule__kind="start_overdue").level == 3
    projects.change_stage(project, by=city_user, to_stage=Stage.NEW_START, date=date(2020, 3, 30))
    assert Warning.objects.get(project=project, rule__kind="start_overdue").level == 0
    projects.record_work_status(project, by=city_user, kind=WorkStatusKind.SUSPENDED,
                                date=date(2020, 3, 31), reason="funds")  # fmt: skip
    assert not Warning.objects.filter(project=project, rule__kind="work_stopped").exists()
    assert datetime  # the stoppage is a day old at 1 April: no light yet


def test_an_import_of_new_projects_is_evaluated_once_and_notifies_with_one_task(
    pin, monkeypatch, hongta, hongta_user, city_user, django_capture_on_commit_callbacks
):
    """A county's list of N new projects, all late to start: one evaluation for the N, and
    their red warnings go out with one sending task, not one per warning."""
    from groundbreak.alerts import engine
    from groundbreak.imports import services as imports
    from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx
    from groundbreak.notifications import services as notifications
    from groundbreak.notifications.models import Notification

    pin(date(2020, 6, 1))
    evaluated, sending = [], []
    evaluate_projects = engine._evaluate
    monkeypatch.setattr(
        engine,
        "_evaluate",
        lambda on_date, ids, **kw: evaluated.append(ids) or evaluate_projects(on_date, ids, **kw),
    )
    enqueue = notifications._enqueue_urgent
    monkeypatch.setattr(notifications, "_enqueue_urgent", lambda: sending.append(1) or enqueue())
    rows = [[*row[:7], "2020-01-01"] for row in project_rows(6)]  # 前期, five months late
    with django_capture_on_commit_callbacks(execute=True):
        record = imports.import_now(
            kind="projects", region=hongta, content=xlsx([HEADER, *rows]),
            filename="清单.xlsx", by=hongta_user,
        )  # fmt: skip
    assert record.result["created"] == 6
    [evaluated_ids] = evaluated
    assert len(evaluated_ids) == 6
    red = Warning.objects.filter(rule__kind="start_overdue", level=3)
    assert set(red.values_list("project_id", flat=True)) == set(evaluated_ids)
    assert Notification.objects.filter(key__startswith="warning:", urgent=True).count() >= 6
    assert len(sending) == 1


def test_a_bulk_write_is_evaluated_by_a_task_after_it_commits(
    pinned, settings, make_project, file_reports, django_capture_on_commit_callbacks
):
    """Above ALERTS_INLINE_MAX_PROJECTS the write's transaction does not evaluate (it would hold
    the database); one task evaluates its projects once it has committed."""
    from groundbreak.projects.signals import project_changed

    settings.ALERTS_INLINE_MAX_PROJECTS = 1
    late = [make_project("530402", actual_start=date(2020, 1, 10)) for _ in range(2)]
    for project in late:
        file_reports(project, {2: 100})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        project_changed.send(sender=None, project_ids=[p.pk for p in late])
        assert not Warning.objects.filter(project__in=late).exists()  # not in the transaction
    assert len(callbacks) == 2  # this one, and the cockpit's refresh
    for callback in callbacks:
        callback()  # the commit: the task runs (immediately in the tests)
    assert (
        Warning.objects.filter(project__in=late, rule__kind="report_missing", level=1).count() == 2
    )
