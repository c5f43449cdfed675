"""How long the confirmation of an import holds the database's write lock (all of SQLite).

    python3 -m uv run python bench/lock_hold.py [--rows 50000]

Uploads a county table of ROWS new projects (the import benchmark's table), previews it, and
confirms it twice on fresh databases: as the confirmation did before issue 18 (read, plan and
compare inside the transaction) and as it does now (only the writes inside). Prints the longest
time spent inside an outermost transaction during each confirmation: on SQLite with IMMEDIATE
transactions, the time every other writer waits.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50000)
    args = parser.parse_args()
    os.environ.setdefault("GROUNDBREAK_VAR_DIR", tempfile.mkdtemp(prefix="groundbreak-lock-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
    os.environ["IMPORTS_INLINE"] = "true"
    os.environ.setdefault("DEBUG", "true")  # a developer's settings: no secret key needed
    os.environ.setdefault("IMPORT_MAX_ROWS", str(max(args.rows + 10, 100000)))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from import_bench import build_table

    from groundbreak.accounts.models import Role, User
    from groundbreak.imports import services
    from groundbreak.imports.preview import changed_rows
    from groundbreak.projects.models import Project
    from groundbreak.regions.models import Region
    from groundbreak.regions.services import DATA_DIR, load_regions

    holds = []
    original_enter, original_exit = transaction.Atomic.__enter__, transaction.Atomic.__exit__

    def enter(self):
        outermost = not connection.in_atomic_block
        original_enter(self)
        if outermost:
            self._bench_started = time.perf_counter()

    def exit_(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        if hasattr(self, "_bench_started") and not connection.in_atomic_block:
            holds.append(time.perf_counter() - self._bench_started)
            del self._bench_started
        return result

    transaction.Atomic.__enter__, transaction.Atomic.__exit__ = enter, exit_

    def old_confirm(record, *, by):
        """The confirmation before issue 18: everything inside one transaction."""
        with transaction.atomic():
            from groundbreak.imports.models import ImportRecord

            record = ImportRecord.objects.select_for_update().get(pk=record.pk)
            plan, preview = services._plan(record)
            changed = changed_rows(record.preview, preview, services._handler(record.kind).compared)
            assert not changed
            services._apply(record, plan, by=by, preview=preview)

    call_command("migrate", verbosity=0)
    load_regions(DATA_DIR / "yuxi.csv")
    region = Region.objects.get(code="530402")
    user = User.objects.create(username="bench-county", role=Role.COUNTY, region=region)
    content = build_table(args.rows)
    for label, confirm in (
        ("before (plan inside)", old_confirm),
        ("now (writes only)", services.confirm_import),
    ):
        Project.objects.all().delete() if Project.objects.exists() else None
        record = services.start_import(
            kind="projects", region=region, content=content, filename="lock.xlsx", by=user
        )
        assert record.status == "previewed", record.error or record.preview["refusals"][:3]
        holds.clear()
        started = time.perf_counter()
        confirm(record, by=user)
        total = time.perf_counter() - started
        print(
            f"{args.rows} rows, {label}: confirmation {total:.1f} s, "
            f"longest write-lock hold {max(holds):.1f} s"
        )
        with connection.cursor() as cursor:  # back to an empty county (raw: faster than the ORM)
            for model in ("projects_stagetransition", "projects_project_key_levels",
                          "projects_historicalproject", "projects_project",
                          "accounts_historicalownerunit", "accounts_ownerunit"):  # fmt: skip
                cursor.execute(f"DELETE FROM {model}")


if __name__ == "__main__":
    main()
