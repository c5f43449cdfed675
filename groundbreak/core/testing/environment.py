"""The environment of a fresh process started by a test, without the tests' own settings."""

import os

# CI's PostgreSQL run sets DATABASE_URL; core.pytest_env sets DEBUG and TASKS_IMMEDIATE; the
# browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE.
TESTS_OWN = (
    "DATABASE_URL",
    "DEBUG",
    "TASKS_IMMEDIATE",
    "DEMO",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def fresh_environment(**extra):
    """This process's environment less the tests' own settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in TESTS_OWN}
    env.update(DJANGO_SETTINGS_MODULE="groundbreak.settings", **extra)
    return env
