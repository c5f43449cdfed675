"""Use cases of appraisals: keep a kind's scorecard (city staff), record and correct a
project's appraisal (city staff, or the department in charge). Every change names who made it
and is kept in the history."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.accounts.models import Role
from groundbreak.appraisal.choices import AppraisalKind
from groundbreak.appraisal.models import Appraisal, Criterion, CriterionScore, appraisal_projects
from groundbreak.core.services import check_version, save_with_history

APPRAISAL_FIELDS = ("date", "appraiser", "conclusion", "comment")
CRITERION_FIELDS = ("name", "weight", "position", "active")


def may_keep_scorecards(user):
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or user.role == Role.CITY
    )


def may_appraise(user, project):
    return appraisal_projects(user, "change").filter(pk=project.pk).exists()


def _check_scorecards(user):
    if not may_keep_scorecards(user):
        raise PermissionDenied(_("Only city staff keep the appraisal scorecards."))


@transaction.atomic
def create_criterion(kind, *, by, name, weight, position=0, active=True):
    _check_scorecards(by)
    if kind not in AppraisalKind.values:
        raise ValidationError({"kind": _("Unknown kind of appraisal.")})
    criterion = Criterion(kind=kind, name=name, weight=weight, position=position, active=active)
    return save_with_history(criterion, by=by, reason=gettext_noop("Criterion added"))


@transaction.atomic
def update_criterion(criterion, *, by, version, **fields):
    _check_scorecards(by)
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    check_version(criterion, version)
    for name, value in fields.items():
        if name not in CRITERION_FIELDS:
            raise ValidationError(_("%(field)s cannot be set here.") % {"field": name})
        setattr(criterion, name, value)
    return save_with_history(criterion, by=by, reason=gettext_noop("Criterion changed"))


def _score(criterion, value):
    """A score between 0 and 100, or None (not scored); anything else is refused, naming the
    criterion."""
    if value in (None, ""):
        return None
    try:
        value = Decimal(str(value))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= 100:
        raise ValidationError(
            {f"c_{criterion.pk}": _("%(criterion)s: give a score from 0 to 100.")
             % {"criterion": criterion.name}}
        )  # fmt: skip
    return value.quantize(Decimal("0.1"))


def _write_scores(appraisal, scores, by):
    """``scores``: {criterion id: score or None}; every criterion of the kind in use gets a line
    (a line not given stays as it was, or not scored)."""
    criteria = {c.pk: c for c in Criterion.objects.filter(kind=appraisal.kind, active=True)}
    existing = {line.criterion_id: line for line in appraisal.lines.all()}
    for key in scores:
        if int(key) not in criteria and int(key) not in existing:
            raise ValidationError(
                {"scores": _("Criterion %(id)s is not on this kind's scorecard.") % {"id": key}}
            )
    for pk, criterion in criteria.items():
        line = existing.get(pk) or CriterionScore(
            appraisal=appraisal, criterion=criterion, name=criterion.name, weight=criterion.weight
        )
        if pk in scores or str(pk) in scores or line.pk is None:
            value = scores.get(pk, scores.get(str(pk)))
            line.score = _score(criterion, value)
            line._history_user = by
            line.save()
    for pk, line in existing.items():  # a retired criterion's line keeps its score
        if pk not in criteria and (pk in scores or str(pk) in scores):
            line.score = _score(line.criterion, scores.get(pk, scores.get(str(pk))))
            line._history_user = by
            line.save()
    appraisal.score = appraisal.weighted_score()
    appraisal.save(update_fields=["score"])


@transaction.atomic
def record_appraisal(project, *, by, kind, scores=None, **fields):
    """Record an appraisal of ``project`` on its kind's scorecard."""
    if not may_appraise(by, project):
        raise PermissionDenied(
            _("City staff and the project's department in charge record its appraisals.")
        )
    if kind not in AppraisalKind.values:
        raise ValidationError({"kind": _("Unknown kind of appraisal.")})
    appraisal = Appraisal(project=project, kind=kind, recorded_by=by)
    for name, value in fields.items():
        if name not in APPRAISAL_FIELDS:
            raise ValidationError(_("%(field)s cannot be set here.") % {"field": name})
        setattr(appraisal, name, value)
    save_with_history(appraisal, by=by, reason=gettext_noop("Appraisal recorded"))
    _write_scores(appraisal, scores or {}, by)
    return appraisal


@transaction.atomic
def update_appraisal(appraisal, *, by, version, scores=None, reason=None, **fields):
    if not may_appraise(by, appraisal.project):
        raise PermissionDenied(
            _("City staff and the project's department in charge record its appraisals.")
        )
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    check_version(appraisal, version)
    for name, value in fields.items():
        if name not in APPRAISAL_FIELDS:
            raise ValidationError(_("%(field)s cannot be set here.") % {"field": name})
        setattr(appraisal, name, value)
    save_with_history(appraisal, by=by, reason=reason or gettext_noop("Appraisal corrected"))
    _write_scores(appraisal, scores or {}, by)
    return appraisal
