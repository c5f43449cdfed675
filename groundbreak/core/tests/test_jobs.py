"""Background jobs: retried while attempts are left, given up with a word to whoever waits,
taken back from a worker that died, and periodic ones enqueued once per due time."""

import os
import subprocess
import sys
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from groundbreak.core import jobs
from groundbreak.core.management.commands.worker import RetryingWorker
from groundbreak.core.models import PeriodicRun, WorkerBeat

SHANGHAI = ZoneInfo("Asia/Shanghai")
calls = {"runs": 0, "fail_until": 0, "given_up": [], "periodic": 0}


def _given_up(*args, error, **kwargs):
    calls["given_up"].append((args, str(error)))


@jobs.job(attempts=2, backoff=0, on_give_up=_given_up)
def flaky(value):
    calls["runs"] += 1
    if calls["runs"] <= calls["fail_until"]:
        raise RuntimeError(f"flaky {value}")
    return value


@jobs.job(attempts=1, on_give_up=_given_up)
def once(value):
    return value


@jobs.job(attempts=1)
def tick():
    calls["periodic"] += 1


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    calls.update(runs=0, fail_until=0, given_up=[], periodic=0)
    # The tests' default backend runs jobs at once; here rows are run by a worker, as in production.
    monkeypatch.setattr(jobs, "_retried_by_worker", lambda alias: True)


def queued(made_task, *args):
    backend = DatabaseBackend(alias="default", params={})
    return DBTaskResult.objects.get(pk=backend.enqueue(made_task, args, {}).id)


def worker():
    return RetryingWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def claim(result, worker_id):
    result.claim(worker_id)
    return result


@pytest.mark.django_db
def test_a_failed_job_is_queued_again_while_it_has_attempts_left():
    calls["fail_until"] = 1
    result = queued(flaky, 7)
    worker().run_task(claim(result, "test-worker"))
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY and calls["given_up"] == []
    worker().run_task(claim(result, "test-worker"))
    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 7
    assert len(result.worker_ids) == 2


@pytest.mark.django_db
def test_a_job_failing_its_last_attempt_stays_failed_and_tells_whoever_waits():
    calls["fail_until"] = 5
    result = queued(flaky, 3)
    for _ in range(2):
        worker().run_task(claim(result, "test-worker"))
        result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert len(calls["given_up"]) == 1  # told once, by the worker
    assert calls["given_up"][0][0] == (3,) and "flaky 3" in calls["given_up"][0][1]


def _dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.django_db
def test_a_task_whose_worker_process_is_gone_is_taken_back_at_once():
    WorkerBeat.objects.create(
        worker_id="killed", host=jobs.this_host(), pid=_dead_pid(), seen_at=timezone.now()
    )
    result = claim(queued(flaky, 1), "killed")
    assert jobs.recover_stale_tasks() == [result.pk]
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY and calls["given_up"] == []


@pytest.mark.django_db
def test_a_task_of_a_worker_that_stopped_beating_is_taken_back_and_a_live_one_s_is_not():
    long_ago = timezone.now() - timedelta(hours=1)
    WorkerBeat.objects.create(worker_id="elsewhere", host="other-host", pid=1, seen_at=long_ago)
    WorkerBeat.objects.create(
        worker_id="alive", host=jobs.this_host(), pid=os.getpid(), seen_at=timezone.now()
    )
    lost = claim(queued(flaky, 1), "elsewhere")
    running = claim(queued(flaky, 2), "alive")
    assert jobs.recover_stale_tasks() == [lost.pk]
    running.refresh_from_db()
    assert running.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_lost_task_without_attempts_left_is_failed_and_told():
    WorkerBeat.objects.create(
        worker_id="killed", host=jobs.this_host(), pid=_dead_pid(), seen_at=timezone.now()
    )
    result = claim(queued(once, 4), "killed")
    jobs.recover_stale_tasks()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert calls["given_up"] and calls["given_up"][0][0] == (4,)
    assert "stopped" in calls["given_up"][0][1]


@pytest.mark.django_db
def test_a_periodic_task_is_enqueued_once_per_due_time_and_not_for_times_before_it_was_known(
    monkeypatch,
):
    monkeypatch.setattr(jobs, "_PERIODIC", {})
    jobs.register_periodic(tick, jobs.Daily(at=time(2, 0)), name="tick")
    day = datetime(2026, 3, 1, 3, 0, tzinfo=SHANGHAI)
    assert jobs.run_scheduler(day) == []  # first seen: yesterday's 02:00 is not caught up
    assert jobs.run_scheduler(day + timedelta(hours=22)) == []  # next day 01:00: not yet
    assert jobs.run_scheduler(day + timedelta(hours=23, minutes=30)) == ["tick"]
    assert jobs.run_scheduler(day + timedelta(hours=26)) == []  # same day again: done
    assert calls["periodic"] == 1  # the immediate backend ran it
    # Three days without a worker: caught up once, not three times.
    assert jobs.run_scheduler(day + timedelta(days=4)) == ["tick"]
    assert calls["periodic"] == 2
    assert PeriodicRun.objects.get(name="tick").last_due == datetime(
        2026, 3, 5, 2, 0, tzinfo=SHANGHAI
    )


def test_monthly_and_every_schedules_name_the_last_due_time():
    monthly = jobs.Monthly(day=31, at=time(6, 0))
    assert monthly.last_due(datetime(2026, 3, 10, tzinfo=SHANGHAI)) == datetime(
        2026, 2, 28, 6, 0, tzinfo=SHANGHAI
    )
    assert monthly.last_due(datetime(2026, 1, 31, 7, tzinfo=SHANGHAI)) == datetime(
        2026, 1, 31, 6, 0, tzinfo=SHANGHAI
    )
    assert jobs.Monthly(day=1).last_due(datetime(2026, 1, 1, 5, tzinfo=SHANGHAI)) == datetime(
        2025, 12, 1, 6, 0, tzinfo=SHANGHAI
    )
    assert jobs.Every(minutes=10).last_due(datetime(2026, 1, 1, 5, 37, tzinfo=SHANGHAI)) == (
        datetime(2026, 1, 1, 5, 30, tzinfo=SHANGHAI)
    )


def test_apps_register_their_periodic_tasks():
    from groundbreak.imports.tasks import fail_stalled_imports

    assert fail_stalled_imports.module_path in jobs.periodic_tasks()
