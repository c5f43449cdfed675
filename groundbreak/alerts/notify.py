"""Warnings notify (预警通知): a warning raised or escalated tells the people its rule's level
lists — the project's owner, its county, its department, its leader, the city — through the
notification engine: red at once, the others in the daily digest, each level of each raising
once (the key is the warning, when it was raised, and the level)."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from groundbreak.accounts.models import Role, User
from groundbreak.alerts.choices import Audience, EventKind, Level
from groundbreak.alerts.models import RuleLevel, Warning
from groundbreak.core.messages import Msg
from groundbreak.notifications.services import notify

log = logging.getLogger(__name__)

LEVEL_NAMES = {Level.YELLOW: "yellow", Level.ORANGE: "orange", Level.RED: "red"}
SUBJECTS = {
    Level.YELLOW: "Yellow warning: %(project)s — %(rule)s",
    Level.ORANGE: "Orange warning: %(project)s — %(rule)s",
    Level.RED: "Red warning: %(project)s — %(rule)s",
}
NOTIFIED = (EventKind.RAISED, EventKind.ESCALATED)


def audience_of(project, audience):
    """The active users a rule level's audience names, for this project."""
    regions, region = set(), project.region
    while region is not None:  # a county's users see the zones below it too
        regions.add(region.pk)
        region = region.parent
    by_audience = {
        Audience.OWNER: Q(role=Role.OWNER, owner_unit_id=project.owner_unit_id)
        if project.owner_unit_id
        else None,
        Audience.COUNTY: Q(role=Role.COUNTY, region_id__in=regions),
        Audience.DEPARTMENT: Q(role=Role.DEPARTMENT, department_id=project.department_in_charge_id)
        if project.department_in_charge_id
        else None,
        Audience.LEADER: Q(role=Role.LEADER, leader_id=project.leader_in_charge_id)
        if project.leader_in_charge_id
        else None,
        Audience.CITY: Q(role=Role.CITY),
    }
    wanted = [by_audience.get(a) for a in audience if by_audience.get(a) is not None]
    if not wanted:
        return []
    condition = wanted[0]
    for q in wanted[1:]:
        condition |= q
    return list(User.objects.filter(condition, is_active=True))


def notify_warning(warning):
    """Notify the audience of the warning's current level; returns the notifications made."""
    if warning.level not in LEVEL_NAMES:
        return []
    audience = (
        RuleLevel.objects.filter(rule_id=warning.rule_id, level=warning.level)
        .values_list("audience", flat=True)
        .first()
    )
    project = warning.project
    recipients = audience_of(project, audience or [])
    if not recipients:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        subject = Msg(SUBJECTS[warning.level]) % {
            "project": project.name,
            "rule": str(warning.rule.name),
        }
        body = warning.why
    return notify(
        recipients=recipients,
        subject=subject,
        body=body,
        link=warning.get_absolute_url(),
        level=LEVEL_NAMES[warning.level],
        key=f"warning:{warning.pk}:{warning.raised_at:%Y%m%d%H%M%S}:{warning.level}",
        region=project.region,
        department=project.department_in_charge,
    )


def on_warning_changed(sender, *, warning, event, exempt=False, **kwargs):
    """``warning_changed`` receiver: raised and escalated warnings notify, in the evaluating
    transaction (so they roll back with it); a lowered, cleared or exempt one does not. A failure
    here is logged and does not undo the evaluation."""
    if exempt or event.kind not in NOTIFIED:
        return
    try:
        with transaction.atomic():
            fresh = Warning.objects.select_related(
                "rule", "project__region__parent__parent", "project__department_in_charge"
            ).get(pk=warning.pk)
            notify_warning(fresh)
    except Exception:
        log.exception("notifying warning %s failed", warning.pk)
