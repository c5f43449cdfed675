"""Import a 20,000-row county table and compare with python-calamine's bare read of the same file.

    python3 -m uv run python bench/import_bench.py [--rows 20000]

Prints the times, the ratio (target: the whole import within 5× the bare read) and the memory
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


def best_of(n, func):
    times = []
    for _ in range(n):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20000)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="groundbreak-bench-")
    os.environ.setdefault("GROUNDBREAK_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
    os.environ["IMPORTS_INLINE"] = "true"
    import django

    django.setup()
    from django.core.management import call_command
    from python_calamine import CalamineWorkbook

    from groundbreak.accounts.models import Role, User
    from groundbreak.imports import services
    from groundbreak.projects.models import Project
    from groundbreak.regions.models import Region
    from groundbreak.regions.services import DATA_DIR, load_regions

    call_command("migrate", verbosity=0)
    load_regions(DATA_DIR / "yuxi.csv")
    region = Region.objects.get(code="530402")
    user = User.objects.create(username="bench-county", role=Role.COUNTY, region=region)
    content = build_table(args.rows)

    def bare_read():
        CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()

    read_time = best_of(3, bare_read)

    tracemalloc.start()
    started = time.perf_counter()
    record = services.start_import(
        kind="projects", region=region, content=content, filename="bench.xlsx", by=user
    )
    preview_time = time.perf_counter() - started
    assert record.status == "previewed", record.preview.get("refusals", [])[:3] or record.error
    services.confirm_import(record, by=user)
    import_time = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert Project.objects.count() == args.rows

    # The import is timed once more without tracemalloc, which slows Python code down.
    Project.history.all().delete()
    Project.objects.all().delete()
    started = time.perf_counter()
    record = services.start_import(
        kind="projects", region=region, content=content, filename="bench.xlsx", by=user
    )
    services.confirm_import(record, by=user)
    untraced = time.perf_counter() - started

    print(
        f"rows: {args.rows}, file: {len(content) / 2**20:.1f} MiB, database: {django.db.connection.vendor}"
    )
    print(f"calamine bare read (best of 3): {read_time:.3f} s")
    print(f"whole import (read, parse, validate, match, preview, confirm, write): {untraced:.3f} s")
    print(f"  of which the preview: {preview_time / import_time * untraced:.3f} s")
    print(f"ratio: {untraced / read_time:.1f}× the bare read (target ≤ 5×)")
    print(f"memory peak during the import (tracemalloc): {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
