"""A real install, with the production settings the README documents: `check --deploy` finds
nothing, every page carries the security headers, and a start without the collected static
files is refused with the reason (instead of every page answering 500)."""

import json
import subprocess
import sys

import pytest

from groundbreak.core.testing.environment import fresh_environment

PROBE = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
import django; django.setup()
from io import StringIO
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
out = StringIO()
call_command("collectstatic", interactive=False, verbosity=0)
from django.core.management.base import SystemCheckError
try:
    call_command("check", deploy=True, fail_level="DEBUG", stdout=out, stderr=out)
except SystemCheckError as error:
    out.write(str(error))
client = Client()
login = client.get("/login/", secure=True)
plain = client.get("/login/")
missing = client.get("/no-such-page/", secure=True)
print(json.dumps({
    "check": out.getvalue(),
    "status": login.status_code,
    "headers": dict(login.headers),
    "cookies": {name: dict(morsel.items()) for name, morsel in login.cookies.items()},
    "plain": [plain.status_code, plain.headers.get("Location", "")],
    "missing": [missing.status_code, missing.content.decode()],
    "schema": client.get("/api/schema/", secure=True).status_code,
}))
"""


def production_env(tmp_path, **extra):
    return fresh_environment(
        GROUNDBREAK_VAR_DIR=str(tmp_path),
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="testserver,groundbreak.example.cn",
        **extra,
    )


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_finds_nothing_with_the_production_settings(production):
    lines = [line for line in production["check"].splitlines() if "?:" in line or ": (" in line]
    assert lines == []


def test_pages_carry_the_security_headers_with_debug_off(production):
    assert production["status"] == 200
    headers = {k.lower(): v for k, v in production["headers"].items()}
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "frame-ancestors 'none'" in policy


def test_cookies_are_secure_and_kept_from_scripts(production):
    csrf = production["cookies"]["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


def test_plain_http_is_sent_to_https(production):
    status, location = production["plain"]
    assert status == 301 and location.startswith("https://")


def test_a_missing_page_is_the_product_s_own_and_the_schema_needs_a_login(production):
    status, body = production["missing"]
    assert status == 404 and "urlpatterns" not in body and "URLconf" not in body
    assert production["schema"] in (401, 403)


def test_a_start_without_collected_static_files_is_refused_with_the_reason(tmp_path):
    env = production_env(tmp_path)
    served = subprocess.run(
        [sys.executable, "-c", "import groundbreak.wsgi"], env=env, capture_output=True, text=True
    )
    assert served.returncode != 0 and "collectstatic" in served.stderr
    checked = subprocess.run(
        [sys.executable, "-m", "groundbreak.cli", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert checked.returncode != 0 and "collectstatic" in checked.stderr
