"""The API's throttles and tokens, the schema behind a login, pages without inline script, and
error pages that never list settings or the environment."""

import os
import re
import sys
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.debug import ExceptionReporter
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from groundbreak.imports.models import ImportRecord, ImportStatus

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
EXPIRED_ZH = "令牌已过期，请申请新的令牌。"
REFUSED = (401, 403)  # DRF answers 403 when the session is the first authentication it tries


def token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_works_until_it_expires_or_is_revoked(city_user, settings):
    token = Token.objects.create(user=city_user)
    assert token_client(token.key).get("/api/projects/").status_code == 200
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - timedelta(days=settings.API_TOKEN_DAYS + 1)
    )
    expired = token_client(token.key).get("/api/projects/")
    assert expired.status_code in REFUSED
    assert expired.json()["detail"] in ("The token has expired: ask for a new one.", EXPIRED_ZH)
    token.delete()
    fresh = Token.objects.create(user=city_user)
    assert token_client(fresh.key).get("/api/projects/").status_code == 200
    fresh.delete()  # revoked (admin → Tokens → delete)
    assert token_client(fresh.key).get("/api/projects/").status_code in REFUSED


def test_an_address_that_keeps_sending_bad_tokens_is_answered_429(city_user):
    answers = [token_client(f"bad{n:037d}").get("/api/projects/").status_code for n in range(10)]
    assert all(answer in REFUSED for answer in answers)
    again = token_client("bad" + "9" * 37).get("/api/projects/")
    assert again.status_code == 429 and "Retry-After" in again
    good = Token.objects.create(user=city_user)
    assert token_client(good.key).get("/api/projects/").status_code == 429  # until it cools off


def test_a_user_over_the_api_rate_is_answered_429(city_user, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "rate", "3/min", raising=False)
    client = APIClient()
    client.force_authenticate(city_user)
    answers = [client.get("/api/regions/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_the_api_schema_and_docs_need_a_login_when_debug_is_off(client, city_user, settings):
    settings.DEBUG = False
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (401, 403)
    client.force_login(city_user)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and not INLINE_SCRIPT.search(docs.content.decode())
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_the_pages_carry_no_inline_script_nor_event_handler(
    client, city_user, portfolio, hongta, settings
):
    record = ImportRecord.objects.create(
        kind="projects",
        region=hongta,
        filename="a.xlsx",
        sha256="0" * 64,
        created_by=city_user,
        status=ImportStatus.READING,
    )
    client.force_login(city_user)
    pages = [
        reverse("home"),
        reverse("projects:project_list"),
        reverse("projects:project_list") + "?stage=reserve",
        portfolio["hongta_a"].get_absolute_url(),
        reverse("imports:import_list"),
        record.get_absolute_url(),
        reverse("admin:index"),
    ]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not EVENT_HANDLER.search(html), url
    client.logout()
    login = client.get(reverse("login")).content.decode()
    assert not INLINE_SCRIPT.search(login) and not EVENT_HANDLER.search(login)


def test_an_error_page_lists_neither_the_settings_nor_the_environment(settings):
    settings.DEBUG = True  # as on a developer's machine: the technical 500 page
    request = RequestFactory().get("/boom/", HTTP_X_PROBE="header-value")
    request.META.update(os.environ)  # runserver hands the process environment in META
    request.META["GB_LEAK_PROBE"] = "environment-value"
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        html = ExceptionReporter(request, *sys.exc_info()).get_traceback_html()
    assert "boom" in html  # it still says what broke
    # As the page's tables would show them (the source lines above appear escaped).
    for leak in ("<td>ROOT_URLCONF</td>", "<td>DATABASES</td>", "<td>GB_LEAK_PROBE</td>"):
        assert leak not in html


@pytest.mark.parametrize("url", ["/no-such-page/", "/api/no-such-endpoint/"])
def test_a_missing_page_lists_no_urls(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "urlpatterns" not in response.content.decode()
    assert "admin/" not in response.content.decode()
