"""Import a 20,000-row county table and compare with python-calamine's bare read of the same file.

    python3 -m uv run python bench/import_bench.py [--rows 20000]

Prints the times of the whole import as the console does it (one step) and as the web does it
(preview, then confirm), each as a ratio to the bare read (target: within 5×), and the memory
peak. Runs on a fresh SQLite database in a temporary folder (or DATABASE_URL if set).
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


def build_table(rows):
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
    for i in range(rows):
        total = rng.randint(500, 500000)
        start = date(2019, 1, 1) + timedelta(days=rng.randint(0, 700))
        sheet.write_row(
            3 + i,
            0,
            [
                i + 1,
                f"2020-530402-48-01-{i:06d}",
                f"红塔区测试项目{i:05d}号工程",
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


def best_of(n, func, before=None):
    times = []
    for _ in range(n):
        if before:
            before()
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (default 3)")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="groundbreak-bench-")
    os.environ.setdefault("GROUNDBREAK_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
    os.environ["IMPORTS_INLINE"] = "true"
    os.environ.setdefault("DEBUG", "true")  # a developer's settings: no secret key needed
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
    user = User.objects.create(username="bench-county", role=Role.COUNTY, region=region)
    content = build_table(args.rows)

    def clear():
        """Back to an empty county between runs (raw deletes: the ORM's take longer than the import)."""
        models = [
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

    def bare_read():
        CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()

    def console_import():
        """What `groundbreak import projects FILE --region 530402` does: read, plan, keep the
        preview with the record, write (running the command is the confirmation)."""
        record = services.import_now(
            kind="projects", region=region, content=content, filename="bench.xlsx", by=user
        )
        assert record.status == "applied", record.preview.get("refusals", [])[:3] or record.error

    def web_import():
        """The page's two steps: upload → preview stored; confirm → the file is planned again,
        compared with the preview, and written."""
        record = services.start_import(
            kind="projects", region=region, content=content, filename="bench.xlsx", by=user
        )
        assert record.status == "previewed", record.preview.get("refusals", [])[:3] or record.error
        services.confirm_import(record, by=user)

    read_time = best_of(args.runs, bare_read)
    console_time = best_of(args.runs, console_import, before=clear)
    assert Project.objects.count() == args.rows
    web_time = best_of(args.runs, web_import, before=clear)
    assert Project.objects.count() == args.rows

    # The memory peak is taken in a run of its own: tracemalloc slows Python code down.
    clear()
    tracemalloc.start()
    console_import()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        f"rows: {args.rows}, file: {len(content) / 2**20:.1f} MiB, database: {connection.vendor}, "
        f"best of {args.runs}"
    )
    print(f"calamine bare read: {read_time:.3f} s")
    print(
        f"whole import, console (read, parse, validate, match, preview, write): {console_time:.3f} s"
        f" = {console_time / read_time:.1f}× the bare read (target ≤ 5×)"
    )
    print(
        f"whole import, web (preview; confirm: read and plan again, compare, write): {web_time:.3f} s"
        f" = {web_time / read_time:.1f}×"
    )
    print(f"memory peak during the console import (tracemalloc): {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
