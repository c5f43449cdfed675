"""Load test of the monthly report submission path (月报填报提交) on PostgreSQL, on loopback,
bounded in time, as a ratio to the same machine's pgbench TPS measured in the same run.

    python3 -m uv run python bench/load_bench.py [--seconds 30] [--users 8] [--projects 300]

(as root, or a user who may run Debian's initdb: PostgreSQL is started in a temporary directory.)

1. PostgreSQL from Debian in a temporary data directory, on a free loopback port.
2. pgbench: ``-i -s 10``, then ``-c USERS -j 2 -T SECONDS/2`` (the TPC-B-like default script).
3. Groundbreak's database: migrate, the Yuxi regions, ``bench/portfolio.py``'s portfolio (2020's
   reports), 2021's periods, a city account with an API token.
4. gunicorn (2 × cores sync workers) with the production settings (DEBUG off).
5. locust, headless, ``USERS`` users for ``SECONDS``: each submission is what the fill page
   does over the API: ``GET /api/reports/prefill/`` → ``POST /api/reports/`` (the figures) →
   ``POST /api/reports/{id}/submit/``, for the next (project, period) of 2021 in order, so every
   report continues the one before it.
6. Prints requests per second, complete submissions per second, the p95 of each step, and each
   as a ratio to pgbench's TPS.

This file is also the locustfile (locust imports it; ``LOAD_BENCH_SLOTS`` names the slots file).
"""

import argparse
import csv
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEP = Decimal(10)  # 万元 completed in each period: small, so no evidence is asked for


# --- the locust side -------------------------------------------------------------------------

if os.environ.get("LOAD_BENCH_SLOTS"):
    from locust import HttpUser, constant, task

    _SETUP = json.loads(Path(os.environ["LOAD_BENCH_SLOTS"]).read_text())
    # Period-major: every project's 1-2月 before any 3月, so each report follows the one before.
    _SLOTS = iter(itertools.product(_SETUP["periods"], _SETUP["projects"]))

    class Filler(HttpUser):
        wait_time = constant(0)

        def on_start(self):
            self.client.headers["Authorization"] = f"Token {_SETUP['token']}"

        @task
        def submit_a_report(self):
            try:
                period, project = next(_SLOTS)
            except StopIteration:
                self.environment.runner.quit()
                return
            where = {"project": project, "period": period}
            answer = self.client.get("/api/reports/prefill/", params=where, name="1 prefill")
            if answer.status_code != 200:
                return
            base = answer.json()
            body = {
                **where,
                "completed_period": str(STEP),
                "completed_ytd": str(Decimal(base.get("base_ytd") or 0) + STEP),
                "completed_total": str(Decimal(base.get("base_total") or 0) + STEP),
            }
            with self.client.post(
                "/api/reports/", json=body, name="2 save report", catch_response=True
            ) as saved:
                if saved.status_code not in (200, 201):
                    saved.failure(f"{saved.status_code} {saved.text[:200]}")
                    return
                report = saved.json()
            with self.client.post(
                f"/api/reports/{report['id']}/submit/",
                json={"version": report["version"]},
                name="3 submit report",
                catch_response=True,
            ) as submitted:
                if submitted.status_code != 200:
                    submitted.failure(f"{submitted.status_code} {submitted.text[:200]}")


# --- the orchestrating side ------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(command):
    """Run a PostgreSQL tool as the postgres user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        return subprocess.run(["su", "postgres", "-c", command], check=True, capture_output=True)
    return subprocess.run(command, shell=True, check=True, capture_output=True)


def start_postgres(work):
    pgbin = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not pgbin:
        sys.exit("no PostgreSQL: apt-get install postgresql")
    pgbin, data, port = pgbin[-1], work / "pg", free_port()
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
        work.chmod(0o755)
    as_postgres(
        f"{pgbin}/initdb -D {data} --auth=trust --username=postgres -E UTF8 --locale=C.UTF-8"
    )
    as_postgres(
        f"{pgbin}/pg_ctl -D {data} -o '-h 127.0.0.1 -p {port} -k {data} -c fsync=on' "
        f"-l {data}/log -w start"
    )
    return pgbin, data, port


def stop_postgres(pgbin, data):
    try:
        as_postgres(f"{pgbin}/pg_ctl -D {data} -m fast stop")
    except subprocess.CalledProcessError:
        pass


def measure_pgbench(pgbin, port, clients, seconds):
    conn = f"-h 127.0.0.1 -p {port} -U postgres"
    as_postgres(f"{pgbin}/createdb {conn} pgbench")
    as_postgres(f"{pgbin}/pgbench {conn} -i -q -s 10 pgbench")
    out = as_postgres(f"{pgbin}/pgbench {conn} -c {clients} -j 2 -T {seconds} pgbench")
    text = out.stdout.decode()
    match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", text)
    if not match:
        sys.exit(f"pgbench said:\n{text}")
    return float(match.group(1))


def prepare_site(work, projects):
    """Migrate, build the portfolio, open 2021, make the token; return the slots file."""
    sys.path.insert(0, str(ROOT))
    from bench.portfolio import build, setup_django

    setup_django(str(work / "var"))
    from rest_framework.authtoken.models import Token

    from groundbreak.accounts.models import Role, User
    from groundbreak.projects.choices import Stage
    from groundbreak.projects.models import Project
    from groundbreak.reporting.models import ReportingPeriod

    build(projects, 11, last_year=2020)
    periods = [p.pk for p in ReportingPeriod.periods_for_year(2021)]
    city = User.objects.filter(role=Role.CITY).first()
    token = Token.objects.get_or_create(user=city)[0].key
    # Under construction through 2021 (not completed, not merely planned).
    ids = list(
        Project.objects.filter(stage__in=[Stage.NEW_START, Stage.CONTINUING])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    slots = work / "slots.json"
    slots.write_text(json.dumps({"token": token, "periods": periods, "projects": ids}))
    return slots, len(ids)


def wait_for(url, seconds=120):
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer")


def read_stats(prefix):
    with open(f"{prefix}_stats.csv", newline="") as f:
        return {row["Name"]: row for row in csv.DictReader(f)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30, help="locust's run time")
    parser.add_argument("--users", type=int, default=8, help="locust users = pgbench clients")
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="groundbreak-load-"))
    pgbin, data, port = start_postgres(work)
    processes = []
    try:
        tps = measure_pgbench(pgbin, port, args.users, max(10, args.seconds // 2))
        print(f"pgbench: {tps:.0f} TPS ({args.users} clients)")
        as_postgres(f"{pgbin}/createdb -h 127.0.0.1 -p {port} -U postgres groundbreak")
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/groundbreak",
            "GROUNDBREAK_VAR_DIR": str(work / "var"),
            "DEBUG": "false",
            "HTTPS": "false",
            "SECRET_KEY": "load-bench-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "API_RATE_USER": "1000000/min",
            "CONN_MAX_AGE": "60",
        }
        os.environ.update(env)
        started = time.monotonic()
        slots, projects = prepare_site(work, args.projects)
        print(f"site: {projects} projects under construction, ready in "
              f"{time.monotonic() - started:.0f} s")  # fmt: skip
        (work / "var" / "static").mkdir(parents=True, exist_ok=True)  # whitenoise's root
        web = free_port()
        bindir = Path(sys.executable).parent
        processes.append(
            subprocess.Popen(
                [
                    str(bindir / "gunicorn"),
                    "groundbreak.wsgi",
                    "--bind",
                    f"127.0.0.1:{web}",
                    "--workers",
                    str(args.workers),
                    "--log-level",
                    "warning",
                ],
                env=env,
                cwd=ROOT,
            )  # fmt: skip
        )
        wait_for(f"http://127.0.0.1:{web}/health/")
        prefix = work / "locust"
        subprocess.run(
            [str(bindir / "locust"), "-f", __file__, "--headless", "-u", str(args.users),
             "-r", str(args.users), "-t", f"{args.seconds}s", "--host", f"http://127.0.0.1:{web}",
             "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
             "--loglevel", "WARNING"],
            env={**env, "LOAD_BENCH_SLOTS": str(slots)}, check=False,
        )  # fmt: skip
        stats = read_stats(prefix)
        total = stats["Aggregated"]
        submit = stats.get("3 submit report", {})
        rps = float(total["Requests/s"])
        done = int(submit.get("Request Count", 0)) - int(submit.get("Failure Count", 0))
        per_second = float(submit.get("Requests/s", 0)) * (
            done / max(1, int(submit.get("Request Count", 0)))
        )
        print("\nstep               requests  failures  req/s   p50 ms  p95 ms")
        for name in ("1 prefill", "2 save report", "3 submit report", "Aggregated"):
            row = stats.get(name)
            if row:
                print(f"{name:<18} {row['Request Count']:>8}  {row['Failure Count']:>8}  "
                      f"{float(row['Requests/s']):>5.1f}  {row['50%']:>6}  {row['95%']:>6}")  # fmt: skip
        print(f"\nrequests/s {rps:.1f} = {rps / tps:.4f} × pgbench TPS ({tps:.0f})")
        print(f"submissions/s (prefill+save+submit) {per_second:.1f} = "
              f"{per_second / tps:.4f} × pgbench TPS")  # fmt: skip
        print(f"p95 of the whole path's requests {total['95%']} ms; "
              f"of submit {submit.get('95%', '?')} ms")  # fmt: skip
        if int(total["Failure Count"]):
            failures = Path(f"{prefix}_failures.csv").read_text()[:2000]
            print(f"\nfailures:\n{failures}")
            return 1
        return 0
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        stop_postgres(pgbin, data)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
