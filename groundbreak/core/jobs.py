"""Background jobs: task functions (``django.tasks``) run by ``groundbreak worker``, retried on
failure, and periodic ones enqueued by the worker's scheduler at their times.

- ``@job(attempts=3, on_give_up=…)`` makes a task whose failures are retried (with a growing
  pause) up to ``attempts`` runs in all; when the last one fails, or the worker running it died
  and no attempt is left, ``on_give_up(*args, error=…, **kwargs)`` is called once so that
  whatever waits for the job (an import at "reading") is told. A job must be safe to run again.
  (Under the immediate backend, tests, a job runs once and a failure gives up at once.)
- ``register_periodic(task, Daily(at=time(2)))`` (or ``Monthly(day=1, at=…)``, ``Every(minutes=…)``),
  called in an app's ``AppConfig.ready()``: the worker's scheduler enqueues it once per due time,
  however many workers run; a time missed while no worker ran is caught up once, not once per
  missed time. Times are in the city's time zone (``TIME_ZONE``).

Each worker writes a heartbeat (``WorkerBeat``); a task left running by a worker that stopped
beating (killed, machine restarted) is taken back and retried, or given up if it had its attempts.
"""

import calendar
import dataclasses
import functools
import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task, task_backends
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Policy:
    """How a job is retried: runs in all, the first pause (doubled each time), who is told."""

    attempts: int = 3
    backoff: int = 30  # seconds before the second run; 60 before the third, …
    on_give_up: Callable | None = None


_POLICIES: dict[str, Policy] = {}
_NO_RETRY = Policy(attempts=1)


def policy_for(task_path):
    return _POLICIES.get(task_path, _NO_RETRY)


def _retried_by_worker(alias):
    """Only the database backend's tasks are run, and so retried, by ``groundbreak worker``; the
    immediate backend (tests, IMPORTS_INLINE) runs each once, in the caller."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[alias], DatabaseBackend)


def job(*, attempts=3, backoff=30, on_give_up=None, **task_options):
    """A task retried on failure (see the module's docstring)."""
    policy = Policy(attempts=attempts, backoff=backoff, on_give_up=on_give_up)

    def decorate(func):
        @functools.wraps(func)
        def run(context, *args, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception as error:
                # Under the worker, settle_failure decides (and knows of kills too); a backend
                # without a worker runs each task once: this was its last attempt.
                if not _retried_by_worker(context.task_result.backend):
                    give_up(policy, args, kwargs, error)
                raise

        del run.__wrapped__  # the task's signature is run's (context first), its name func's
        made = task(takes_context=True, **task_options)(run)
        _POLICIES[made.module_path] = policy
        return made

    return decorate


def give_up(policy, args, kwargs, error):
    if policy.on_give_up is None:
        return
    try:
        policy.on_give_up(*args, error=error, **kwargs)
    except Exception:  # telling must not hide the job's own failure
        log.exception("on_give_up of a failed job failed too")


class WorkerLost(Exception):
    """The worker running a task stopped (killed, machine restarted) before the task ended."""


# --- periodic tasks -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Daily:
    at: time = time(2, 0)

    def last_due(self, now):
        due = datetime.combine(now.date(), self.at, tzinfo=now.tzinfo)
        return due if due <= now else due - timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class Monthly:
    day: int = 1  # past the month's end means its last day
    at: time = time(6, 0)

    def _in(self, year, month, tz):
        day = min(self.day, calendar.monthrange(year, month)[1])
        return datetime(year, month, day, self.at.hour, self.at.minute, tzinfo=tz)

    def last_due(self, now):
        due = self._in(now.year, now.month, now.tzinfo)
        if due <= now:
            return due
        year, month = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
        return self._in(year, month, now.tzinfo)


@dataclasses.dataclass(frozen=True)
class Every:
    minutes: int = 10

    def last_due(self, now):
        midnight = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
        step = timedelta(minutes=self.minutes)
        return midnight + step * ((now - midnight) // step)


_PERIODIC: dict[str, tuple] = {}


def register_periodic(made_task, schedule, *, name=None):
    """Have the worker's scheduler enqueue ``made_task`` (no arguments) at ``schedule``'s times."""
    _PERIODIC[name or made_task.module_path] = (made_task, schedule)


def periodic_tasks():
    return dict(_PERIODIC)


def run_scheduler(now=None):
    """Enqueue each periodic task whose due time passed since it was last enqueued; return the
    names enqueued. The compare-and-set on the task's row makes two workers enqueue it once.
    A task seen for the first time is not run for times before it was registered."""
    from groundbreak.core.models import PeriodicRun

    now = timezone.localtime(now or timezone.now())
    enqueued = []
    for name, (made_task, schedule) in _PERIODIC.items():
        due = schedule.last_due(now)
        run, created = PeriodicRun.objects.get_or_create(name=name, defaults={"last_due": due})
        if created or run.last_due >= due:
            continue
        with transaction.atomic():
            claimed = PeriodicRun.objects.filter(pk=run.pk, last_due=run.last_due).update(
                last_due=due
            )
            if claimed:
                made_task.enqueue()
                enqueued.append(name)
    return enqueued


# --- the worker's side ---------------------------------------------------------------------


def this_host():
    return socket.gethostname()[:100]


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def failure_of(result):
    """The failed run's error, as its stored traceback's last line says it."""
    lines = (result.traceback or "").strip().splitlines()
    return RuntimeError(lines[-1] if lines else result.exception_class_path or "failed")


def settle_failure(result, error=None):
    """After a failed run: put the task back in the queue for a later attempt, or, when it had
    all its attempts, leave it failed and tell ``on_give_up``."""
    from django.tasks import TaskResultStatus

    policy = policy_for(result.task_path)
    made = len(result.worker_ids)
    if made < policy.attempts:
        result.status = TaskResultStatus.READY
        if policy.backoff:
            result.run_after = timezone.now() + timedelta(seconds=policy.backoff * 2 ** (made - 1))
        result.started_at = result.finished_at = None
        result.save(update_fields=["status", "run_after", "started_at", "finished_at"])
        log.warning("task %s failed (run %s of %s): retried", result.pk, made, policy.attempts)
        return "retry"
    args_kwargs = result.args_kwargs or {}
    error = error if error is not None else failure_of(result)
    give_up(policy, args_kwargs.get("args", []), args_kwargs.get("kwargs", {}), error)
    return "failed"


def stale_after():
    return timedelta(seconds=settings.TASKS_STALE_SECONDS)


def recover_stale_tasks(now=None):
    """Take back the tasks whose worker stopped: its heartbeat is older than
    TASKS_STALE_SECONDS, or it ran on this machine and its process is gone. Returns their ids."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from groundbreak.core.models import WorkerBeat

    now = now or timezone.now()
    host = this_host()
    taken = []
    for result in DBTaskResult.objects.running():
        worker_id = result.worker_ids[-1] if result.worker_ids else ""
        beat = WorkerBeat.objects.filter(worker_id=worker_id).first()
        if beat is None:
            lost = (result.started_at or now) < now - stale_after()
        else:
            lost = beat.seen_at < now - stale_after() or (
                beat.host == host and not _pid_alive(beat.pid)
            )
        if not lost:
            continue
        error = WorkerLost(f"worker {worker_id} stopped while running this task")
        with transaction.atomic():
            claimed = DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=str(error),
            )
            if claimed:
                result.refresh_from_db()
                settle_failure(result, error)
                taken.append(result.pk)
    if taken:
        log.warning("took back %s task(s) of stopped workers: %s", len(taken), taken)
    return taken
