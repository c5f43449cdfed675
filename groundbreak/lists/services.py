"""Use cases of the five lists: keep targets and measures, raise a problem and move it through
raised → accepted → in hand → resolved → confirmed. Every change names who made it (``by=``)
and is kept in the history. Raising a problem is asking for help, not a failure: nothing here
touches a project's warning light."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.core.services import check_version, save_with_history
from groundbreak.lists import rules
from groundbreak.lists.choices import ProblemStatus
from groundbreak.lists.models import Measure, Problem, Target
from groundbreak.projects.signals import project_changed

COMMON_FIELDS = ("responsible_unit", "responsible_person", "due_date", "progress_note")
TARGET_FIELDS = ("year", "content", "achieved_on", *COMMON_FIELDS)
MEASURE_FIELDS = ("content", "problem", "target", "done_on", *COMMON_FIELDS)
PROBLEM_FIELDS = ("category", "description", "solving_level", *COMMON_FIELDS)
OWNER_FIELDS = ("progress_note",)  # what an owner may change on an item


def _saved(item, *, by, reason):
    """Save with history and tell the warning evaluator (above) the item's project changed."""
    save_with_history(item, by=by, reason=reason)
    project_changed.send(sender=type(item), project_ids=[item.project_id])
    return item


def _set(item, fields, allowed):
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError(_("%(field)s cannot be set here.") % {"field": name})
        setattr(item, name, value)


def _item_action(fields):
    return rules.PROGRESS if set(fields) <= set(OWNER_FIELDS) else rules.EDIT


def _locked(model, item):
    return model.objects.select_for_update(of=("self",)).order_by().get(pk=item.pk)


def _check_links(measure):
    for link in (measure.problem, measure.target):
        if link is not None and link.project_id != measure.project_id:
            raise ValidationError(_("A measure belongs to a problem or target of its own project."))


@transaction.atomic
def create_target(project, *, by, **fields):
    rules.check_item(by, project, rules.CREATE)
    target = Target(project=project)
    _set(target, fields, TARGET_FIELDS)
    return _saved(target, by=by, reason=gettext_noop("Target set"))


@transaction.atomic
def update_target(target, *, by, version, reason=None, **fields):
    rules.check_item(by, target.project, _item_action(fields))
    target = _locked(Target, target)
    check_version(target, version)
    _set(target, fields, TARGET_FIELDS)
    return _saved(target, by=by, reason=reason or gettext_noop("Target updated"))


@transaction.atomic
def create_measure(project, *, by, **fields):
    rules.check_item(by, project, rules.CREATE)
    measure = Measure(project=project)
    _set(measure, fields, MEASURE_FIELDS)
    _check_links(measure)
    return _saved(measure, by=by, reason=gettext_noop("Measure set"))


@transaction.atomic
def update_measure(measure, *, by, version, reason=None, **fields):
    rules.check_item(by, measure.project, _item_action(fields))
    measure = _locked(Measure, measure)
    check_version(measure, version)
    _set(measure, fields, MEASURE_FIELDS)
    _check_links(measure)
    return _saved(measure, by=by, reason=reason or gettext_noop("Measure updated"))


@transaction.atomic
def raise_problem(project, *, by, report=None, raised_on=None, **fields):
    """An owner (from its monthly report, ``report``) or an official asks for help."""
    rules.check(by, None, rules.RAISE, project=project)
    if report is not None and report.project_id != project.pk:
        raise ValidationError(_("The report is of another project."))
    problem = Problem(
        project=project,
        raised_by=by,
        raised_on=raised_on or timezone.localdate(),
        report=report,
    )
    _set(problem, fields, PROBLEM_FIELDS)
    if not (problem.description or "").strip():
        raise ValidationError({"description": _("Say what the problem is.")})
    return _saved(problem, by=by, reason=gettext_noop("Problem raised"))


def _checked(problem, by, action, version, on=None):
    """Who first (scope, role), then the version, then the state, as reporting does."""
    problem = (
        Problem.objects.select_for_update(of=("self",))
        .select_related("project", "raised_by")
        .get(pk=problem.pk)
    )
    refused = rules.refusal(by, problem, action, on=on)
    if refused is not None and refused.kind != rules.Kind.INVALID:
        raise refused.exception()
    check_version(problem, version)
    if refused is not None:
        raise refused.exception()
    return problem


@transaction.atomic
def update_problem(problem, *, by, version, reason=None, **fields):
    """An owner updates its open problem's progress (each month, in the report form); an
    official may also change what it is, who answers for it and by when."""
    problem = _checked(problem, by, rules.UPDATE, version)
    if not rules.is_handler(by) and not set(fields) <= set(OWNER_FIELDS):
        raise rules.Refusal(
            rules.Kind.FORBIDDEN,
            _("An owner updates the progress only; officials change the problem's other fields."),
        ).exception()
    _set(problem, fields, PROBLEM_FIELDS)
    return _saved(problem, by=by, reason=reason or gettext_noop("Progress updated"))


def _move(problem, *, by, version, action, to, reason, on=None, **changes):
    problem = _checked(problem, by, action, version, on=on)
    problem.status = to
    for name, value in changes.items():
        setattr(problem, name, value)
    return _saved(problem, by=by, reason=reason)


@transaction.atomic
def accept_problem(problem, *, by, version):
    return _move(problem, by=by, version=version, action=rules.ACCEPT,
                 to=ProblemStatus.ACCEPTED, reason=gettext_noop("Accepted"))  # fmt: skip


@transaction.atomic
def start_problem(problem, *, by, version):
    return _move(problem, by=by, version=version, action=rules.START,
                 to=ProblemStatus.IN_HAND, reason=gettext_noop("Taken in hand"))  # fmt: skip


@transaction.atomic
def resolve_problem(problem, *, by, version, resolution):
    """Resolved, saying how: the raiser is then asked to confirm."""
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Say how the problem was resolved.")})
    return _move(problem, by=by, version=version, action=rules.RESOLVE,
                 to=ProblemStatus.RESOLVED, reason=gettext_noop("Resolved"),
                 resolution=resolution.strip(), resolved_on=timezone.localdate(),
                 resolved_by=by)  # fmt: skip


@transaction.atomic
def confirm_problem(problem, *, by, version):
    """The raiser confirms the resolution: the problem is closed."""
    return _move(problem, by=by, version=version, action=rules.CONFIRM,
                 to=ProblemStatus.CONFIRMED, reason=gettext_noop("Confirmed by the raiser"),
                 closed_on=timezone.localdate(), closed_by=by)  # fmt: skip


@transaction.atomic
def refuse_resolution(problem, *, by, version, reason):
    """The raiser says it is not solved: back in hand, with the reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the resolution does not solve it.")})
    return _move(problem, by=by, version=version, action=rules.REFUSE,
                 to=ProblemStatus.IN_HAND, reason=gettext_noop("Resolution refused"),
                 refusal_reason=reason.strip())  # fmt: skip


@transaction.atomic
def city_close_problem(problem, *, by, version, reason, on=None):
    """The city closes a resolved problem whose raiser has not answered in time, saying why."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the city closes it without the raiser.")})
    return _move(problem, by=by, version=version, action=rules.CITY_CLOSE, on=on,
                 to=ProblemStatus.CONFIRMED, reason=gettext_noop("Closed by the city"),
                 closed_on=timezone.localdate(), closed_by=by,
                 city_close_reason=reason.strip())  # fmt: skip


WORKFLOW = {
    rules.ACCEPT: accept_problem,
    rules.START: start_problem,
    rules.RESOLVE: resolve_problem,
    rules.CONFIRM: confirm_problem,
    rules.REFUSE: refuse_resolution,
    rules.CITY_CLOSE: city_close_problem,
}
