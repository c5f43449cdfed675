"""Time the full warning evaluation over a province-scale portfolio, against the same rules
written as DuckDB SQL over the same data, and the cost of the after-write evaluation.

    python3 -m uv run python bench/warnings_bench.py --projects 100000 --periods 24
    python3 -m uv run python bench/warnings_bench.py --smoke          # 2,000 projects, < 1 min

Prints: the first full run (every warning raised and written, as on a new installation) and
the nightly run (nothing changes; median of 3), each as a ratio to DuckDB computing the same
levels, on its default threads (one a core) and on one thread as the evaluation runs (target for
the nightly run: within 10×); the memory peak of a first run; and one report submission with the
after-write evaluation against the same submission with it off (target: within 1.5×). SQLite in
a temporary folder unless DATABASE_URL.
"""

import argparse
import csv
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HANDED_IN = "('submitted','approved','locked')"


def export(workdir):
    """The tables the rules read, as CSV files DuckDB loads (loading is not timed)."""
    from django.db import connection

    queries = {
        "projects": "SELECT id, region_id, stage, planned_start, planned_completion, actual_start, "
        "actual_completion, in_statistics_date, total_investment FROM projects_project",
        "plans": "SELECT project_id, year, amount FROM projects_annualplan",
        "periods": "SELECT id, year, first_month, last_month, deadline FROM reporting_reportingperiod",
        "reports": "SELECT project_id, period_id, completed_period, completed_ytd, status FROM reporting_monthlyreport",
        "events": "SELECT id, project_id, kind, date FROM projects_workstatusevent",
        "problems": "SELECT id, project_id, status, due_date FROM lists_problem",
    }
    for name, sql in queries.items():
        with (
            connection.cursor() as cursor,
            open(Path(workdir) / f"{name}.csv", "w", newline="") as out,
        ):
            cursor.execute(sql)
            writer = csv.writer(out)
            writer.writerow([c[0] for c in cursor.description])
            while rows := cursor.fetchmany(20000):
                writer.writerows(rows)


def duckdb_rules(workdir, on_date, period, window, first_month, threads=None):
    """The eight rules' levels for every project, in DuckDB SQL; returns (seconds, counts).
    ``threads``: DuckDB's threads (default: one a core; the evaluation runs on one)."""
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    for name in ("projects", "plans", "periods", "reports", "events", "problems"):
        con.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv_auto('{Path(workdir) / name}.csv', header=true)"
        )
    con.execute(
        "ALTER TABLE periods ADD COLUMN p_start DATE; ALTER TABLE periods ADD COLUMN p_end DATE"
    )
    con.execute("UPDATE periods SET p_start = make_date(year, first_month, 1), "
                "p_end = last_day(make_date(year, last_month, 1))")  # fmt: skip
    d = f"DATE '{on_date.isoformat()}'"
    y, m = period.year, period.last_month
    pstart, pend = f"DATE '{period.start}'", f"DATE '{period.end}'"
    uc = (f"SELECT * FROM projects WHERE stage IN ('new_start','continuing') AND actual_start <= {pend} "
          f"AND (actual_completion IS NULL OR actual_completion >= {pstart})")  # fmt: skip

    def lv(expr, t1, t2, t3, below=False):
        op = "<" if below else ">="
        return (f"CASE WHEN {expr} {op} {t3} THEN 3 WHEN {expr} {op} {t2} THEN 2 "
                f"WHEN {expr} {op} {t1} THEN 1 ELSE 0 END")  # fmt: skip

    months = "(date_diff('month', {a}, {d}) - CASE WHEN day({d}) < day({a}) THEN 1 ELSE 0 END)"
    tp = m / 12 * 100
    rules = {
        "investment_lag": f"""
            WITH r AS (SELECT project_id, arg_max(completed_ytd, last_month) ytd FROM reports
                       JOIN periods ON periods.id = period_id WHERE year = {y} AND last_month <= {m}
                       AND status IN {HANDED_IN} GROUP BY project_id)
            SELECT uc.id, {lv(f"round({tp} - coalesce(r.ytd, 0) / pl.amount * 100, 1)", 10, 20, 30)} lv
            FROM ({uc}) uc JOIN plans pl ON pl.project_id = uc.id AND pl.year = {y} AND pl.amount > 0
            LEFT JOIN r ON r.project_id = uc.id""",
        "recent_stall": f"""
            WITH r AS (SELECT project_id, sum(completed_period) done FROM reports
                       WHERE period_id IN ({",".join(str(p.pk) for p in window)}) AND status IN {HANDED_IN}
                       GROUP BY project_id)
            SELECT uc.id, {lv(f"round(coalesce(r.done, 0) / (pl.amount * {m - first_month + 1} / 12) * 100, 1)", 50, 30, 10, True)} lv
            FROM ({uc}) uc JOIN plans pl ON pl.project_id = uc.id AND pl.year = {y} AND pl.amount > 0
            LEFT JOIN r ON r.project_id = uc.id WHERE uc.actual_start <= make_date({y}, {first_month}, 1)""",
        "start_overdue": f"""SELECT id, {lv(months.format(a="planned_start", d=d), 1, 2, 3)} FROM projects
            WHERE stage IN ('reserve','preliminary') AND planned_start < {d}""",
        "not_in_statistics": f"""SELECT id, {lv(months.format(a="actual_start", d=d), 1, 2, 2)} FROM projects
            WHERE stage IN ('new_start','continuing','completed','in_production') AND actual_start < {d}
            AND in_statistics_date IS NULL AND total_investment >= 500""",
        "completion_overdue": f"""SELECT id, {lv(months.format(a="planned_completion", d=d), 1, 3, 6)} FROM projects
            WHERE stage NOT IN ('completed','in_production') AND planned_completion < {d}
            AND actual_completion IS NULL""",
        "work_stopped": f"""WITH last AS (SELECT project_id, arg_max(kind, (date, id)) kind, max(date) date
                       FROM events WHERE date <= {d} GROUP BY project_id)
            SELECT project_id, {lv(f"date_diff('day', date, {d})", 30, 60, 90)} FROM last WHERE kind = 'suspended'""",
        "report_missing": f"""
            WITH due AS (SELECT id, p_end, row_number() OVER (ORDER BY year DESC, last_month DESC) rn
                         FROM periods WHERE deadline < {d} ORDER BY year DESC, last_month DESC LIMIT 12),
                 uc AS ({uc}),
                 handed AS (SELECT project_id, period_id FROM reports WHERE status IN {HANDED_IN}
                            AND period_id IN (SELECT id FROM due)),
                 stops AS (SELECT uc.id pid, min(due.rn) stop FROM uc CROSS JOIN due
                           LEFT JOIN handed h ON h.project_id = uc.id AND h.period_id = due.id
                           WHERE uc.actual_start > due.p_end OR h.project_id IS NOT NULL GROUP BY uc.id)
            SELECT uc.id, {lv("coalesce(stops.stop, 13) - 1", 1, 2, 3)} FROM uc LEFT JOIN stops ON stops.pid = uc.id""",
        "item_overdue": f"""SELECT project_id, {lv(f"date_diff('day', due_date, {d})", 1, 15, 30)} FROM problems
            WHERE status NOT IN ('confirmed','closed') AND due_date < {d}""",
    }
    started = time.perf_counter()
    counts = {}
    for code, sql in rules.items():
        rows = con.execute(
            f"SELECT lv, count(*) FROM ({sql}) t(id, lv) WHERE lv > 0 GROUP BY lv"
        ).fetchall()
        counts[code] = dict(sorted(rows))
    return time.perf_counter() - started, counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--periods", type=int, default=24)
    parser.add_argument(
        "--smoke", action="store_true", help="2,000 projects: a check in < 1 minute"
    )
    parser.add_argument("--submissions", type=int, default=20)
    args = parser.parse_args()
    if args.smoke:
        args.projects = 2000
    workdir = tempfile.mkdtemp(prefix="groundbreak-warnings-bench-")
    from bench.portfolio import build, setup_django

    setup_django(workdir)
    from datetime import timedelta
    from decimal import Decimal

    from django.conf import settings
    from django.db import connection, transaction

    from groundbreak.alerts.engine import evaluate
    from groundbreak.alerts.models import Warning
    from groundbreak.alerts.rules import due_period
    from groundbreak.alerts.services import ensure_default_rules
    from groundbreak.projects.models import Project
    from groundbreak.reporting import services as reporting
    from groundbreak.reporting.models import ReportingPeriod

    ensure_default_rules()
    built = build(args.projects, args.periods, stdout=sys.stdout)
    on_date = built.as_of
    period = due_period(on_date)
    window = list(ReportingPeriod.objects.filter(year=period.year, last_month__lte=period.last_month)
                  .order_by("-last_month")[:3])  # fmt: skip
    first_month = min(p.first_month for p in window)
    export(workdir)
    duck_time, duck_counts = min(
        (duckdb_rules(workdir, on_date, period, window, first_month) for _ in range(3)),
        key=lambda r: r[0],
    )
    duck_one = min(
        duckdb_rules(workdir, on_date, period, window, first_month, threads=1)[0] for _ in range(3)
    )

    evaluate(on_date - timedelta(days=400), [])  # warm: the URLs, translations, queries
    started, cpu = time.perf_counter(), time.process_time()
    evaluate(on_date, pin=True)
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    steadies = []  # the median of three, as DuckDB's best of three
    for _ in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        evaluate(on_date)
        steadies.append((time.perf_counter() - started, time.process_time() - cpu))
    steady, steady_cpu = sorted(steadies)[1]
    ours = {}
    for kind, level in Warning.objects.live().values_list("rule__kind", "level"):
        ours.setdefault(kind, {}).setdefault(level, 0)
        ours[kind][level] += 1
    Warning.objects.all().delete()
    tracemalloc.start()
    evaluate(on_date)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # After-write cost: a report submitted (and rolled back) with the evaluation on and off.
    ReportingPeriod.periods_for_year(period.year + 1)
    next_period = ReportingPeriod.objects.get(year=period.year + 1, last_month=2)
    user = Project.objects.none()
    from groundbreak.accounts.models import User

    user = User.objects.get(username="bench-city")
    project = (
        Project.objects.filter(stage="continuing", reports__isnull=False).order_by("pk").first()
    )

    def submission():
        with transaction.atomic():
            report = reporting.save_report(project, next_period, by=user, completed_period=Decimal(1),
                                           completed_ytd=Decimal(1), completed_total=Decimal(10**9),
                                           over_plan_reason="bench")  # fmt: skip
            reporting.submit_report(report, by=user, version=report.version, require_evidence=False)
            transaction.set_rollback(True)

    def best(flag):
        settings.ALERTS_EVALUATE_AFTER_WRITE = flag
        submission()  # warm
        times, cpus = [], []
        for _ in range(args.submissions):
            started, cpu = time.perf_counter(), time.process_time()
            submission()
            times.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        middle = len(times) // 2
        return sorted(times)[middle], sorted(cpus)[middle]

    (with_eval, with_cpu), (without, without_cpu) = best(True), best(False)

    print(f"\nportfolio: {built.projects} projects, {built.reports} reports, {args.periods} periods, "
          f"as of {on_date}; database: {connection.vendor}")  # fmt: skip
    print(f"DuckDB, the eight rules' levels (best of 3): {duck_time:.3f} s; on one thread, as the "
          f"evaluation runs: {duck_one:.3f} s")  # fmt: skip
    print(f"full evaluation, first run (every warning raised and written, with its event and "
          f"notifications): {first:.3f} s = {first / duck_time:.1f}× DuckDB "
          f"({first / duck_one:.1f}× on one thread); CPU {first_cpu:.3f} s")  # fmt: skip
    print(f"full evaluation, steady run (the nightly run: nothing changes; median of 3): {steady:.3f} s = "
          f"{steady / duck_time:.1f}× DuckDB ({steady / duck_one:.1f}× on one thread; target ≤ 10×); "
          f"CPU {steady_cpu:.3f} s = {steady_cpu / duck_time:.1f}×")  # fmt: skip
    print(f"memory peak of a full run (tracemalloc): {peak / 2**20:.1f} MiB")
    print(f"one report submission with the after-write evaluation: {with_eval * 1000:.1f} ms, "
          f"without: {without * 1000:.1f} ms = {with_eval / without:.2f}× (target ≤ 1.5×; median of {args.submissions}); "
          f"CPU {with_cpu * 1000:.1f} / {without_cpu * 1000:.1f} ms = {with_cpu / without_cpu:.2f}×")  # fmt: skip
    agree = all(ours.get(k, {}) == v for k, v in duck_counts.items())
    print(f"levels agree with DuckDB: {agree}")
    if not agree:
        for kind in sorted(set(ours) | set(duck_counts)):
            print(f"  {kind}: ours {ours.get(kind)} duckdb {duck_counts.get(kind)}")


if __name__ == "__main__":
    main()
