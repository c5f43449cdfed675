import pytest
from django.test import Client
from django.urls import reverse

from groundbreak.audit.models import LoginEvent

pytestmark = pytest.mark.django_db


def test_a_login_and_a_failed_login_are_recorded_and_listed(hongta_user, auditor_user):
    hongta_user.set_password("right-password-1")
    hongta_user.save()
    client = Client(HTTP_USER_AGENT="TestBrowser/1.0", REMOTE_ADDR="10.1.2.3")
    client.post(reverse("login"), {"username": "hongta", "password": "wrong"})
    client.post(reverse("login"), {"username": "hongta", "password": "right-password-1"})
    failed, ok = LoginEvent.objects.order_by("pk")
    assert (failed.username, failed.success, failed.user) == ("hongta", False, hongta_user)
    assert (ok.success, ok.user, ok.ip, ok.user_agent) == (
        True,
        hongta_user,
        "10.1.2.3",
        "TestBrowser/1.0",
    )

    reader = Client()
    reader.force_login(auditor_user)
    page = reader.get(reverse("audit:login_list"), {"username": "hongta", "success": "0"})
    assert [e.pk for e in page.context["page"].object_list] == [failed.pk]


def test_a_failed_login_of_an_unknown_name_is_kept_with_the_name():
    Client().post(reverse("login"), {"username": "nobody", "password": "x"})
    event = LoginEvent.objects.get()
    assert (event.username, event.user, event.success) == ("nobody", None, False)


def test_the_health_check_answers_without_a_login():
    answer = Client().get(reverse("audit:health")).json()
    assert answer["database"] == "ok" and answer["migrations"] == "ok"
    assert answer["worker"] == {"last_seen_seconds": None, "alive": False}
