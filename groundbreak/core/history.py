"""The change log of a record, read from django-simple-history: who, when, field: old → new."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from groundbreak.core.money import format_amount


@dataclass
class Change:
    """One field's change. ``old``/``new`` are exact (the API gives them); ``old_shown`` and
    ``new_shown`` are as the pages show values (amounts with separators and two places)."""

    label: str
    old: str
    new: str
    old_shown: str = ""
    new_shown: str = ""


@dataclass
class LogEntry:
    when: object
    who: object
    kind: str
    reason: str
    changes: list = field(default_factory=list)


def _display(model, name, value, *, shown=False):
    model_field = model._meta.get_field(name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation and model_field.many_to_many:
        related = model_field.related_model
        ids = [getattr(v, related._meta.model_name, v) for v in value] if value else []
        ids = [row[related._meta.model_name] if isinstance(row, dict) else row for row in ids]
        objects = related.objects.filter(pk__in=[getattr(i, "pk", i) for i in ids])
        return "、".join(str(o) for o in objects) or "—"
    if model_field.is_relation:
        obj = model_field.related_model.objects.filter(pk=value).first()
        return str(obj) if obj else f"#{value}"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, Decimal):
        if shown and getattr(model_field, "decimal_places", None) == 4:
            return format_amount(value)  # amounts in 万元 are kept to the yuan: four places
        # Exact (the API returns this), without the stored trailing zeros.
        return format(value.normalize(), "f")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return str(value)


def _display_amount(value):
    return "—" if value is None else format(value.normalize(), "f")


_IMPORT_REASON = re.compile(r"^Import #(\d+) (.*)$", re.S)
_CORRECTED_REASON = re.compile(r"^Corrected: (.*)$", re.S)


def _reason(stored):
    """A stored reason in the reader's language: a msgid, or an import's "Import #N file"."""
    if match := _IMPORT_REASON.match(stored):
        return gettext("Import #%(number)s %(file)s") % {
            "number": match.group(1),
            "file": match.group(2),
        }
    if match := _CORRECTED_REASON.match(stored):
        return gettext("Corrected: %(reason)s") % {"reason": _reason(match.group(1))}
    return gettext(stored)


def change_log(instance, limit=100):
    """Newest first. The first record of an object shows as created, with no field list."""
    model = type(instance)
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(
                previous, excluded_fields=["version", "updated", "name_initials"]
            )
            for change in delta.changes:
                label = str(model._meta.get_field(change.field).verbose_name)
                old, new = change.old, change.new
                changes.append(
                    Change(
                        label,
                        _display(model, change.field, old),
                        _display(model, change.field, new),
                        _display(model, change.field, old, shown=True),
                        _display(model, change.field, new, shown=True),
                    )
                )
        entries.append(log_entry(record, changes))
    return entries


def log_entry(record, changes):
    """One history record as a change-log entry with the given changes."""
    return LogEntry(
        when=record.history_date,
        who=record.history_user,
        kind=record.get_history_type_display(),
        # Services store reasons as untranslated msgids so each reader sees their own language.
        reason=_reason(record.history_change_reason or ""),
        changes=changes,
    )


def skip_history_of_raw_saves(sender, instance, raw=False, **kwargs):
    """A restore (``loaddata``) writes records as they were, history rows included: it changes
    nothing. django-simple-history already skips raw saves, but then records the restored
    many-to-many links as anonymous changes; marking the instance skips those too."""
    if raw:
        instance.skip_history_when_saving = True
