"""Serve the cockpit's city page and a county page over a province-scale portfolio, against a
trivial page of the same app (the framework's floor), in the same run.

    python3 -m uv run python bench/cockpit_bench.py --projects 100000 --periods 24
    python3 -m uv run python bench/cockpit_bench.py --smoke          # 2,000 projects

Prints, per page: median and p95 latency as ratios to the floor's (target: within 5×), and the
number of queries per request; and how long one refresh of the city's snapshot takes (a job, not
a request). SQLite in a temporary folder unless DATABASE_URL.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timings(client, url, runs):
    from django.db import connection

    queries = []  # counted by a wrapper: the test client's request_started resets connection.queries

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return statistics.median(seconds), seconds[int(len(seconds) * 0.95) - 1], len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--periods", type=int, default=24)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--smoke", action="store_true", help="2,000 projects")
    args = parser.parse_args()
    if args.smoke:
        args.projects = 2000
    from bench.portfolio import build, setup_django

    setup_django(tempfile.mkdtemp(prefix="groundbreak-cockpit-bench-"))
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from groundbreak.accounts.models import Role, User
    from groundbreak.alerts.engine import evaluate
    from groundbreak.alerts.services import ensure_default_rules
    from groundbreak.cockpit.services import refresh_snapshot
    from groundbreak.regions.models import Region

    setup_test_environment()
    ensure_default_rules()
    built = build(args.projects, args.periods, stdout=sys.stdout)
    started = time.perf_counter()
    evaluate(built.as_of, pin=True)
    print(f"warnings evaluated at {built.as_of} in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    snapshot = refresh_snapshot()
    refresh = time.perf_counter() - started
    hongta = Region.objects.get(code="530402")
    city, _new = User.objects.get_or_create(username="bench-city", defaults={"role": Role.CITY})
    county = User.objects.create(username="bench-county", role=Role.COUNTY, region=hongta)
    pages = [
        ("floor: cockpit/about", city, reverse("cockpit:about")),
        ("city page", city, reverse("cockpit:cockpit")),
        ("county page (红塔区, city staff)", city, reverse("cockpit:region", args=["530402"])),
        ("county page (红塔区's own user)", county, reverse("cockpit:cockpit")),
    ]
    results = []
    for name, user, url in pages:
        client = Client()
        client.force_login(user)
        results.append((name, *timings(client, url, args.runs)))
    floor_median, floor_p95 = results[0][1], results[0][2]
    print(f"\nportfolio: {built.projects} projects, {built.reports} reports, "
          f"{args.periods} periods; snapshot of {snapshot.period} refreshed in {refresh:.1f} s")  # fmt: skip
    print(f"{'page':40} {'median':>10} {'p95':>10} {'× floor (median / p95)':>24} {'queries':>8}")
    for name, median, p95, queries in results:
        print(f"{name:40} {median * 1000:8.1f}ms {p95 * 1000:8.1f}ms "
              f"{median / floor_median:11.1f}× / {p95 / floor_p95:5.1f}× {queries:8d}")  # fmt: skip


if __name__ == "__main__":
    main()
