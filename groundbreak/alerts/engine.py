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
4. Tell ``warning_changed`` receivers.
"""

from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from groundbreak.alerts.choices import Direction, EventKind, WarningStatus
from groundbreak.alerts.models import EvaluationRun, Rule, Warning, WarningEvent
from groundbreak.alerts.signals import warning_changed
from groundbreak.projects.models import Project
from groundbreak.regions.models import Region

CLEARED_MESSAGE = gettext_noop("Cleared: the measured value is now %(value)s.")
GONE_MESSAGE = gettext_noop("Cleared: the condition no longer applies.")
UPDATE_FIELDS = ["level", "status", "value", "message", "inputs", "link", "raised_at",
                 "changed_at", "cleared_at", "evaluated_on"]  # fmt: skip


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


def _switched_off(rule, project_ids):
    """Ids (of ``project_ids``, or all) of projects in counties where the rule is off."""
    regions = set()
    for switch in rule.switches.all():
        if not switch.enabled:
            regions |= set(switch.region.descendant_ids())
    if not regions:
        return set()
    projects = Project.objects.filter(region_id__in=regions)
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    return set(projects.values_list("pk", flat=True))


@transaction.atomic
def evaluate(on_date=None, project_ids=None, *, pin=False, record_run=None):
    """Evaluate every rule for ``project_ids`` (all projects if None) at ``on_date``. Returns
    the counts of changes by event kind."""
    on_date = on_date or evaluation_date()
    project_ids = None if project_ids is None else sorted(set(project_ids))
    now = timezone.now()
    record_run = project_ids is None if record_run is None else record_run
    run = None
    if record_run:
        if pin:
            EvaluationRun.objects.filter(pinned=True).update(pinned=False)
        run = EvaluationRun.objects.create(on_date=on_date, pinned=pin, started_at=now)
    counts = Counter()
    changed = []  # (warning, event)
    rules = list(Rule.objects.prefetch_related("levels", "switches__region").order_by("pk"))
    existing = Warning.objects.filter(rule__in=rules)
    if project_ids is not None:
        existing = existing.filter(project_id__in=project_ids)
    warnings = {(w.rule_id, w.project_id, w.subject): w for w in existing}
    new, updated, events = [], [], []
    for rule in rules:
        kind = rule.rule_kind
        levels = {lv.level: lv.threshold for lv in rule.levels.all()}
        measured = {}
        if rule.enabled and kind is not None and levels:
            off = _switched_off(rule, project_ids)
            for m in kind.measure(on_date, project_ids, rule):
                if m.project_id not in off:
                    measured[(rule.pk, m.project_id, m.subject)] = m
        keys = set(measured) | {
            key for key, w in warnings.items() if key[0] == rule.pk and w.level > 0
        }
        for key in keys:
            m = measured.get(key)
            warning = warnings.get(key)
            current = warning.level if warning is not None else 0
            level = (
                grade(m.value, levels, kind.direction, current, rule.margin) if m is not None else 0
            )
            if level == 0 and current == 0:
                continue
            if level == current:
                if m is not None and warning.value != m.value:  # same light, new figures
                    _describe(warning, m, level, levels, on_date)
                    updated.append(warning)
                continue
            if warning is None:
                warning = Warning(rule=rule, project_id=key[1], subject=key[2], raised_at=now)
                new.append(warning)
            else:
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
                _describe(warning, m, level, levels, on_date)
                warning.changed_at = now
            counts[kind_of_event] += 1
            event = WarningEvent(
                warning=warning, kind=kind_of_event, from_level=current, to_level=level,
                value=warning.value, message=warning.message, inputs=warning.inputs,
                on_date=on_date, at=now, exempt=warning.is_exempt(on_date),
            )  # fmt: skip
            events.append(event)
            changed.append((warning, event))
    Warning.objects.bulk_create(new, batch_size=500)
    if updated:
        Warning.objects.bulk_update(updated, UPDATE_FIELDS, batch_size=500)
    WarningEvent.objects.bulk_create(events, batch_size=500)
    for warning, event in changed:
        warning_changed.send(sender=Warning, warning=warning, event=event, exempt=event.exempt)
    if run is not None:
        run.finished_at = timezone.now()
        run.counts = dict(counts)
        run.save(update_fields=["finished_at", "counts"])
    return dict(counts)


def _describe(warning, m, level, levels, on_date):
    warning.level = level
    warning.value = m.value
    warning.inputs = m.inputs
    warning.link = m.link
    warning.evaluated_on = on_date
    warning.message = {
        "id": warning.rule.rule_kind.message,
        "params": {**m.params, "threshold": _number(levels[level]), "level": level},
    }


def evaluate_projects(project_ids, on_date=None):
    """The after-write path: the projects written, in the caller's transaction."""
    if project_ids:
        return evaluate(on_date, project_ids, record_run=False)
    return {}


def evaluate_after_write(sender, *, project_ids, **kwargs):
    """``project_changed`` receiver (connected in AlertsConfig.ready())."""
    from django.conf import settings

    if getattr(settings, "ALERTS_EVALUATE_AFTER_WRITE", True):
        evaluate_projects(project_ids)


def region_ids_with_descendants(region_id):
    return Region.objects.get(pk=region_id).descendant_ids()
