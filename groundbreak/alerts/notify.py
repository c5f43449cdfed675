"""Warnings notify (预警通知): a warning raised or escalated tells the people its rule's level
lists — the project's owner, its county, its department, its leader, the city — through the
notification engine: red at once, the others in the daily digest, each level of each raising
once (the key is the warning, when it was raised, and the level). An evaluation's warnings are
notified together: a few queries, one insert and at most one sending task for all of them."""

import logging
from collections import defaultdict
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.utils import translation

from groundbreak.accounts.models import Role, User
from groundbreak.alerts.choices import Audience, EventKind, Level
from groundbreak.alerts.messages import render
from groundbreak.alerts.models import Rule, RuleLevel
from groundbreak.alerts.rules import link
from groundbreak.core.messages import Msg
from groundbreak.notifications.services import Notice, notify_many
from groundbreak.projects.models import Project
from groundbreak.regions.models import Region

log = logging.getLogger(__name__)

LEVEL_NAMES = {Level.YELLOW: "yellow", Level.ORANGE: "orange", Level.RED: "red"}
SUBJECTS = {
    Level.YELLOW: "Yellow warning: %(project)s — %(rule)s",
    Level.ORANGE: "Orange warning: %(project)s — %(rule)s",
    Level.RED: "Red warning: %(project)s — %(rule)s",
}
NOTIFIED = (EventKind.RAISED, EventKind.ESCALATED)
ANCHORS = {  # the user's column that ties a role's users to a project
    Audience.OWNER: (Role.OWNER, "owner_unit_id"),
    Audience.DEPARTMENT: (Role.DEPARTMENT, "department_in_charge_id"),
    Audience.LEADER: (Role.LEADER, "leader_in_charge_id"),
}
USER_ANCHORS = {Role.OWNER: "owner_unit_id", Role.DEPARTMENT: "department_id",
                Role.LEADER: "leader_id", Role.COUNTY: "region_id"}  # fmt: skip


class Audiences:
    """The active users of the roles an audience names, read once, by what ties them to a
    project: a county's users see the zones below it too."""

    def __init__(self):
        self.by = defaultdict(list)  # (role, anchor id) → user ids; (CITY, None) → city users
        users = User.objects.filter(is_active=True, role__in=[*USER_ANCHORS, Role.CITY])
        for pk, role, *anchors in users.values_list("pk", "role", *USER_ANCHORS.values()):
            column = list(USER_ANCHORS).index(role) if role in USER_ANCHORS else None
            anchor = anchors[column] if column is not None else None
            if role == Role.CITY or anchor is not None:
                self.by[role, anchor].append(pk)
        self.parents = dict(Region.objects.values_list("pk", "parent_id"))

    def of(self, project, audience):
        """The user ids the audience names for ``project`` (an object with the project's ids)."""
        ids = []
        for name in audience:
            if name == Audience.CITY:
                ids += self.by[Role.CITY, None]
            elif name == Audience.COUNTY:
                region = project.region_id
                while region is not None:
                    ids += self.by[Role.COUNTY, region]
                    region = self.parents.get(region)
            elif name in ANCHORS:
                role, column = ANCHORS[name]
                anchor = getattr(project, column)
                if anchor is not None:
                    ids += self.by[role, anchor]
        return list(dict.fromkeys(ids))


def notify_warnings(warnings, *, returning=True):
    """Notify the audience of each warning's current level, all together; returns the
    notifications made (``returning`` false: how many). ``warnings``: Warning instances or the evaluator's records (pk,
    rule_id, project_id, level, raised_at, message)."""
    warnings = [w for w in warnings if w.level in LEVEL_NAMES]
    if not warnings:
        return [] if returning else 0
    rule_ids = {w.rule_id for w in warnings}
    audiences = {
        (rule_id, level): audience or []
        for rule_id, level, audience in RuleLevel.objects.filter(rule_id__in=rule_ids).values_list(
            "rule_id", "level", "audience"
        )
    }
    rules = {rule.pk: rule for rule in Rule.objects.filter(pk__in=rule_ids)}
    project_ids = sorted({w.project_id for w in warnings})
    projects = {}
    columns = ["pk", "name", "region_id", *(column for _role, column in ANCHORS.values())]
    for start in range(0, len(project_ids), 900):
        for p in Project.objects.filter(pk__in=project_ids[start : start + 900]).values(*columns):
            projects[p["pk"]] = SimpleNamespace(**p)
    people = Audiences()
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for warning in warnings:
            project = projects[warning.project_id]
            recipients = people.of(project, audiences.get((warning.rule_id, warning.level), []))
            if not recipients:
                continue
            subject = Msg(SUBJECTS[warning.level]) % {
                "project": project.name,
                "rule": str(rules[warning.rule_id].name),
            }
            notices.append(
                Notice(
                    recipients=recipients,
                    subject=subject,
                    body=render(warning.message),
                    link=link("alerts:warning_detail", warning.pk),
                    level=LEVEL_NAMES[warning.level],
                    key=f"warning:{warning.pk}:{warning.raised_at:%Y%m%d%H%M%S}:{warning.level}",
                    region_id=project.region_id,
                    department_id=project.department_in_charge_id,
                )
            )
    return notify_many(notices, returning=returning)


def notify_warning(warning):
    """Notify the audience of the warning's current level; returns the notifications made."""
    return notify_warnings([warning])


def on_warnings_changed(sender, *, changes, **kwargs):
    """``warnings_changed`` receiver: the raised and escalated warnings of an evaluation notify
    together, in the evaluating transaction (so they roll back with it); lowered, cleared and
    exempt ones do not. A failure here is logged and does not undo the evaluation."""
    notified = [w for w, event in changes if event.kind in NOTIFIED and not event.exempt]
    if not notified:
        return
    try:
        with transaction.atomic():
            notify_warnings(notified, returning=False)
    except Exception:
        log.exception("notifying %s warnings failed", len(notified))
