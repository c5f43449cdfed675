"""Who may do what with the five lists, in one place (services, pages and the API ask here).

``refusal(user, item, action, project=None)`` answers None (allowed) or a ``Refusal`` naming
who may. A problem (问题) is raised by its project's owner or an official; the county bureau,
the department in charge or the city accept it, take it in hand and resolve it; only its raiser
confirms the resolution (closing it) or refuses it (back in hand, with the reason). When the
raiser has not answered ``LISTS_CITY_CLOSE_DAYS`` days after the resolution, the city may close
it with a reason. Targets and measures are kept by the officials; an owner updates progress.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.accounts.models import Role
from groundbreak.lists.choices import ProblemStatus
from groundbreak.lists.models import lists_projects
from groundbreak.reporting.rules import Kind, Refusal

RAISE = "raise"  # create a problem
UPDATE = "update"  # progress note (an owner) or the problem's fields (an official)
ACCEPT = "accept"
START = "start"
RESOLVE = "resolve"
CONFIRM = "confirm"
REFUSE = "refuse_resolution"
CITY_CLOSE = "city_close"
PROBLEM_ACTIONS = (RAISE, UPDATE, ACCEPT, START, RESOLVE, CONFIRM, REFUSE, CITY_CLOSE)
WORKFLOW_ACTIONS = (ACCEPT, START, RESOLVE, CONFIRM, REFUSE, CITY_CLOSE)

FROM_STATES = {
    RAISE: (None,),
    UPDATE: (ProblemStatus.RAISED, ProblemStatus.ACCEPTED, ProblemStatus.IN_HAND),
    ACCEPT: (ProblemStatus.RAISED,),
    START: (ProblemStatus.ACCEPTED,),
    RESOLVE: (ProblemStatus.IN_HAND,),
    CONFIRM: (ProblemStatus.RESOLVED,),
    REFUSE: (ProblemStatus.RESOLVED,),
    CITY_CLOSE: (ProblemStatus.RESOLVED,),
}
HANDLERS = (Role.CITY, Role.COUNTY, Role.DEPARTMENT)

# Targets and measures
CREATE = "create"
EDIT = "edit"  # every field (officials)
PROGRESS = "progress"  # the progress note (an owner too)


def city_close_days():
    return int(getattr(settings, "LISTS_CITY_CLOSE_DAYS", 7))


def is_city(user):
    return user.is_superuser or user.role == Role.CITY


def is_handler(user):
    return user.is_superuser or user.role in HANDLERS


def is_raiser(user, problem):
    """The raiser, or a colleague of the same owner unit when an owner raised it (the unit
    asked for help, not only the person)."""
    raiser = problem.raised_by
    if user.pk == raiser.pk:
        return True
    return bool(
        raiser.role == Role.OWNER
        and user.role == Role.OWNER
        and raiser.owner_unit_id
        and user.owner_unit_id == raiser.owner_unit_id
    )


def _in_scope(user, project, action):
    memo = user.__dict__.setdefault("_lists_scope_memo", {})
    key = (action, project.pk)
    if key not in memo:
        memo[key] = lists_projects(user, action).filter(pk=project.pk).exists()
    return memo[key]


def _raiser_name(problem):
    raiser = problem.raised_by
    name = raiser.get_full_name() or raiser.get_username()
    if raiser.role == Role.OWNER and raiser.owner_unit_id:
        return f"{name}（{raiser.owner_unit}）"
    return name


def refusal(user, problem, action, *, project=None, on=None):
    """None if ``user`` may do ``action`` with ``problem`` (None with ``project`` to raise one)."""
    if action not in PROBLEM_ACTIONS:
        raise ValueError(action)
    project = problem.project if problem is not None else project
    status = problem.status if problem is not None else None
    if not _in_scope(user, project, "view"):
        return Refusal(Kind.HIDDEN, _("You may not see this project's problems."))
    if not _in_scope(user, project, "change"):
        return Refusal(
            Kind.FORBIDDEN,
            _(
                "Only the project's owner, its county bureau, the department in charge or city staff work on its problems."
            ),
        )
    if action in (ACCEPT, START, RESOLVE) and not is_handler(user):
        return Refusal(
            Kind.FORBIDDEN,
            _(
                "Only the county bureau, the department in charge or city staff accept, handle and resolve problems."
            ),
        )
    if action in (CONFIRM, REFUSE) and not is_raiser(user, problem):
        return Refusal(
            Kind.FORBIDDEN,
            _("Only the raiser, %(raiser)s, confirms or refuses the resolution.")
            % {"raiser": _raiser_name(problem)},
        )
    if action == CITY_CLOSE and not is_city(user):
        return Refusal(
            Kind.FORBIDDEN,
            _(
                "Only the raiser, %(raiser)s, closes this problem (or city staff, when the raiser has not answered in %(days)s days)."
            )
            % {"raiser": _raiser_name(problem), "days": city_close_days()},
        )
    if status not in FROM_STATES[action]:
        if problem is None:
            return Refusal(Kind.INVALID, _("There is no problem to act on."))
        return Refusal(
            Kind.INVALID,
            _("This problem is %(status)s: it cannot be %(action)s.")
            % {"status": problem.get_status_display(), "action": ACTION_LABELS[action]},
        )
    if action == CITY_CLOSE:
        allowed_on = problem.resolved_on + timedelta(days=city_close_days())
        if (on or timezone.localdate()) < allowed_on:
            return Refusal(
                Kind.INVALID,
                _(
                    "The raiser, %(raiser)s, has until %(date)s to confirm or refuse the resolution; the city may close it after that."
                )
                % {"raiser": _raiser_name(problem), "date": allowed_on.isoformat()},
            )
    return None


def _labels():
    return {
        RAISE: _("raised"),
        UPDATE: _("updated"),
        ACCEPT: _("accepted"),
        START: _("taken in hand"),
        RESOLVE: _("resolved"),
        CONFIRM: _("confirmed"),
        REFUSE: _("refused"),
        CITY_CLOSE: _("closed by the city"),
    }


class _Labels:
    def __getitem__(self, action):
        return _labels()[action]


ACTION_LABELS = _Labels()


def allowed(user, problem, action, *, project=None):
    return refusal(user, problem, action, project=project) is None


def check(user, problem, action, *, project=None, on=None):
    if (why := refusal(user, problem, action, project=project, on=on)) is not None:
        raise why.exception()


def allowed_actions(user, problem):
    """The workflow steps the page offers the user on the problem now."""
    return [a for a in (UPDATE, *WORKFLOW_ACTIONS) if allowed(user, problem, a)]


def item_refusal(user, project, action):
    """Targets and measures: officials in scope create and edit them; an owner updates the
    progress of its own projects' items; leaders and auditors read."""
    if not _in_scope(user, project, "view"):
        return Refusal(Kind.HIDDEN, _("You may not see this project's lists."))
    if not _in_scope(user, project, "change"):
        return Refusal(
            Kind.FORBIDDEN,
            _(
                "Only the county bureau, the department in charge or city staff keep this project's lists."
            ),
        )
    if action != PROGRESS and not is_handler(user):
        return Refusal(
            Kind.FORBIDDEN,
            _(
                "An owner updates the progress only; the county bureau, the department in charge or city staff set targets, measures and dates."
            ),
        )
    return None


def check_item(user, project, action):
    if (why := item_refusal(user, project, action)) is not None:
        raise why.exception()
