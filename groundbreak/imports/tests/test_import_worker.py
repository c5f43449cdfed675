"""An upload is read by a worker process: a worker killed in the middle of a reading leaves
nothing half-written, and the next worker reads the file to its end."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from groundbreak.imports import tasks
from groundbreak.imports.models import ImportRecord, ImportStatus
from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx

SETUP = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
import django; django.setup()
from groundbreak.accounts.models import Role, User
from groundbreak.imports import services
from groundbreak.regions.models import Region
from groundbreak.regions.services import DATA_DIR, load_regions
load_regions(DATA_DIR / "yuxi.csv")
user = User.objects.create(username="hongta", role=Role.COUNTY, region=Region.objects.get(code="530402"))
record = services.start_import(kind="projects", region=user.region, content=open(sys.argv[1], "rb").read(),
                               filename="list.xlsx", by=user)
print(record.pk)
"""

# The first worker hangs in the middle of the reading (after the file was opened and checked),
# so that it can be killed there.
HANGING_WORKER = """
import os, pathlib, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
import django; django.setup()
from groundbreak.imports import services
def hang(*args, **kwargs):
    pathlib.Path(sys.argv[1]).write_text("reading")
    time.sleep(600)
services.read_plan = hang
from django.core.management import call_command
call_command("worker", interval=0.2)
"""


def wait_for(condition, seconds):
    """Poll until ``condition()`` is true; bounded so that a broken worker fails the test."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def worker_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="groundbreak.settings",
        GROUNDBREAK_VAR_DIR=str(tmp_path),
        MEDIA_ROOT=str(tmp_path / "media"),
        DEBUG="true",
        TASKS_IMMEDIATE="false",
        TASKS_HEARTBEAT_SECONDS="1",
    )
    run = [sys.executable, "-m", "groundbreak.cli"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True, timeout=300)
    return env


def query(tmp_path, sql):
    with sqlite3.connect(tmp_path / "groundbreak.sqlite3", timeout=20) as db:
        return db.execute(sql).fetchall()


def test_a_worker_killed_in_the_middle_of_a_reading_leaves_it_to_the_next_worker(
    tmp_path, worker_env
):
    upload = tmp_path / "list.xlsx"
    upload.write_bytes(xlsx([HEADER, *project_rows(30)]))
    setup = subprocess.run(
        [sys.executable, "-c", SETUP, str(upload)],
        env=worker_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert setup.returncode == 0, setup.stderr
    pk = int(setup.stdout.split()[-1])
    marker = tmp_path / "reading"
    first = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(HANGING_WORKER), str(marker)], env=worker_env
    )
    try:
        assert wait_for(marker.exists, 120), "the first worker never started the reading"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    status = f"SELECT status, preview FROM imports_importrecord WHERE id = {pk}"
    assert query(tmp_path, status)[0][0] == ImportStatus.READING
    # The import's own job (a worker's scheduler may queue periodic jobs beside it).
    job = "FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%preview_import_task'"
    assert query(tmp_path, f"SELECT status {job}") == [("RUNNING",)]

    second = subprocess.Popen(
        [sys.executable, "-m", "groundbreak.cli", "worker", "--interval", "0.2"], env=worker_env
    )
    try:
        done = wait_for(lambda: query(tmp_path, status)[0][0] != ImportStatus.READING, 120)
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert done, "the import stayed at reading"
    assert query(tmp_path, status)[0][0] == ImportStatus.PREVIEWED
    ((task_status, workers),) = query(tmp_path, f"SELECT status, worker_ids {job}")
    assert task_status == "SUCCESSFUL" and workers.count(",") == 1  # two runs: killed, then done
    assert query(tmp_path, "SELECT count(*) FROM projects_project") == [(0,)]  # preview only


@pytest.mark.django_db
def test_an_import_left_reading_with_no_job_for_it_is_failed_by_the_periodic_sweep(
    hongta_user, hongta
):
    from groundbreak.imports import services

    record = services.start_import(
        kind="projects",
        region=hongta,
        content=xlsx([HEADER, *project_rows(1)]),
        filename="list.xlsx",
        by=hongta_user,
    )
    fresh = services.start_import(
        kind="projects",
        region=hongta,
        content=xlsx([HEADER, *project_rows(2)]),
        filename="list2.xlsx",
        by=hongta_user,
    )
    ImportRecord.objects.filter(pk__in=[record.pk, fresh.pk]).update(status=ImportStatus.READING)
    ImportRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - timedelta(hours=2))
    assert tasks.fail_stalled_imports.enqueue().return_value == 1
    record.refresh_from_db()
    fresh.refresh_from_db()
    assert record.status == ImportStatus.FAILED and record.error
    assert fresh.status == ImportStatus.READING  # still within its time
