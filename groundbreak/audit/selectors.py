"""Reads of the audit trail: the change log of every model, one union over the historical
tables django-simple-history keeps (found through the app registry, so that a new app's
history shows up without this app knowing it), filtered in the database and paginated."""

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext

from groundbreak.audit.models import sees_audit
from groundbreak.core.history import Change, _reason
from groundbreak.projects.models import Project

# Bookkeeping fields every save changes: not what an auditor asks about.
IGNORED_FIELDS = {"version", "updated", "name_initials"}
LABEL_FIELDS = ("name", "title", "content", "description", "username", "code")
CONTEXT_FIELDS = ("project", "period", "region")
COLUMNS = (
    "history_id",
    "history_date",
    "history_type",
    "history_user_id",
    "history_change_reason",
    "id",
)


@functools.cache
def history_models():
    """Every historical model of every installed app (not the many-to-many history tables)."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "instance_type")
        and any(f.name == "history_date" for f in model._meta.concrete_fields)
    ]


@dataclass(frozen=True)
class Tracked:
    history: type
    label: str

    @property
    def model(self):
        return self.history.instance_type

    def has(self, name):
        return any(f.name == name for f in self.history._meta.concrete_fields)


@functools.cache
def tracked():
    return {
        m.instance_type._meta.label: Tracked(m, m.instance_type._meta.label)
        for m in history_models()
    }


def model_choices():
    """(label, name) of every model with history, by name in the reader's language."""
    pairs = [(label, str(t.model._meta.verbose_name)) for label, t in tracked().items()]
    return sorted(pairs, key=lambda pair: pair[1])


@dataclass
class ChangeFilter:
    who: str = ""
    model: str = ""
    since: date | None = None
    until: date | None = None
    county: object = None
    period: object = None


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _rows_of(item, f, region_ids, user_ids):
    """One historical table's rows under the filter, as the union's columns; None when the
    filter asks for something this model does not have (a county, a period)."""
    rows = item.history.objects.order_by()
    if region_ids is not None:
        if item.has("region"):
            rows = rows.filter(region_id__in=region_ids)
        elif item.has("project"):
            rows = rows.filter(
                project_id__in=Project.objects.filter(region_id__in=region_ids).values("pk")
            )
        else:
            return None
    if f.period is not None:
        if not item.has("period"):
            return None
        rows = rows.filter(period_id=f.period.pk)
    if user_ids is not None:
        rows = rows.filter(history_user_id__in=user_ids)
    if f.since:
        rows = rows.filter(history_date__gte=_day_start(f.since))
    if f.until:
        rows = rows.filter(history_date__lt=_day_start(f.until + timedelta(days=1)))
    return rows.values(*COLUMNS, model=Value(item.label, output_field=models.CharField()))


def changes(user, f: ChangeFilter):
    """The changes the filter chooses, newest first (a queryset of dicts, or an empty list):
    every model's history for auditors and city staff, nothing for anyone else."""
    if not sees_audit(user):
        return []
    items = list(tracked().values())
    if f.model:
        items = [t for t in items if t.label == f.model]
    region_ids = list(f.county.descendant_ids()) if f.county is not None else None
    user_ids = None
    if f.who:
        user_ids = (
            get_user_model()
            .objects.filter(
                Q(username__icontains=f.who)
                | Q(first_name__icontains=f.who)
                | Q(last_name__icontains=f.who)
            )
            .values("pk")
        )
    parts = [rows for t in items if (rows := _rows_of(t, f, region_ids, user_ids)) is not None]
    if not parts:
        return []
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("-history_date", "-history_id", "model")


# --- what a page (or an export chunk) of rows says ----------------------------------------


@dataclass
class ChangeRow:
    """One recorded change as the audit page shows it."""

    when: datetime
    who: object
    kind: str
    model: str
    object_id: int
    label: str = ""
    context: list = field(default_factory=list)
    reason: str = ""
    changes: list = field(default_factory=list)


def _previous(history):
    """The record before each one of the same object (ties on the time broken by the id)."""
    earlier = history.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    return Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1])


@functools.cache
def _diff_fields(model):
    """The fields the history keeps (not those it excludes, such as a password)."""
    kept = {f.attname for f in tracked()[model._meta.label].history._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in IGNORED_FIELDS and f.attname in kept
    ]


def _shown(model_field, value, related):
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        obj = related.get(model_field.related_model, {}).get(value)
        return str(obj) if obj is not None else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _related_in_bulk(model, ids):
    """The related records by id, with what their names read (a report names its project and
    period) in the same query."""
    joined = [f.name for f in model._meta.concrete_fields if f.is_relation and not f.null]
    records = model._default_manager.all()
    return (records.select_related(*joined) if joined else records).in_bulk(ids)


def describe(rows):
    """Turn union rows (dicts) into ``ChangeRow``s: per model on the page, one query for the
    records with the id of the record before each, one for those; then one per related model
    and one for the users. The number of queries does not grow with the rows."""
    rows = list(rows)
    by_model = {}
    for row in rows:
        by_model.setdefault(row["model"], []).append(row["history_id"])
    records, previous, wanted = {}, {}, {}
    for label, ids in by_model.items():
        item = tracked()[label]
        found = item.history.objects.filter(history_id__in=ids).annotate(
            previous_id=_previous(item.history)
        )
        records[label] = {r.history_id: r for r in found}
        before_ids = [r.previous_id for r in records[label].values() if r.previous_id]
        previous[label] = item.history.objects.in_bulk(before_ids, field_name="history_id")
        for f in _diff_fields(item.model):
            if f.is_relation:
                for rec in (*records[label].values(), *previous[label].values()):
                    value = getattr(rec, f.attname)
                    if value is not None:
                        wanted.setdefault(f.related_model, set()).add(value)
    related = {model: _related_in_bulk(model, ids) for model, ids in wanted.items()}
    user_model = get_user_model()
    users = user_model.objects.in_bulk({r["history_user_id"] for r in rows} - {None})
    kinds = {"+": gettext("Created"), "~": gettext("Changed"), "-": gettext("Deleted")}
    result = []
    for row in rows:
        item = tracked()[row["model"]]
        record = records[row["model"]].get(row["history_id"])
        entry = ChangeRow(
            when=row["history_date"],
            who=users.get(row["history_user_id"]),
            kind=kinds.get(row["history_type"], row["history_type"]),
            model=str(item.model._meta.verbose_name),
            object_id=row["id"],
            reason=_reason(row["history_change_reason"] or ""),
        )
        if record is not None:
            fields = _diff_fields(item.model)
            named = {f.name: f for f in fields}
            for name in LABEL_FIELDS:
                if name in named:
                    entry.label = _shown(named[name], getattr(record, named[name].attname), {})
                    break
            entry.context = [
                _shown(named[name], getattr(record, named[name].attname), related)
                for name in CONTEXT_FIELDS
                if name in named and getattr(record, named[name].attname) is not None
            ]
            before = previous[row["model"]].get(record.previous_id)
            if before is not None and row["history_type"] == "~":
                for f in fields:
                    old, new = getattr(before, f.attname), getattr(record, f.attname)
                    if old != new:
                        entry.changes.append(
                            Change(
                                str(f.verbose_name),
                                _shown(f, old, related),
                                _shown(f, new, related),
                            )
                        )
        result.append(entry)
    return result


def login_events(user, *, username="", success=None, since=None, until=None):
    from groundbreak.audit.models import LoginEvent

    events = LoginEvent.objects.restrict(user).select_related("user")
    if username:
        events = events.filter(username__icontains=username)
    if success is not None:
        events = events.filter(success=success)
    if since:
        events = events.filter(when__gte=_day_start(since))
    if until:
        events = events.filter(when__lt=_day_start(until + timedelta(days=1)))
    return events
