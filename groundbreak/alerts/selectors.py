"""Reads of graded warnings: the events since a moment (for notifications), counts by level,
a project's lights and history, its progress band."""

from decimal import Decimal

from django.db.models import Count, Q

from groundbreak.alerts.choices import LEVELS, ProgressBand, WarningStatus
from groundbreak.alerts.models import Rule, Warning, WarningEvent


def events_since(moment, *, user=None):
    """Every warning event at or after ``moment`` (oldest first), with its warning, rule and
    project: what notifications turns into messages. ``user`` narrows it to their scope."""
    warnings = Warning.objects.all() if user is None else Warning.objects.restrict(user, "view")
    return (
        WarningEvent.objects.filter(at__gte=moment, warning__in=warnings)
        .select_related("warning__rule", "warning__project__region")
        .order_by("at", "pk")
    )


def counts_by_level(warnings):
    """{1: n, 2: n, 3: n} of the live warnings in ``warnings``."""
    row = warnings.live().aggregate(
        **{str(lv.value): Count("pk", filter=Q(level=lv.value)) for lv in LEVELS}
    )
    return {int(k): v for k, v in row.items()}


def audience_of(warning):
    """The roles the warning's current level tells."""
    level = warning.rule.levels.filter(level=warning.level).first()
    return list(level.audience) if level else []


def project_lights(project):
    return (
        Warning.objects.filter(project=project)
        .live()
        .select_related("rule")
        .order_by("-level", "rule_id")
    )


def project_history(project):
    return (
        WarningEvent.objects.filter(warning__project=project)
        .select_related("warning__rule")
        .order_by("-at", "-pk")
    )


def progress_band(completion_rate, time_progress, rule=None):
    """Ahead (≥105 % of time progress), normal, or behind (<95 %), as the lag rule's options
    say; None without the figures."""
    if completion_rate is None or not time_progress:
        return None
    rule = rule or Rule.objects.filter(kind="investment_lag").first()
    options = (rule.options if rule else None) or {}
    ahead = Decimal(str(options.get("ahead", 105))) / 100
    behind = Decimal(str(options.get("behind", 95))) / 100
    ratio = Decimal(completion_rate) / Decimal(time_progress)
    if ratio >= ahead:
        return ProgressBand.AHEAD
    if ratio < behind:
        return ProgressBand.BEHIND
    return ProgressBand.NORMAL


STATUSES = ("open", "acknowledged", "exempt", "cleared")
__all__ = ["STATUSES", "WarningStatus"]
