"""The demo city (演示数据), assembled from each app's own step.

Every installed app may have a ``demo`` module with ``build(demo)``: it adds that app's part of
the demo, through the app's own services, after the apps before it in ``INSTALLED_APPS``, and
returns a summary (``{"counts": {...}, ...}``). A module may also offer ``present()``: whether its
part is loaded already, and set ``GATHER_PROJECT_CHANGES = True``: its writes need no follow-up
each (its thousand writes send ``project_changed`` once, with all their projects, at the end of
the step). A new app adds its step without touching the others.
"""

import importlib
from contextlib import nullcontext
from dataclasses import dataclass, field
from importlib.util import find_spec

from django.apps import apps
from django.db import connection, transaction

from groundbreak.projects.demo import DEMO_USERNAMES, PASSWORD
from groundbreak.projects.signals import project_changed

__all__ = ["DEMO_USERNAMES", "PASSWORD", "build_demo", "demo_present", "demo_steps"]


@dataclass
class DemoRun:
    """What a step gets: where to say what it does, and the summaries of the steps before it."""

    stdout: object = None
    results: dict = field(default_factory=dict)

    def say(self, message):
        if self.stdout is not None:
            self.stdout.write(f"{message}\n")


def demo_steps():
    """The apps' demo modules, in the order of INSTALLED_APPS."""
    steps = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name.startswith("groundbreak.") and find_spec(name) is not None:
            module = importlib.import_module(name)
            if hasattr(module, "build"):
                steps.append((config.label, module))
    return steps


def demo_present():
    """Whether the demo has been loaded (every step that can tell says so)."""
    checks = [module.present for _label, module in demo_steps() if hasattr(module, "present")]
    return bool(checks) and all(check() for check in checks)


def build_demo(*, stdout=None, until=None):
    """Build the demo city into a database with regions but no projects, all or nothing (one
    transaction). Raises RuntimeError where a step finds the database unfit. Returns the steps'
    summaries merged: their counts in one dict, other keys as the steps gave them. ``until``: the
    label of the last step to run (a step's tests read its own part, before later steps add
    theirs)."""
    run = DemoRun(stdout=stdout)
    summary = {"counts": {}}
    with transaction.atomic():
        for label, module in demo_steps():
            gather = getattr(module, "GATHER_PROJECT_CHANGES", False)
            with project_changed.gathered(sender=DemoRun) if gather else nullcontext():
                result = module.build(run) or {}
            run.results[label] = result
            summary["counts"].update(result.get("counts", {}))
            summary.update({key: value for key, value in result.items() if key != "counts"})
            _refresh_planner_statistics()
            if label == until:
                break
    return summary


def _refresh_planner_statistics():
    """PostgreSQL plans from table statistics, and autovacuum cannot see rows this transaction
    has not committed: a later step's grouped queries were planned for empty tables (nested
    loops over thousands of rows, minutes each). ANALYZE, run inside the transaction, counts
    them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
