"""Who may do what with a monthly report, in one place (the services, the pages and the API ask
here).

``refusal(user, report, action)`` answers None (allowed) or why not. Three levels act on a
report: the owner fills it, the county reviews it (approval is the county's lock), the city
locks it. A lock is lifted only by the level that holds it, or one above (a correction it
makes): a county cannot correct what the city locked or approved, and the refusal names who
holds the lock.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from groundbreak.accounts.models import Role
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import reporting_projects

FILL = "fill"  # save a draft (create or change)
SUBMIT = "submit"
NO_CHANGE = "no_change"  # 无变化: last report carried forward and submitted
ATTACH = "attach"  # add a photo or voucher
DETACH = "detach"  # remove one
RETURN = "return"
APPROVE = "approve"
LOCK = "lock"
CORRECT = "correct"
ACTIONS = (FILL, SUBMIT, NO_CHANGE, ATTACH, DETACH, RETURN, APPROVE, LOCK, CORRECT)

EDITABLE_BY_FILLER = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# The states each action starts from (None: no report yet).
FROM_STATES = {
    FILL: (None, *EDITABLE_BY_FILLER),
    SUBMIT: EDITABLE_BY_FILLER,
    NO_CHANGE: (None, *EDITABLE_BY_FILLER),
    ATTACH: (*EDITABLE_BY_FILLER, ReportStatus.SUBMITTED),
    DETACH: (*EDITABLE_BY_FILLER, ReportStatus.SUBMITTED),
    RETURN: (ReportStatus.SUBMITTED,),
    APPROVE: (ReportStatus.SUBMITTED,),
    LOCK: (ReportStatus.APPROVED,),
    CORRECT: (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.LOCKED),
}
# Filling-side actions go by the fill scope, reviewing ones by the review scope.
SCOPE = {FILL: "fill", SUBMIT: "fill", NO_CHANGE: "fill", ATTACH: "fill", DETACH: "fill",
         RETURN: "review", APPROVE: "review", LOCK: "review", CORRECT: "review"}  # fmt: skip
# Actions that change an owner's figures by filling: only the owner unit, once it has filled.
REFILLING = (FILL, SUBMIT, NO_CHANGE)

OWNER, COUNTY, CITY = 1, 2, 3


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


def level(user):
    """The level a user acts at on reports: city, county, owner (0 for read-only roles)."""
    if user.is_superuser or user.role == Role.CITY:
        return CITY
    return {Role.COUNTY: COUNTY, Role.OWNER: OWNER}.get(user.role, 0)


def lock_holder(report):
    """The level holding the report's lock and its name, or (0, None): a locked report is the
    city's; an approved one the level of who approved it (the county, or the city)."""
    if report is None:
        return 0, None
    if report.status == ReportStatus.LOCKED:
        return CITY, _("The city DRC")
    if report.status == ReportStatus.APPROVED:
        reviewer = report.reviewed_by
        if reviewer is not None and level(reviewer) == CITY:
            return CITY, _("The city DRC")
        if reviewer is not None and reviewer.region_id:
            return COUNTY, str(reviewer.region)
        return COUNTY, _("The county bureau")
    return 0, None


def _lock_refusal(report, holder, name):
    only = _("the city level") if holder == CITY else _("the county or the city level")
    if report.status == ReportStatus.LOCKED:
        text = _("%(holder)s has locked this report: only %(level)s can correct it.")
    else:
        text = _("%(holder)s has approved this report: only %(level)s can correct it.")
    return Refusal(Kind.FORBIDDEN, text % {"holder": name, "level": only})


def _owner_figures(user, report):
    """An owner's figures are the owner's (业主数据归业主): once an owner unit's user filled the
    report, only that unit's users change it by filling; others return or correct it."""
    filler = report.filled_by
    if user is None or filler is None or filler.role != Role.OWNER:
        return True
    return user.role == Role.OWNER and user.owner_unit_id == filler.owner_unit_id


def _in_scope(user, project, scope):
    """Whether the project is in the user's scope for reports (remembered on the user object
    for the request or the job, since a page asks for many actions)."""
    memo = user.__dict__.setdefault("_report_scope_memo", {})
    key = (scope, project.pk)
    if key not in memo:
        memo[key] = reporting_projects(user, scope).filter(pk=project.pk).exists()
    return memo[key]


def warm(user, projects):
    """Ask the scopes once for many projects (a list page), instead of once per project."""
    memo = user.__dict__.setdefault("_report_scope_memo", {})
    ids = [p.pk for p in projects]
    for scope in ("view", "fill", "review"):
        inside = set(
            reporting_projects(user, scope).filter(pk__in=ids).values_list("pk", flat=True)
        )
        memo.update({(scope, pk): pk in inside for pk in ids})


def refusal(user, report, action, *, project=None):
    """None if ``user`` may do ``action`` with ``report`` (None: the project's report for a
    period not filled yet, then ``project`` is given), else the Refusal saying why.

    ``user`` None is the system (a job): only the workflow's states apply."""
    if action not in ACTIONS:
        raise ValueError(action)
    project = report.project if report is not None else project
    status = report.status if report is not None else None
    if user is not None:
        if not _in_scope(user, project, "view"):
            return Refusal(Kind.HIDDEN, _("You may not do this with this project's reports."))
        if action == LOCK and level(user) != CITY:
            return Refusal(Kind.FORBIDDEN, _("Only city staff lock reports."))
        if not _in_scope(user, project, SCOPE[action]):
            return Refusal(Kind.FORBIDDEN, _("You may not do this with this project's reports."))
        holder, name = lock_holder(report)
        if holder > level(user):
            return _lock_refusal(report, holder, name)
    if status not in FROM_STATES[action]:
        if report is None:
            return Refusal(Kind.INVALID, _("There is no report to act on yet: fill it in first."))
        if action in (FILL, NO_CHANGE, SUBMIT) and status != ReportStatus.SUBMITTED:
            return Refusal(
                Kind.INVALID,
                _("This report is %(status)s: it changes only through a correction with a reason.")
                % {"status": report.get_status_display()},
            )
        if action in (ATTACH, DETACH):
            return Refusal(
                Kind.INVALID,
                _("This report is %(status)s: evidence is added or removed before it is approved.")
                % {"status": report.get_status_display()},
            )
        if action == CORRECT:
            return Refusal(
                Kind.INVALID,
                _("A draft or returned report is changed by its filler, not corrected."),
            )
        return Refusal(
            Kind.INVALID,
            _("A report that is %(status)s cannot be %(action)s.")
            % {"status": report.get_status_display(), "action": ACTION_LABELS[action]},
        )
    if action in REFILLING and report is not None and not _owner_figures(user, report):
        return Refusal(
            Kind.FORBIDDEN,
            _(
                "These figures were filled by the owner %(owner)s: return the report to them, or correct it with a reason once it is handed in."
            )
            % {"owner": project.owner_unit},
        )
    return None


def _labels():
    return {
        FILL: _("filled in"),
        SUBMIT: _("submitted"),
        NO_CHANGE: _("reported with no change"),
        ATTACH: _("given evidence"),
        DETACH: _("stripped of evidence"),
        RETURN: _("returned"),
        APPROVE: _("approved"),
        LOCK: _("locked"),
        CORRECT: _("corrected"),
    }


class _Labels:
    def __getitem__(self, action):
        return _labels()[action]


ACTION_LABELS = _Labels()


def allowed(user, report, action, *, project=None):
    return refusal(user, report, action, project=project) is None


def check(user, report, action, *, project=None):
    """Raise the refusal (PermissionDenied or ValidationError), or return None."""
    if (why := refusal(user, report, action, project=project)) is not None:
        raise why.exception()


def allowed_actions(user, report):
    """The actions the user may take on the report now: what a page offers."""
    return {action for action in ACTIONS if allowed(user, report, action)}
