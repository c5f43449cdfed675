"""The demo, loaded once for this package's test modules (loading it is the slowest step of
the suite): ``load_demo`` inside a transaction that is rolled back
at the end, its report photos in a temporary media folder. Each test runs in its own savepoint
on top of it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="package")
def demo_media(tmp_path_factory):
    """Where the demo's photos go (each test has its own MEDIA_ROOT: see the root conftest.py)."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, demo_media):
    """Run ``load_demo`` once for the package; roll it all back afterwards. Gives its output."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=demo_media),
        transaction.atomic(),
    ):
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
