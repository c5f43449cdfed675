"""The evaluator (预警评估): measure, grade with hysteresis, write what changed.

One function, ``evaluate(on_date, project_ids=None)``, serves both paths: after a write it is
called for the projects written, in the writing transaction (``project_changed``); the nightly
job and ``groundbreak evaluate_warnings`` call it for all projects. Each rule kind's ``measure``
reads all the projects asked for at once; the warnings are read once, and the changes written
with a few bulk statements.

1. Measure every enabled rule (switched-off counties left out).
2. Grade each value against the rule's thresholds; a level goes down only once the value is
   past the threshold by the rule's margin (hysteresis), so a light does not flicker.
3. Raise, escalate, lower or clear the warnings; record an event with the figures of the time.
4. Tell ``warnings_changed`` (once, with all the changes) and ``warning_changed`` receivers.
"""

from collections import Counter
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from groundbreak.alerts import sql
from groundbreak.alerts.choices import Direction, EventKind, WarningStatus
from groundbreak.alerts.models import (
    EvaluationRun,
    Rule,
    RuleLevel,
    RuleSwitch,
    Warning,
    WarningEvent,
)
from groundbreak.alerts.rules import shared_reads
from groundbreak.alerts.signals import warning_changed, warnings_changed
from groundbreak.core.memory import without_cycle_collector
from groundbreak.projects.models import Project
from groundbreak.regions.models import Region

CLEARED_MESSAGE = gettext_noop("Cleared: the measured value is now %(value)s.")
GONE_MESSAGE = gettext_noop("Cleared: the condition no longer applies.")
UPDATE_FIELDS = ["level", "status", "value", "message", "inputs", "link", "raised_at",
                 "changed_at", "cleared_at", "evaluated_on"]  # fmt: skip


WARNING_FIELDS = [f.attname for f in Warning._meta.concrete_fields if not f.primary_key]
EVENT_FIELDS = [f.attname for f in WarningEvent._meta.concrete_fields if not f.primary_key]
NEW_WARNING = {
    f.attname: f.get_default() for f in Warning._meta.concrete_fields if not f.primary_key
}


KEY_FIELDS = ["rule_id", "project_id", "subject", "level", "value"]
REST_FIELDS = [name for name in WARNING_FIELDS if name not in KEY_FIELDS]


def _warned(rules, project_ids):
    """{rule: {(project, subject): (project, subject, level, value as read)}} of the rules'
    warnings (of ``project_ids``): the rows as read, raw, made a ``Record`` (``_record``) only
    for the few a run changes. A nightly run reads every warning of the city, a rule at a
    time from the index of what it compares (``warning_levels_by_rule``)."""
    warned = {rule.pk: {} for rule in rules}
    select = f"SELECT project_id, subject, level, value, rule_id FROM {Warning._meta.db_table}"
    if project_ids is None:
        for rule_id in warned:
            rows = sql.fetch(f"{select} WHERE rule_id = %s", [rule_id])
            warned[rule_id] = {(row[0], row[1]): row for row in rows}
        return warned
    if not rules:
        return warned
    in_projects, ids = sql.only("project_id", project_ids)
    rule_ids = list(warned)
    for row in sql.fetch(
        f"{select} WHERE rule_id IN ({sql.placeholders(rule_ids)}){in_projects}",
        [*rule_ids, *ids],
    ):
        warned[row[4]][(row[0], row[1])] = row
    return warned


VALUE_PLACES = Decimal(1).scaleb(-Warning._meta.get_field("value").decimal_places)
THRESHOLD_PLACES = Decimal(1).scaleb(-RuleLevel._meta.get_field("threshold").decimal_places)


def _record(rule, found):
    """The warning ``found`` by ``_warned`` as a ``Record`` the run can rewrite (its id and
    the rest of its columns are read by ``_complete``)."""
    project_id, subject, level, value = found[:4]
    return Record(rule_id=rule.pk, project_id=project_id, subject=subject, level=level,
                  value=sql.decimal(value, VALUE_PLACES))  # fmt: skip


def _complete(records):
    """Read the id and the columns not read with the keys, for the warnings about to be
    rewritten (a query per rule and 500 projects); what the evaluation set already is kept."""
    by_rule = {}
    for record in records:
        by_rule.setdefault(record.rule_id, {})[(record.project_id, record.subject)] = record
    for rule_id, keyed in by_rule.items():
        project_ids = sorted({key[0] for key in keyed})
        for start in range(0, len(project_ids), 500):
            rows = Warning.objects.filter(
                rule_id=rule_id, project_id__in=project_ids[start : start + 500]
            ).order_by()
            for project_id, subject, pk, *values in rows.values_list(
                "project_id", "subject", "pk", *REST_FIELDS
            ):
                record = keyed.get((project_id, subject))
                if record is None:
                    continue
                known = record.__dict__
                known["pk"] = pk
                for name, value in zip(REST_FIELDS, values, strict=True):
                    known.setdefault(name, value)


class Record:
    """A warning or an event as the evaluator handles it: its columns as plain attributes
    (a model instance's __init__ costs more than the rest of a run at 100,000 rows)."""

    def __init__(self, values=(), **more):
        self.__dict__.update(values, **more)
        self.__dict__.setdefault("pk", None)


def _tell(changed):
    """Send ``warnings_changed`` once with the records (a receiver handles an evaluation's
    changes together), and ``warning_changed`` per change with model instances, only when
    someone listens."""
    if changed and warnings_changed.has_listeners(Warning):
        warnings_changed.send(sender=Warning, changes=changed)
    if not warning_changed.has_listeners(Warning):
        return
    for record, event_record in changed:
        warning = Warning(pk=record.pk, **{n: getattr(record, n) for n in WARNING_FIELDS})
        warning._state.adding, warning._state.db = False, "default"
        event = WarningEvent(pk=event_record.pk,
                             **{n: getattr(event_record, n) for n in EVENT_FIELDS})  # fmt: skip
        event._state.adding, event._state.db = False, "default"
        warning_changed.send(sender=Warning, warning=warning, event=event, exempt=event.exempt)


def evaluation_date():
    """The date warnings are evaluated at: today, unless a run pinned its date (the demo,
    an archive of 2020, is evaluated at its own date)."""
    pinned = EvaluationRun.objects.filter(pinned=True).values_list("on_date", flat=True).first()
    return pinned or timezone.localdate()


def _reaches(value, threshold, direction, margin=Decimal(0)):
    if direction == Direction.BELOW:
        return value < threshold + margin
    return value >= threshold - margin


def grade(value, thresholds, direction, current=0, margin=Decimal(0)):
    """The level of ``value`` given the current level: up at once, down only past the margin."""
    raised = max((lv for lv, t in thresholds.items() if _reaches(value, t, direction)), default=0)
    if current > raised:
        held = max(
            (lv for lv, t in thresholds.items()
             if lv <= current and _reaches(value, t, direction, margin)),
            default=0,
        )  # fmt: skip
        return max(raised, held)
    return raised


def _number(value):
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def _rules(written):
    """The rules to evaluate (those reading ``written``), each with ``thresholds`` (level →
    threshold) and ``off_regions`` (the regions, with those under them, where it is switched
    off): three small reads, not a prefetch per evaluation."""
    rules = [rule for rule in Rule.objects.order_by("pk") if _reading(rule, written)]
    by_pk = {rule.pk: rule for rule in rules}
    for rule in rules:
        rule.thresholds, rule.off_regions = {}, set()
    if not rules:
        return rules
    marks = sql.placeholders(by_pk)
    for rule_id, level, threshold in sql.fetch(
        f"SELECT rule_id, level, threshold FROM {RuleLevel._meta.db_table} WHERE rule_id IN ({marks})",
        list(by_pk),
    ):  # fmt: skip
        by_pk[rule_id].thresholds[level] = sql.decimal(threshold, THRESHOLD_PLACES)
    for rule_id, region_id in sql.fetch(
        f"SELECT rule_id, region_id FROM {RuleSwitch._meta.db_table} "
        f"WHERE enabled = %s AND rule_id IN ({marks})",
        [False, *by_pk],
    ):
        by_pk[rule_id].off_regions |= set(Region.objects.get(pk=region_id).descendant_ids())
    return rules


def _switched_off(rule, project_ids):
    """Ids (of ``project_ids``, or all) of projects in counties where the rule is off."""
    if not rule.off_regions:
        return set()
    projects = Project.objects.filter(region_id__in=rule.off_regions)
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    return set(projects.values_list("pk", flat=True))


def evaluate(on_date=None, project_ids=None, *, pin=False, record_run=None, written=None):
    """Evaluate every rule for ``project_ids`` (all projects if None) at ``on_date``; after a
    write of the model labelled ``written`` ("reporting.MonthlyReport"), only the rules whose
    kind reads it. Returns the counts of changes by event kind."""
    many = project_ids is None or len(project_ids) > 200
    with transaction.atomic(), shared_reads(), without_cycle_collector(many):
        return _evaluate(on_date, project_ids, pin=pin, record_run=record_run, written=written)


PROJECT = Project._meta.label


def _reading(rule, written):
    kind = rule.rule_kind
    return (written in (None, PROJECT) or kind is None or kind.reads is None
            or written in kind.reads)  # fmt: skip


def _graded(rule, on_date, project_ids, warnings):
    """(key, measurement or None, the warning found or None, level) of each subject whose
    light or figures change: measured now, or warned before and no longer measured (level 0).
    The nightly run measures every project and changes a few: the rest is passed over here,
    at the cost of a few dictionary reads each. ``warnings`` is emptied as it is read."""
    kind, levels = rule.rule_kind, rule.thresholds
    if rule.enabled and kind is not None and levels:
        off = _switched_off(rule, project_ids)
        take = warnings.pop
        # float(value) → level, per current level: values repeat (months, points to 0.1), and
        # a float hashes faster than a Decimal. Values are kept to four decimals (the column),
        # and two such values below 10^11 never share a float.
        graded = [{} for _level in range(4)]  # levels are 0–3 (RuleLevel's constraint)
        direction, margin = kind.direction, rule.margin
        floats = connection.vendor == "sqlite"  # SQLite keeps the stored value as a float
        for m in kind.measure(on_date, project_ids, rule):
            key = (m.project_id, m.subject)
            if off and key[0] in off:
                continue
            found = take(key, None)
            value = m.value
            number = float(value)
            current = 0 if found is None else found[2]
            known = graded[current]
            level = known.get(number)
            if level is None:
                level = known[number] = grade(value, levels, direction, current, margin)
            if level != current:
                yield key, m, found, level
            elif level and found[3] != (number if floats else value):  # new figures
                yield key, m, found, level
    for key, found in warnings.items():
        if found[2] > 0:
            yield key, None, found, 0


def _evaluate(on_date, project_ids, *, pin, record_run, written):
    on_date = on_date or evaluation_date()
    project_ids = None if project_ids is None else sorted(set(project_ids))
    now = timezone.now()
    record_run = project_ids is None if record_run is None else record_run
    run = None
    if record_run:
        if pin:
            EvaluationRun.objects.filter(pinned=True).update(pinned=False)
        run = EvaluationRun.objects.create(on_date=on_date, pinned=pin, started_at=now)
    if project_ids is not None:
        # Two writes of one project evaluate it one after the other (the second reads the
        # warnings the first wrote), not side by side: no warning is inserted twice.
        list(Project.objects.select_for_update().filter(pk__in=project_ids).order_by("pk")
             .values_list("pk", flat=True))  # fmt: skip
    counts = Counter()
    changed = []  # (warning, event)
    rules = _rules(written)
    warned = _warned(rules, project_ids)
    new, updated, events = [], [], []
    for rule in rules:
        levels = rule.thresholds
        warnings = warned[rule.pk]
        for key, m, found, level in _graded(rule, on_date, project_ids, warnings):
            current = found[2] if found is not None else 0
            if level == current:  # new figures, same light
                warning = _record(rule, found)
                _describe(warning, rule, m, level, levels, on_date)
                updated.append(warning)
                continue
            if found is None:
                warning = Record(NEW_WARNING, rule_id=rule.pk, project_id=key[0], subject=key[1],
                                 raised_at=now)  # fmt: skip
                new.append(warning)
            else:
                warning = _record(rule, found)
                updated.append(warning)
            kind_of_event = (
                EventKind.CLEARED if level == 0
                else EventKind.RAISED if current == 0
                else EventKind.ESCALATED if level > current
                else EventKind.LOWERED
            )  # fmt: skip
            if level == 0:
                warning.status, warning.cleared_at, warning.level = WarningStatus.CLEARED, now, 0
                warning.message = (
                    {"id": CLEARED_MESSAGE, "params": {"value": _number(m.value)}}
                    if m is not None
                    else {"id": GONE_MESSAGE, "params": {}}
                )
                if m is not None:
                    warning.value, warning.inputs = m.value, m.inputs
                warning.changed_at, warning.evaluated_on = now, on_date
            else:
                if kind_of_event == EventKind.RAISED:
                    warning.raised_at, warning.cleared_at = now, None
                    warning.status = WarningStatus.OPEN
                elif kind_of_event == EventKind.ESCALATED:
                    warning.status = WarningStatus.OPEN  # a higher light asks to be seen again
                _describe(warning, rule, m, level, levels, on_date)
                warning.changed_at = now
            counts[kind_of_event] += 1
            event = Record(  # value, message, inputs, exempt: the warning's, once complete
                warning=warning, kind=kind_of_event, from_level=current, to_level=level,
                on_date=on_date, at=now,
            )  # fmt: skip
            events.append(event)
            changed.append((warning, event))
    _complete(updated)
    dumped = {}
    _insert_warnings(new, now, dumped)
    _update_warnings(updated, dumped)
    for event in events:
        warning = event.warning
        event.warning_id = warning.pk
        event.value, event.message, event.inputs = warning.value, warning.message, warning.inputs
        event.exempt = bool(warning.exempt_until and warning.exempt_until >= on_date)
    _insert(WarningEvent, events, dumped)
    _tell(changed)
    if run is not None:
        run.finished_at = timezone.now()
        run.counts = dict(counts)
        run.save(update_fields=["finished_at", "counts"])
    return dict(counts)


def _converter(field, dumped):
    """What ``field.get_db_prep_save`` does for our columns, without its per-value overhead.
    ``dumped``: the JSON made so far by the run, by the object's id (an event keeps its
    warning's message and inputs: the same objects, dumped once)."""
    ops = connection.ops
    if isinstance(field, models.JSONField):

        def json(value):
            known = dumped.get(id(value))
            if known is None or known[0] is not value:
                known = dumped[id(value)] = (value, ops.adapt_json_value(value, field.encoder))
            return known[1]

        return json
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if isinstance(field, models.DateTimeField):
        return _memo(ops.adapt_datetimefield_value)  # a run writes the same few stamps
    if isinstance(field, models.DateField):
        return _memo(ops.adapt_datefield_value)
    return None


def _memo(convert):
    seen = {}

    def converted(value):
        if value not in seen:
            seen[value] = convert(value)
        return seen[value]

    return converted


def _values(model, objs, fields, dumped=None):
    dumped = {} if dumped is None else dumped
    columns = [(f.attname, _converter(f, dumped)) for f in fields]
    rows = []
    for obj in objs:
        row = []
        for name, convert in columns:
            value = getattr(obj, name)
            row.append(convert(value) if convert is not None and value is not None else value)
        rows.append(row)
    return rows


def _insert(model, objs, dumped=None):
    """One INSERT … executemany: bulk_create builds its SQL per value, slow at 100,000 rows."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")  # fmt: skip
    with connection.cursor() as cursor:
        for start in range(0, len(objs), 5000):
            cursor.executemany(sql, _values(model, objs[start : start + 5000], fields, dumped))


def _insert_warnings(new, now, dumped):
    """Insert the new warnings, then read their ids back (the run's stamp marks them)."""
    if not new:
        return
    _insert(Warning, new, dumped)
    ids = {}
    rule_ids = {w.rule_id for w in new}
    rows = Warning.objects.filter(raised_at=now, rule_id__in=rule_ids).order_by()
    if len(new) <= 500:
        rows = rows.filter(project_id__in={w.project_id for w in new})
    for pk, rule_id, project_id, subject in rows.values_list(
        "pk", "rule_id", "project_id", "subject"
    ):
        ids[(rule_id, project_id, subject)] = pk
    for warning in new:
        warning.pk = ids[(warning.rule_id, warning.project_id, warning.subject)]


def _update_warnings(updated, dumped):
    if not updated:
        return
    fields = [Warning._meta.get_field(name) for name in UPDATE_FIELDS]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(Warning._meta.db_table)} SET "
           f"{', '.join(f'{quote(f.column)} = %s' for f in fields)} WHERE id = %s")  # fmt: skip
    rows = [
        [*values, w.pk]
        for values, w in zip(_values(Warning, updated, fields, dumped), updated, strict=True)
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _describe(warning, rule, m, level, levels, on_date):
    warning.level = level
    warning.value = m.value
    warning.inputs = m.inputs
    warning.link = m.link
    warning.evaluated_on = on_date
    warning.message = {
        "id": rule.rule_kind.message,
        "params": {**m.params, "threshold": _number(levels[level]), "level": level},
    }


def evaluate_projects(project_ids, on_date=None, written=None):
    """The after-write path: the projects written, in the caller's transaction."""
    if project_ids:
        return evaluate(on_date, project_ids, record_run=False, written=written)
    return {}


def evaluate_after_write(sender, *, project_ids, **kwargs):
    """``project_changed`` receiver (connected in AlertsConfig.ready()). A write of a few
    projects (a report, a stage) has its warnings follow in its own transaction; a bulk write
    (an import of thousands) would hold the database for the whole evaluation, so its projects
    are evaluated by a task once it has committed. A write of a report, a list item, a fund
    movement … evaluates only the rules that read it."""
    from django.conf import settings

    if not getattr(settings, "ALERTS_EVALUATE_AFTER_WRITE", True):
        return
    if len(project_ids) > settings.ALERTS_INLINE_MAX_PROJECTS:
        from groundbreak.alerts.tasks import evaluate_written_projects

        ids = sorted(project_ids)
        transaction.on_commit(lambda: evaluate_written_projects.enqueue(ids))
        return
    evaluate_projects(project_ids, written=getattr(getattr(sender, "_meta", None), "label", None))


def region_ids_with_descendants(region_id):
    return Region.objects.get(pk=region_id).descendant_ids()
