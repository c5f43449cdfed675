"""Use cases of responsibility and the scoreboard: assign, change and relieve a project's
one-to-one service cadre (city staff, or the project's county), and set a year's weights
(city staff). Every change names who made it and is kept in the history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.accounts.models import Role
from groundbreak.core.services import check_version, save_with_history
from groundbreak.scoreboard.choices import Part
from groundbreak.scoreboard.models import ScoreWeights, ServiceCadre, cadre_projects

CADRE_FIELDS = ("name", "unit", "phone", "since", "until", "note")


def check_may_keep_cadres(user, project):
    if not cadre_projects(user, "change").filter(pk=project.pk).exists():
        raise PermissionDenied(
            _("Only city staff and the project's county bureau assign its service cadre.")
        )


def may_set_weights(user):
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or user.role == Role.CITY
    )


def _check_overlap(cadre):
    """One cadre at a time: a period may not overlap another cadre's of the same project."""
    others = ServiceCadre.objects.filter(project=cadre.project).exclude(pk=cadre.pk)
    for other in others:
        starts_before_other_ends = other.until is None or cadre.since < other.until
        ends_after_other_starts = cadre.until is None or cadre.until > other.since
        if starts_before_other_ends and ends_after_other_starts:
            raise ValidationError(
                {"since": _("%(name)s serves this project from %(since)s%(until)s: relieve "
                            "that cadre first or pick dates outside that period.")
                 % {"name": other.name, "since": other.since.isoformat(),
                    "until": f" {_('to')} {other.until.isoformat()}" if other.until else ""}}
            )  # fmt: skip


@transaction.atomic
def assign_service_cadre(project, *, by, name, unit, since=None, phone="", note="", until=None):
    """Send a cadre to serve the project from ``since`` (today by default). The cadre serving
    until then is relieved on that day; the earlier ones stay as the project's history."""
    check_may_keep_cadres(by, project)
    since = since or timezone.localdate()
    serving = (
        ServiceCadre.objects.select_for_update().filter(project=project, until__isnull=True).first()
    )
    if serving is not None:
        if since <= serving.since:
            raise ValidationError(
                {"since": _("%(name)s has served since %(since)s: the new cadre starts later.")
                 % {"name": serving.name, "since": serving.since.isoformat()}}
            )  # fmt: skip
        serving.until = since
        save_with_history(serving, by=by, reason=gettext_noop("Relieved by a new cadre"))
    cadre = ServiceCadre(project=project, name=name, unit=unit, phone=phone, since=since,
                         until=until, note=note)  # fmt: skip
    cadre.full_clean()
    _check_overlap(cadre)
    return save_with_history(cadre, by=by, reason=gettext_noop("Cadre assigned"))


@transaction.atomic
def update_service_cadre(cadre, *, by, version, reason=None, **fields):
    """Correct a cadre's details or dates, or relieve the cadre (``until``)."""
    check_may_keep_cadres(by, cadre.project)
    cadre = ServiceCadre.objects.select_for_update().get(pk=cadre.pk)
    check_version(cadre, version)
    for name, value in fields.items():
        if name not in CADRE_FIELDS:
            raise ValidationError(_("%(field)s cannot be set here.") % {"field": name})
        setattr(cadre, name, value)
    cadre.full_clean()
    _check_overlap(cadre)
    return save_with_history(cadre, by=by, reason=reason or gettext_noop("Cadre updated"))


@transaction.atomic
def set_score_weights(year, *, by, version=None, **weights):
    """Set the weights of ``year``'s scoreboard (city staff). The first change of a year starts
    from the defaults; later ones carry the version they were based on."""
    if not may_set_weights(by):
        raise PermissionDenied(_("Only city staff set the scoreboard's weights."))
    unknown = set(weights) - set(Part.values)
    if unknown:
        raise ValidationError(_("Unknown parts: %(parts)s") % {"parts": ", ".join(sorted(unknown))})
    row = ScoreWeights.objects.select_for_update().filter(year=year).first()
    if row is None:
        row = ScoreWeights.for_year(year)
    else:
        check_version(row, version)
    for part, value in weights.items():
        setattr(row, part, value)
    return save_with_history(row, by=by, reason=gettext_noop("Weights set"))
