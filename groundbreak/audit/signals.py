"""Django's login signals → ``LoginEvent`` rows (the admin's login goes through them too)."""

from groundbreak.audit.services import record_login


def logged_in(sender, request, user, **kwargs):
    record_login(request, username=user.get_username(), user=user, success=True)


def login_failed(sender, credentials, request=None, **kwargs):
    record_login(request, username=credentials.get("username") or "", user=None, success=False)
