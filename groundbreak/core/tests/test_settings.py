"""Settings come from the environment; nonsense fails loudly at start, not later."""

import os
import subprocess
import sys

from groundbreak.core.testing.environment import fresh_environment


def start(**environ):
    env = fresh_environment(**environ)
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.DEBUG)"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def test_a_developer_s_start_is_sqlite_with_debug(tmp_path):
    result = start(GROUNDBREAK_VAR_DIR=str(tmp_path), DEBUG="true")
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_a_real_install_defaults_to_debug_off_and_asks_for_a_secret_key(tmp_path):
    result = start(GROUNDBREAK_VAR_DIR=str(tmp_path))
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
    result = start(GROUNDBREAK_VAR_DIR=str(tmp_path), SECRET_KEY="s" * 50)
    assert result.stdout.split() == ["django.db.backends.sqlite3", "False"]


def test_the_demo_runs_with_debug_off_and_a_secret_key_of_its_own(tmp_path):
    first = start(GROUNDBREAK_VAR_DIR=str(tmp_path), DEMO="true")
    assert first.stdout.split() == ["django.db.backends.sqlite3", "False"]
    key = (tmp_path / "demo-secret-key").read_text()
    assert len(key) >= 50
    start(GROUNDBREAK_VAR_DIR=str(tmp_path), DEMO="true")
    assert (tmp_path / "demo-secret-key").read_text() == key  # kept: sessions survive a restart


def test_database_url_switches_to_postgresql(tmp_path):
    result = start(
        GROUNDBREAK_VAR_DIR=str(tmp_path),
        DEBUG="true",
        DATABASE_URL="postgres://u@127.0.0.1:5432/gb",
    )
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_nonsense_boolean_is_refused(tmp_path):
    result = start(GROUNDBREAK_VAR_DIR=str(tmp_path), DEBUG="maybe")
    assert result.returncode != 0 and "DEBUG must be a boolean" in result.stderr


def test_production_without_secret_key_is_refused(tmp_path):
    result = start(GROUNDBREAK_VAR_DIR=str(tmp_path), DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DEBUG"},
        "DJANGO_SETTINGS_MODULE": "groundbreak.settings",
        "DEBUG": "false",
        "SECRET_KEY_FILE": str(secret),
        "GROUNDBREAK_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "from-a-file"


def test_the_demo_serves_its_static_files_and_a_plain_404_without_collectstatic(tmp_path):
    code = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='127.0.0.1'); "
        "missing = c.get('/no-such-page/'); "
        "print(c.get('/static/groundbreak/app.css').status_code, missing.status_code, "
        "'urlpatterns' in missing.content.decode())"
    )
    env = fresh_environment(DEMO="true", GROUNDBREAK_VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["200", "404", "False"], result.stderr[-2000:]
