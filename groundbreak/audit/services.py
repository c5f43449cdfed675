"""Writes of the audit trail: a login recorded, old rows pruned."""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.audit.models import LoginEvent
from groundbreak.audit.selectors import history_models

# The statistics rules keep records of changes at least six months.
MIN_KEEP_DAYS = 183


def record_login(request, *, username, user=None, success):
    """Record one sign-in attempt with the caller's address and browser (when there is a
    request: a login from the shell has none)."""
    from django.contrib.auth import get_user_model

    if user is None and username:
        user = get_user_model().objects.filter(username=username).first()
    meta = getattr(request, "META", {}) if request is not None else {}
    ip = get_client_ip_address(request) if request is not None else None
    return LoginEvent.objects.create(
        when=timezone.now(),
        username=username[:150],
        user=user,
        ip=ip or None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:300],
        success=success,
    )


def prune_history(*, older_than_days, by=None, execute=False, now=None):
    """Delete (or, without ``execute``, only count) the history rows of every model and the
    login events older than ``older_than_days`` days; return ``{label: rows}``. Refuses fewer
    than 183 days. ``by``: the acting user, ``None`` for the administrator's command line."""
    if by is not None and not (by.is_superuser or by.role == "city"):
        raise PermissionDenied(_("Only city staff prune the audit trail."))
    if older_than_days < MIN_KEEP_DAYS:
        raise ValidationError(
            _("History is kept at least %(days)s days (six months); %(asked)s is too few.")
            % {"days": MIN_KEEP_DAYS, "asked": older_than_days}
        )
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    targets = [(m._meta.label, m.objects.filter(history_date__lt=cutoff)) for m in history_models()]
    targets.append((LoginEvent._meta.label, LoginEvent.objects.filter(when__lt=cutoff)))
    counts = {}
    with transaction.atomic():
        for label, rows in targets:
            if execute:
                # One DELETE per table (and its many-to-many history): set-based.
                deleted = rows.delete()[1]
                counts[label] = deleted.get(label, 0)
            else:
                counts[label] = rows.count()
    return counts
