"""Lower floors never import higher ones: the import engine knows no domain app, projects know
nothing of reporting. A higher floor registers with a lower one's registry instead."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# From the ground up; an app may import its own floor and those below.
FLOORS = [
    "core",
    "regions",
    "accounts",
    "notifications",
    "imports",
    "projects",
    "reporting",
    "lists",
    "alerts",
    "planning",
    "demo",
]


def _imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "groundbreak":
                yield node.lineno, parts[1]


@pytest.mark.parametrize("app", FLOORS[:-1])
def test_an_app_imports_no_app_above_it(app):
    above = set(FLOORS[FLOORS.index(app) + 1 :])
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports groundbreak.{target}"
        for path in (ROOT / app).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for line, target in _imported_apps(path)
        if target in above
    ]
    assert offending == []
