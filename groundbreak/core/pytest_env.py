"""Loaded by pytest before the settings (``-p groundbreak.core.pytest_env`` in pyproject): the
tests run as a developer's machine does (DEBUG settings, no https), and background jobs run at
once in the caller (the immediate backend), except where a test starts a real worker."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("TASKS_IMMEDIATE", "true")
