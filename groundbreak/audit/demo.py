"""The demo's login records (登录记录): a morning of sign-ins in April 2020, one mistyped
password among them, so that the audit page's login list is not empty."""

from datetime import datetime

from django.utils import timezone

from groundbreak.accounts.models import User
from groundbreak.audit.models import LoginEvent

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/80.0 Safari/537.36"
LOGINS = [
    # (user name, hour, minute, success, address)
    ("hongta", 8, 52, False, "10.53.4.21"),
    ("hongta", 8, 53, True, "10.53.4.21"),
    ("jiangchuan", 9, 5, True, "10.53.5.17"),
    ("city", 9, 30, True, "10.53.1.8"),
    ("auditor", 10, 12, True, "10.53.1.40"),
]


def present():
    return LoginEvent.objects.filter(user_agent=BROWSER).exists()


def build(demo):
    users = User.objects.in_bulk([name for name, *_ in LOGINS], field_name="username")
    LoginEvent.objects.bulk_create(
        LoginEvent(
            when=timezone.make_aware(datetime(2020, 4, 7, hour, minute)),
            username=name,
            user=users.get(name),
            ip=ip,
            user_agent=BROWSER,
            success=success,
        )
        for name, hour, minute, success, ip in LOGINS
    )
    demo.say(f"Audit: {len(LOGINS)} login records")
    return {"counts": {"login records": len(LOGINS)}}
