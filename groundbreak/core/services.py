"""Helpers every service function uses: version checks and history attribution."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class StaleEditError(ValidationError):
    """Someone saved the record after the editor loaded it (并发编辑冲突)."""


def check_version(instance, expected_version):
    """Refuse an edit based on an older version of the record than the one stored.

    ``instance`` must have been read with ``select_for_update()`` inside the service's
    transaction, so that two editors cannot both pass this check.
    """
    if expected_version is None:
        raise ValidationError(
            {
                "version": _(
                    "The edit does not say which version it is based on. Reload the page and try again."
                )
            }
        )
    if int(expected_version) != instance.version:
        last = instance.history.first() if hasattr(instance, "history") else None
        editor = last.history_user if last else None
        # The person, as the page header names them; the login is for the API and the admin.
        who = (editor.get_full_name() or editor.get_username()) if editor else _("someone")
        raise StaleEditError(
            _(
                "%(who)s changed this record after you opened it (now version %(now)s, "
                "yours %(yours)s). Reload it and make your change again."
            )
            % {"who": who, "now": instance.version, "yours": expected_version}
        )


def save_with_history(instance, *, by, reason="", bump_version=True, validate=True):
    """Validate and save through the model so that django-simple-history records who and why.
    ``validate=False`` is for writes that change no validated field (a status, a timestamp)."""
    if bump_version and hasattr(instance, "version") and instance.pk:
        instance.version += 1
    if validate:
        instance.full_clean()
    instance._history_user = by
    instance._change_reason = reason
    instance.save()
    return instance
