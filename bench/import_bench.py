"""Import a county table three ways and compare each with python-calamine's bare read of the
same file in the same run.

    python3 -m uv run python bench/import_bench.py [--rows 20000] [--database postgres://…]

(a) the first import of N rows into an empty county; (b) the first import of N rows of names
close to, but not the same as, the N projects the county already holds (a phase added, a place
written out, a character changed: every name is compared with the county's, and the rows close
to one ask which project they are, so the import stops at its preview); (c) the unchanged
re-import of the county's own N rows. Also: (b') the similar list with every row answered
"new" (the write of N more), the web's two steps for (a), and the memory peaks. Target: (a),
(b) and (c) within 7× the bare read on SQLite.

Runs on a fresh SQLite database in a temporary folder, or on ``--database`` (or DATABASE_URL):
a database of its own, which it migrates and empties.
"""

import argparse
import io
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


PLACE_CHARS = (
    "玉溪红塔江川澄江通海华宁易门峨山新平元江大营街北城春和李棋研和高仓洛河凤凰九龙东风南北中西"
    "上下前后山水河湖海桥坝村寨沟岭坡湾塘庄园林田龙虎鹤云星月明光华兴盛安宁平和福寿康乐祥瑞金银"
    "铜铁石峰泉溪源清秀美丽新旧古城关门楼阁亭台宫寺庙观堂"
)
OBJECTS = (
    "道路 片区 学校 中学 小学 幼儿园 医院 卫生院 污水处理厂 农贸市场 安置房 供水管网 排水管网 "
    "体育馆 文化中心 产业园 物流园 停车场 公园 水库 河道 桥梁 隧道 客运站 养老院 老旧小区 棚户区 "
    "标准厂房 冷链仓储 光伏电站"
).split()
WORKS = (
    "改造工程 建设项目 提升改造工程 新建工程 扩建项目 综合整治工程 升级改造项目 迁建工程 "
    "配套设施建设项目 保护治理工程"
).split()


def project_names(rows, kind="varied"):
    """``rows`` distinct names: a county's mix of places, objects and works ("varied"), or one
    pattern with a number ("numbered", names alike: each is close to thousands)."""
    import random

    if kind == "numbered":
        return [f"红塔区测试项目{i:05d}号工程" for i in range(rows)]
    rng = random.Random(20000)
    names = {}
    while len(names) < rows:
        place = "".join(rng.sample(PLACE_CHARS, rng.randint(2, 3)))
        if rng.random() < 0.5:
            place += rng.choice(["路", "大道", "街", "片区"])
        names.setdefault(f"{place}{rng.choice(OBJECTS)}{rng.choice(WORKS)}")
    return list(names)


def similar_names(names):
    """For each name, one close to it but not the same: a phase or a part added, the city or
    the district written before it, a character changed."""
    import random

    rng = random.Random(20001)
    taken, similar = set(names), []
    for name in names:
        while True:
            kind = rng.randrange(4)
            if kind == 0:
                new = name + rng.choice(["（二期）", "（一期）", "二期工程", "（三期）"])
            elif kind == 1:
                new = rng.choice(["玉溪市", "红塔区", "玉溪市红塔区"]) + name
            elif kind == 2:
                at = rng.randrange(len(name) - 4)
                new = name[:at] + rng.choice(PLACE_CHARS) + name[at + 1 :]
            else:
                new = name + rng.choice(["（续建）", "配套工程", "附属设施"])
            if new not in taken:
                taken.add(new)
                similar.append(new)
                break
    return similar


def build_table(names, series="01"):
    """A county's list of ``names`` (codes of the given series, so that two lists' codes differ)."""
    import random

    import xlsxwriter

    rng = random.Random(20000)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("项目清单")
    sheet.write_row(0, 0, ["红塔区2020年重点项目推进情况表"])
    sheet.write_row(1, 0, ["单位：万元"])
    header = [
        "序号",
        "项目代码",
        "项目名称",
        "建设单位",
        "领域",
        "行业",
        "项目阶段",
        "总投资（万元）",
        "2020年计划投资（万元）",
        "计划开工时间",
        "计划竣工时间",
        "建设规模及内容",
        "联系人",
    ]
    sheet.write_row(2, 0, header)
    fields = ["基础设施", "社会事业", "产业发展"]
    sectors = ["交通运输、仓储和邮政业", "制造业", "教育", "水利、环境和公共设施管理业"]
    stages = ["前期", "新开工", "续建"]
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for i, name in enumerate(names):
        total = rng.randint(500, 500000)
        start = date(2019, 1, 1) + timedelta(days=rng.randint(0, 700))
        sheet.write_row(
            3 + i,
            0,
            [
                i + 1,
                f"2020-530402-48-{series}-{i:06d}",
                name,
                f"玉溪市测试建设公司{i % 400:03d}",
                fields[i % 3],
                sectors[i % 4],
                stages[i % 3],
                total,
                rng.randint(0, total),
            ],
        )
        sheet.write_datetime(3 + i, 9, start, date_format)
        sheet.write_datetime(3 + i, 10, start + timedelta(days=900), date_format)
        sheet.write_string(3 + i, 11, "新建道路及配套设施")
        sheet.write_string(3 + i, 12, "张三")
    book.close()
    return buffer.getvalue()


def cpu_time():
    """This process's CPU time and its finished children's (the file is read in a child): unlike
    the wall clock, not lengthened by other programs on a shared machine. A database server's
    time is not in it (PostgreSQL: read the wall-clock figures)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


class Timing:
    """The best of a few runs, on the wall clock and in CPU time."""

    def __init__(self, wall, cpu):
        self.wall, self.cpu = wall, cpu

    def best(self, other):
        return Timing(min(self.wall, other.wall), min(self.cpu, other.cpu))

    def over(self, read):
        return (
            f"{self.wall:.3f} s = {self.wall / read.wall:.1f}× the bare read "
            f"(CPU {self.cpu:.3f} s = {self.cpu / read.cpu:.1f}×)"
        )


class WorkerQueue:
    """The jobs an import queues for the worker (its projects' warnings, the cockpit's snapshot,
    notifications), kept instead of run at once, so that the import and the worker's share
    afterwards are timed apart, as they run in production (the benchmark's tasks are otherwise
    immediate)."""

    def __init__(self):
        self.jobs = []

    def __enter__(self):
        from django.tasks.backends.immediate import ImmediateBackend

        self._original = ImmediateBackend.enqueue
        ImmediateBackend.enqueue = lambda backend, task, args, kwargs: self.jobs.append(
            (backend, task, args, kwargs)
        )
        return self

    def __exit__(self, *exc):
        from django.tasks.backends.immediate import ImmediateBackend

        ImmediateBackend.enqueue = self._original

    def run(self):
        jobs, self.jobs = self.jobs, []
        for backend, task, args, kwargs in jobs:
            self._original(backend, task, args, kwargs)
        return len(jobs)


def best_of(n, func, before=None):
    walls, cpus = [], []
    for _ in range(n):
        if before:
            before()
        started, cpu = time.perf_counter(), cpu_time()
        func()
        walls.append(time.perf_counter() - started)
        cpus.append(cpu_time() - cpu)
    return Timing(min(walls), min(cpus))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (default 3)")
    parser.add_argument(
        "--database",
        default=os.environ.get("DATABASE_URL", ""),
        help="postgres://… (a database of its own: it is migrated and emptied); default SQLite",
    )
    parser.add_argument(
        "--names",
        choices=["varied", "numbered"],
        default="varied",
        help="varied: a county's mix of names; numbered: one pattern, each name close to thousands",
    )
    parser.add_argument(
        "--profile",
        choices=["a", "b", "c"],
        help="instead of timing: one run of that case under cProfile, the top functions",
    )
    parser.add_argument(
        "--profile-only",
        default="",
        help="with --profile: list only the functions whose file or name matches this pattern",
    )
    parser.add_argument(
        "--profile-out", default="", help="with --profile: also keep the stats in this file"
    )
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="groundbreak-bench-")
    os.environ.setdefault("GROUNDBREAK_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
    os.environ["IMPORTS_INLINE"] = "true"
    os.environ.setdefault("DEBUG", "true")  # a developer's settings: no secret key needed
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from python_calamine import CalamineWorkbook

    from groundbreak.accounts.models import OwnerUnit, Role, User
    from groundbreak.imports import services
    from groundbreak.imports.models import ImportRecord
    from groundbreak.projects.models import AnnualPlan, Project, StageTransition
    from groundbreak.regions.models import Region
    from groundbreak.regions.services import DATA_DIR, load_regions

    call_command("migrate", verbosity=0)
    load_regions(DATA_DIR / "yuxi.csv")
    region = Region.objects.get(code="530402")
    user, _new = User.objects.get_or_create(
        username="bench-county", defaults={"role": Role.COUNTY, "region": region}
    )
    names = project_names(args.rows, args.names)
    content = build_table(names)
    similar = build_table(similar_names(names), series="02")

    def clear():
        """Back to an empty county between runs (raw deletes: the ORM's take longer than the import)."""
        from groundbreak.alerts.models import Acknowledgement, Exemption, Warning, WarningEvent
        from groundbreak.notifications.models import Delivery, Notification

        # what the apps above write when projects come in (warnings, their notifications)
        models = [
            Delivery,
            Notification,
            Acknowledgement,
            Exemption,
            WarningEvent,
            Warning,
            AnnualPlan.history.model,
            AnnualPlan,
            StageTransition,
            Project.key_levels.through,
            Project.history.model,
            Project,
            OwnerUnit.history.model,
            OwnerUnit,
            ImportRecord,
        ]
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")

    def bare_read(data=content):
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()

    def console_import(data=content, expect="applied", decisions=None):
        """What `groundbreak import projects FILE --region 530402` does: read, plan, keep the
        preview with the record, write (running the command is the confirmation)."""
        record = services.import_now(
            kind="projects",
            region=region,
            content=data,
            filename="bench.xlsx",
            by=user,
            decisions=decisions,
        )
        assert record.status == expect, record.preview.get("refusals", [])[:3] or record.error
        return record

    def web_import():
        """The page's two steps: upload → preview stored; confirm → the file is planned again,
        compared with the preview, and written."""
        record = services.start_import(
            kind="projects", region=region, content=content, filename="bench.xlsx", by=user
        )
        assert record.status == "previewed", record.preview.get("refusals", [])[:3] or record.error
        services.confirm_import(record, by=user)

    def peak_of(func):
        """The memory peak of one run of its own (tracemalloc slows Python code down)."""
        tracemalloc.start()
        try:
            result = func()
        finally:
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return peak, result

    if args.profile:
        import cProfile
        import pstats

        clear()
        if args.profile != "a":
            console_import()
        data, expect = (similar, "choosing") if args.profile == "b" else (content, "applied")
        profile = cProfile.Profile()
        profile.runcall(console_import, data, expect)
        if args.profile_out:
            profile.dump_stats(args.profile_out)
        only = [args.profile_only] if args.profile_only else []
        pstats.Stats(profile).sort_stats("cumulative").print_stats(*only, 40)
        pstats.Stats(profile).sort_stats("tottime").print_stats(*only, 25)
        return

    read_time = best_of(args.runs, bare_read)
    similar_read = best_of(args.runs, lambda: bare_read(similar))
    web_time = best_of(args.runs, web_import, before=clear)
    with WorkerQueue() as queue:  # (a): the import; then the worker's share, timed apart
        first_time = best_of(args.runs, console_import, before=clear)
        clear()
        queue.jobs.clear()
        console_import()
        jobs = len(queue.jobs)
        worker_time = best_of(1, queue.run)
    clear()
    first_peak, _record = peak_of(console_import)
    assert Project.objects.count() == args.rows
    # (c) the county holds the N projects of (a): the same file again changes nothing.
    again_time = best_of(args.runs, console_import)
    assert console_import().preview["totals"]["unchanged"] == args.rows
    # (b) N close names: each compared with the county's N; those close to one ask.
    similar_time = best_of(args.runs, lambda: console_import(similar, expect="choosing"))
    similar_peak, record = peak_of(lambda: console_import(similar, expect="choosing"))
    totals = record.preview["totals"]
    asked = {row["row"]: "new" for row in record.preview["rows"] if row["action"] == "choose"}
    assert Project.objects.count() == args.rows
    # (b') the user answers "new" for every row asked: N more projects are written.
    answered_time = best_of(1, lambda: console_import(similar, decisions=asked))
    assert Project.objects.count() == 2 * args.rows
    # The bare reads again, now that the process is warm: the best of all runs is the floor
    # (the first runs, before anything else, came out up to a third slower on this machine).
    read_time = read_time.best(best_of(args.runs, bare_read))
    similar_read = similar_read.best(best_of(args.runs, lambda: bare_read(similar)))

    print(
        f"rows: {args.rows}, names: {args.names}, file: {len(content) / 2**20:.1f} MiB, "
        f"database: {connection.vendor}, best of {args.runs} (the bare reads: of {2 * args.runs}, "
        "before and after the imports)"
    )
    print(
        f"calamine bare read: {read_time.wall:.3f} s, CPU {read_time.cpu:.3f} s "
        f"(the similar list: {similar_read.wall:.3f} s, CPU {similar_read.cpu:.3f} s)"
    )
    print(f"(a) first import into an empty county: {first_time.over(read_time)} (target ≤ 7×)")
    print(
        f"    then the worker's share ({jobs} jobs: the {args.rows} new projects' warnings, the "
        f"cockpit's snapshot, notifications): {worker_time.over(read_time)}"
    )
    print(
        f"(b) first import of {args.rows} similar names into a county of {args.rows} "
        f"({totals['choose']} rows asked, {totals['create']} new): "
        f"{similar_time.over(similar_read)} (target ≤ 7×)"
    )
    print(
        f"(c) unchanged re-import of the same {args.rows}: {again_time.over(read_time)} "
        "(target ≤ 7×)"
    )
    print(
        f"(b') the similar list, every row asked answered new ({args.rows} written, one run): "
        f"{answered_time.over(similar_read)}"
    )
    print(
        f"(a) as the web does it (preview; confirm: read and plan again, compare, write): "
        f"{web_time.over(read_time)}"
    )
    print(
        f"memory peak (tracemalloc): (a) {first_peak / 2**20:.0f} MiB, "
        f"(b) {similar_peak / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    main()
