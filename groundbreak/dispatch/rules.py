"""Who may do what with a supervision item (督办事项), in one place: the services, the pages and
the API ask ``refusal(user, item, action)``, which answers None (allowed) or a Refusal naming
who may.

City staff draft, issue, review, close and send back; a city leader approves the draft; the
responsible unit (its county bureau, or its department) receives, works and gives feedback.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from groundbreak.accounts.models import Role
from groundbreak.dispatch.choices import Action, ItemStatus
from groundbreak.dispatch.models import SupervisionItem

CITY, LEADER, UNIT = "city", "leader", "unit"

# action → (who, the statuses it starts from, the status it leads to)
STEPS = {
    Action.APPROVE: (LEADER, (ItemStatus.DRAFTED,), ItemStatus.APPROVED),
    Action.ISSUE: (CITY, (ItemStatus.APPROVED,), ItemStatus.ISSUED),
    Action.RECEIVE: (UNIT, (ItemStatus.ISSUED,), ItemStatus.RECEIVED),
    Action.START: (UNIT, (ItemStatus.RECEIVED,), ItemStatus.IN_HAND),
    Action.FEEDBACK: (UNIT, (ItemStatus.IN_HAND,), ItemStatus.FEEDBACK),
    Action.REVIEW: (CITY, (ItemStatus.FEEDBACK,), ItemStatus.REVIEWED),
    Action.CLOSE: (CITY, (ItemStatus.REVIEWED,), ItemStatus.CLOSED),
    Action.SEND_BACK: (CITY, (ItemStatus.FEEDBACK, ItemStatus.REVIEWED), ItemStatus.IN_HAND),
}
EDIT = "edit"  # change a draft


class Kind:
    HIDDEN = "hidden"  # out of the user's sight: 404
    FORBIDDEN = "forbidden"  # may see, may not do: 403
    INVALID = "invalid"  # not in this state: 400


@dataclass(frozen=True)
class Refusal:
    kind: str
    message: str

    def exception(self):
        if self.kind == Kind.INVALID:
            return ValidationError(self.message)
        return PermissionDenied(self.message)


def is_city(user):
    return bool(user.is_superuser or user.role == Role.CITY)


def is_unit(user, item):
    """The item's responsible unit: its county's bureau (or a zone's below it is not: the
    county answers), or its department."""
    if user.role == Role.COUNTY and user.region_id:
        return item.responsible_region_id == user.region_id
    if user.role == Role.DEPARTMENT and user.department_id:
        return item.responsible_department_id == user.department_id
    return False


def who_name(who, item):
    if who == CITY:
        return _("city staff")
    if who == LEADER:
        return _("a city leader")
    return _("the responsible unit (%(unit)s)") % {"unit": item.responsible_unit}


def may_draft(user):
    return bool(user and user.is_authenticated and user.is_active and is_city(user))


def refusal(user, item, action):
    if not user or not user.is_authenticated or not user.is_active:
        return Refusal(Kind.HIDDEN, _("Sign in first."))
    if not SupervisionItem.objects.restrict(user, "view").filter(pk=item.pk).exists():
        return Refusal(Kind.HIDDEN, _("This supervision item is not in your scope."))
    if action == EDIT:
        who, starts, _to = CITY, (ItemStatus.DRAFTED,), None
    else:
        who, starts, _to = STEPS[action]
    allowed = {CITY: is_city(user), LEADER: user.role == Role.LEADER or user.is_superuser,
               UNIT: is_unit(user, item)}[who]  # fmt: skip
    if not allowed:
        return Refusal(
            Kind.FORBIDDEN,
            _("Only %(who)s may “%(action)s” this item.")
            % {"who": who_name(who, item), "action": _action_name(action)},
        )
    if item.status not in starts:
        return Refusal(
            Kind.INVALID,
            _("The item is “%(status)s”: “%(action)s” is not possible now.")
            % {"status": item.get_status_display(), "action": _action_name(action)},
        )
    return None


def _action_name(action):
    if action == EDIT:
        return _("Edit")
    return str(Action(action).label)


def check(user, item, action):
    found = refusal(user, item, action)
    if found is not None:
        raise found.exception()


def allowed_actions(user, item):
    return [a for a in STEPS if refusal(user, item, a) is None]
