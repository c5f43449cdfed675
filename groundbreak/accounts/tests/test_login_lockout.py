"""Wrong passwords lock a login (django-axes), on the site and on /admin/, until the lock-out
time passes or an administrator unlocks it; the password policy comes from the settings."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from groundbreak.accounts.models import User

GOOD = "secret-pass-123"  # conftest's make_user


def fail(client, url, username, times):
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong-password"})


def logged_in(client):
    return "_auth_user_id" in client.session


def test_repeated_wrong_passwords_lock_the_login_even_for_the_right_password(
    client, city_user, settings
):
    fail(client, reverse("login"), "city", settings.AXES_FAILURE_LIMIT)
    response = client.post(reverse("login"), {"username": "city", "password": GOOD})
    assert response.status_code == 429 and not logged_in(client)
    assert 'id="locked-out"' in response.content.decode()


def test_fewer_wrong_passwords_than_the_limit_do_not_lock(client, city_user, settings):
    fail(client, reverse("login"), "city", settings.AXES_FAILURE_LIMIT - 1)
    client.post(reverse("login"), {"username": "city", "password": GOOD})
    assert logged_in(client)


def test_the_admin_login_locks_as_well(client, settings, db):
    User.objects.create_superuser("root", password=GOOD)
    fail(client, reverse("admin:login"), "root", settings.AXES_FAILURE_LIMIT)
    response = client.post(reverse("admin:login"), {"username": "root", "password": GOOD})
    assert response.status_code == 429 and not logged_in(client)


def test_an_administrator_unlocks_a_locked_login(client, admin_client, city_user, settings):
    fail(client, reverse("login"), "city", settings.AXES_FAILURE_LIMIT)
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login", "_selected_action": [city_user.pk]},
        follow=True,
    )
    assert response.status_code == 200
    client.post(reverse("login"), {"username": "city", "password": GOOD})
    assert logged_in(client)


def test_the_minimum_password_length_comes_from_the_settings(settings):
    validate_password("tolerable-pass")
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 16},
        }
    ]
    with pytest.raises(ValidationError):
        validate_password("tolerable-pass")


def test_sessions_expire(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
