"""One province-scale portfolio for every benchmark (基准测试用的项目组合): N projects × M periods
with their plans, monthly reports, year summaries, problems and stoppages, as the product keeps
them, written set-based (the import engine's bulk writer for projects, bulk inserts for the rest).

    from bench.portfolio import build
    portfolio = build(projects=100_000, periods=24)   # in a migrated database with regions

or, to fill the database named by DATABASE_URL / SQLITE_PATH:

    python3 -m uv run python bench/portfolio.py --projects 2000 --periods 24

The mix (seeded, so every run builds the same province): each project has one of 24 departments
in charge, one in three one of 12 leaders; 70 % under construction (a tenth of
them stop reporting in the last periods, some lag, some stall), 10 % preliminary (some past their
planned start), 10 % completed, 10 % reserve; one project in ten has an open problem, one in
fifty a stoppage. ``as_of`` is the day after the last period's deadline.
"""

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 5000


@dataclass
class Portfolio:
    projects: int
    periods: list
    as_of: date
    reports: int
    seconds: float


def _insert(model, rows):
    """INSERT rows (dicts by attribute name; absent fields get their defaults) with one
    executemany: ~20× faster than bulk_create, whose SQL building dominates at this size."""
    from django.db import connection
    from django.db.models import DateField, DateTimeField

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    ops = connection.ops
    adapt = []
    for f in fields:
        if isinstance(f, DateTimeField):
            adapt.append(ops.adapt_datetimefield_value)
        elif isinstance(f, DateField):
            adapt.append(ops.adapt_datefield_value)
        else:
            adapt.append(None)
    defaults = [f.get_default() for f in fields]
    sql = (f"INSERT INTO {ops.quote_name(model._meta.db_table)} "
           f"({', '.join(ops.quote_name(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")  # fmt: skip
    names = [f.attname for f in fields]
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            values = []
            for name, default, fn in zip(names, defaults, adapt, strict=True):
                value = row.get(name, default)
                values.append(fn(value) if fn and value is not None else value)
            batch.append(values)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _periods(count, last_year):
    """The last ``count`` periods up to ``last_year``'s 12月 (11 a year: 1-2月, 3月 … 12月)."""
    from groundbreak.reporting.models import ReportingPeriod

    years = []
    year = last_year
    while len(years) * 11 < count:
        years.insert(0, year)
        year -= 1
    periods = []
    for year in years:
        periods += ReportingPeriod.periods_for_year(year)
    return periods[-count:]


def build(projects=2000, periods=24, *, seed=20, last_year=2020, stdout=None):
    """Write the portfolio; returns what was built. The evaluator is not run after these
    writes (the benchmarks time it themselves)."""
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from groundbreak.accounts.models import Department, Leader, Role, User
    from groundbreak.lists.models import Problem
    from groundbreak.projects.bulk import insert_owner_units, insert_projects, write_annual_plans
    from groundbreak.projects.choices import Stage, WorkStatusKind
    from groundbreak.projects.models import Project, WorkStatusEvent
    from groundbreak.regions.models import Region, Sector
    from groundbreak.reporting.models import MonthlyReport, ProjectYearSummary

    say = (lambda text: stdout.write(text + "\n")) if stdout else (lambda text: None)
    started = time.perf_counter()
    rng = random.Random(seed)
    settings.ALERTS_EVALUATE_AFTER_WRITE = False
    stamp = timezone.now()
    user = User.objects.filter(role=Role.CITY).first() or User.objects.create(
        username="bench-city", role=Role.CITY
    )
    counties = list(Region.objects.counties())
    sector = Sector.objects.first()
    period_list = _periods(periods, last_year)
    first_year, as_of = period_list[0].year, period_list[-1].deadline + timedelta(days=1)
    with transaction.atomic():
        owners = insert_owner_units([f"测试建设单位{i:05d}" for i in range(max(1, projects // 50))],
                                    by=user, reason="bench", stamp=stamp)  # fmt: skip
        owner_ids = list(owners.values()) if isinstance(owners, dict) else list(owners)
        # Departments and leaders in charge (牵头部门、包保市领导), as a city has them.
        department_ids = [d.pk for d in Department.objects.bulk_create(
            Department(name=f"测试市直部门{i:02d}") for i in range(24))]  # fmt: skip
        leader_ids = [p.pk for p in Leader.objects.bulk_create(
            Leader(name=f"测试领导{i:02d}", post="副市长") for i in range(12))]  # fmt: skip
        rows, kinds = [], []
        for i in range(projects):
            draw = rng.random()
            kind = (
                "build"
                if draw < 0.7
                else "pre"
                if draw < 0.8
                else "done"
                if draw < 0.9
                else "reserve"
            )
            start = date(first_year - 1, 1, 1) + timedelta(days=rng.randint(0, 700))
            start = min(start, period_list[-1].end - timedelta(days=40))
            total = Decimal(rng.randint(600, 200000))
            row = {
                "name": f"测试项目{i:06d}号", "code": f"2020-530402-48-01-{i:06d}" if kind != "reserve" else "",
                "owner_unit": owner_ids[i % len(owner_ids)], "region": counties[i % len(counties)].pk,
                "sector": sector.pk, "field": "infrastructure", "total_investment": total,
                "department_in_charge": department_ids[i % len(department_ids)],
                "leader_in_charge": leader_ids[i % len(leader_ids)] if i % 3 == 0 else None,
                "planned_start": start, "planned_completion": start + timedelta(days=rng.choice((400, 800, 1200))),
            }  # fmt: skip
            if kind == "build":
                row.update(stage=Stage.CONTINUING, actual_start=start,
                           in_statistics_date=start + timedelta(days=20) if rng.random() < 0.9 else None)  # fmt: skip
            elif kind == "done":
                row.update(stage=Stage.COMPLETED, actual_start=start,
                           actual_completion=start + timedelta(days=300), in_statistics_date=start)  # fmt: skip
            else:
                row.update(stage=Stage.PRELIMINARY if kind == "pre" else Stage.RESERVE)
            rows.append(row)
            kinds.append(kind)
        ids = insert_projects(rows, by=user, reason="bench", stamp=stamp, note="bench")
        pks = [ids[(row["region"], row["name"])] for row in rows]
        say(f"projects: {projects} in {time.perf_counter() - started:.1f} s")
        years = sorted({p.year for p in period_list})
        plans = {}
        plan_rows = []
        for pk, row in zip(pks, rows, strict=True):
            for year in years:
                amount = (row["total_investment"] / 4).quantize(Decimal("1"))
                plans[(pk, year)] = amount
                plan_rows.append((pk, year, amount))
        write_annual_plans(plan_rows, by=user, reason="bench", stamp=stamp)
        reports, summaries, count = [], {}, 0
        for pk, row, kind in zip(pks, rows, kinds, strict=True):
            if kind != "build":
                continue
            pace = rng.choice((1.0, 1.0, 0.9, 0.7, 0.5, 0.2))  # share of the plan's pace
            stops = len(period_list) - rng.randint(1, 3) if rng.random() < 0.1 else len(period_list)
            ytd = {}
            total = Decimal(0)
            for n, period in enumerate(period_list[:stops]):
                if period.end < row["actual_start"]:
                    continue
                months = period.last_month - period.first_month + 1
                amount = (
                    plans[(pk, period.year)] * months / 12 * Decimal(pace * rng.uniform(0.6, 1.3))
                ).quantize(Decimal("0.01"))
                if n >= len(period_list) - 3 and pace == 0.5:
                    amount = Decimal(0)  # stalled lately
                ytd[period.year] = ytd.get(period.year, Decimal(0)) + amount
                total += amount
                reports.append(dict(
                    project_id=pk, period_id=period.pk, completed_period=amount, completed_ytd=ytd[period.year],
                    completed_total=total, status="approved", filled_by_id=user.pk, submitted_at=stamp,
                    created=stamp, updated=stamp, version=1,
                ))  # fmt: skip
                summaries[(pk, period.year)] = (ytd[period.year], period)
            if len(reports) >= BATCH:
                _insert(MonthlyReport, reports)
                count += len(reports)
                reports = []
        _insert(MonthlyReport, reports)
        count += len(reports)
        say(f"reports: {count} in {time.perf_counter() - started:.1f} s")
        _insert(ProjectYearSummary, (dict(
                project_id=pk, year=year, annual_plan=plans[(pk, year)], completed_ytd=done,
                last_period_id=period.pk, time_progress=(Decimal(period.last_month) / 12).quantize(Decimal("0.0001")),
                completion_rate=(done / plans[(pk, year)]).quantize(Decimal("0.0001")) if plans[(pk, year)] else None,
            ) for (pk, year), (done, period) in summaries.items()))  # fmt: skip
        Problem.objects.bulk_create(
            (Problem(project_id=pk, category="land", description="用地指标未落实", solving_level="county",
                     raised_on=as_of - timedelta(days=60), raised_by=user,
                     due_date=as_of - timedelta(days=rng.randint(-20, 45)))
             for pk, kind in zip(pks, kinds, strict=True) if kind == "build" and rng.random() < 0.1),
            batch_size=BATCH,
        )  # fmt: skip
        WorkStatusEvent.objects.bulk_create(
            (WorkStatusEvent(project_id=pk, kind=WorkStatusKind.SUSPENDED, reason="funds",
                             date=as_of - timedelta(days=rng.randint(10, 120)))
             for pk, kind in zip(pks, kinds, strict=True) if kind == "build" and rng.random() < 0.02),
            batch_size=BATCH,
        )  # fmt: skip
    assert Project.objects.count() >= projects
    _analyze()
    return Portfolio(projects, period_list, as_of, count, time.perf_counter() - started)


def _analyze():
    """On PostgreSQL, what autovacuum would do a while after a bulk load: the planner's
    statistics and the visibility map (index-only scans), so a benchmark does not time plans
    made for empty tables."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if transaction.get_autocommit() else "ANALYZE")


def setup_django(workdir=None):
    """A fresh migrated database (SQLite in a temporary folder unless DATABASE_URL is set)."""
    import tempfile

    os.environ.setdefault(
        "GROUNDBREAK_VAR_DIR", workdir or tempfile.mkdtemp(prefix="groundbreak-bench-")
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command

    from groundbreak.regions.models import Region
    from groundbreak.regions.services import DATA_DIR, load_regions

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        load_regions(DATA_DIR / "yuxi.csv")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--periods", type=int, default=24)
    args = parser.parse_args()
    setup_django()
    built = build(args.projects, args.periods, stdout=sys.stdout)
    print(f"{built.projects} projects, {built.reports} reports over {len(built.periods)} periods "
          f"as of {built.as_of} in {built.seconds:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
