"""``groundbreak worker``: run background jobs (django-tasks-db's worker) with retries, the
recovery of tasks whose worker died, and the scheduler of periodic tasks.

Run one (or more) beside the web server, as its own service. ``groundbreak demo`` starts one.
"""

import logging
import os
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from groundbreak.core import jobs
from groundbreak.core.models import WorkerBeat

log = logging.getLogger("groundbreak.worker")


class RetryingWorker(Worker):
    """django-tasks-db's worker, which puts a failed task back in the queue while it has
    attempts left (``core.jobs.job``)."""

    def run_task(self, db_task_result):
        super().run_task(db_task_result)
        db_task_result.refresh_from_db()
        if db_task_result.status == TaskResultStatus.FAILED:
            jobs.settle_failure(db_task_result)


class Beat(threading.Thread):
    """Every ``every`` seconds: write the heartbeat, take back the tasks of stopped workers,
    enqueue the periodic tasks that are due. Runs beside the task (a long task must not look
    like a dead worker)."""

    def __init__(self, worker_id, every):
        super().__init__(name="groundbreak-beat", daemon=True)
        self.worker_id, self.every, self.stopped = worker_id, every, threading.Event()

    def tick(self):
        close_old_connections()
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"host": jobs.this_host(), "pid": os.getpid(), "seen_at": timezone.now()},
        )
        jobs.recover_stale_tasks()
        jobs.run_scheduler()
        WorkerBeat.objects.filter(seen_at__lt=timezone.now() - timezone.timedelta(days=1)).delete()

    def run(self):
        while not self.stopped.wait(self.every):
            try:
                self.tick()
            except Exception:  # a locked or lost database must not end the heartbeat
                log.exception("worker heartbeat failed")
        close_old_connections()


class Command(BaseCommand):
    help = "Run background jobs: imports, and the periodic tasks at their times."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument("--queue-name", default="*", help="queues, comma-separated; * = all")
        parser.add_argument(
            "--batch", action="store_true", help="run what is queued, then stop (no scheduler)"
        )

    def handle(self, *args, interval, queue_name, batch, verbosity, **options):
        logging.getLogger("django_tasks_db").setLevel(logging.INFO if verbosity else logging.ERROR)
        worker_id = f"{jobs.this_host()[:30]}-{os.getpid()}-{get_random_string(8)}"
        beat = Beat(worker_id, every=jobs.settings.TASKS_HEARTBEAT_SECONDS)
        beat.tick()  # take back what a worker killed before this start left running, at once
        worker = RetryingWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        if verbosity:
            self.stdout.write(f"worker {worker_id}: {len(jobs.periodic_tasks())} periodic task(s)")
        if not batch:
            beat.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            beat.stopped.set()
            WorkerBeat.objects.filter(worker_id=worker_id).delete()
