"""Use cases of graded warnings: default rules, rule edits, acknowledgement, exemptions."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.accounts.models import Role
from groundbreak.alerts.choices import Audience, ExemptionStatus, WarningStatus
from groundbreak.alerts.models import (
    Acknowledgement,
    Exemption,
    Rule,
    RuleLevel,
    RuleSwitch,
    Warning,
)
from groundbreak.alerts.registry import kinds
from groundbreak.core.services import save_with_history


def ensure_default_rules():
    """Create the rule of every registered kind that has none yet, with its default levels
    (run after migrate and by the demo; an edited rule is never reset)."""
    created = []
    for rule_kind in kinds():
        rule, new = Rule.objects.get_or_create(
            kind=rule_kind.code,
            defaults={"margin": rule_kind.margin, "options": dict(rule_kind.options)},
        )
        if new:
            RuleLevel.objects.bulk_create(
                RuleLevel(rule=rule, level=level, threshold=threshold,
                          audience=[str(a) for a in rule_kind.audience.get(level, [])])
                for level, threshold in rule_kind.thresholds.items()
            )  # fmt: skip
            created.append(rule)
    return created


def is_city(user):
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.CITY))


def get_warning_for(user, pk, action="view"):
    """The warning, if the user may see it (404 otherwise); for ``act``, 403 when seen only."""
    warning = get_object_or_404(
        Warning.objects.restrict(user, "view").select_related("rule", "project"), pk=pk
    )
    if action != "view" and not Warning.objects.restrict(user, action).filter(pk=pk).exists():
        raise PermissionDenied(_("You may see this warning but not act on it."))
    return warning


def _require_city(by):
    if not is_city(by):
        raise PermissionDenied(_("Only the city commission may do this."))


@transaction.atomic
def update_rule(rule, *, by, enabled, margin, levels):
    """Set a rule's switch, margin and levels (``levels``: {level: (threshold or None,
    [audience…])}; a level without a threshold is not used). City staff only."""
    _require_city(by)
    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    if margin is None or margin < 0:
        raise ValidationError({"margin": _("The margin cannot be negative.")})
    used = {lv: spec for lv, spec in levels.items() if spec[0] is not None}
    if not used:
        raise ValidationError({"levels": _("Give at least one level a threshold.")})
    ordered = [used[lv][0] for lv in sorted(used)]
    increasing = rule.rule_kind is None or rule.rule_kind.direction == "at_least"
    if ordered != sorted(ordered, reverse=not increasing) or len(set(ordered)) != len(ordered):
        raise ValidationError(
            {"levels": _("Each higher level needs a stricter threshold than the one below.")}
        )
    for _threshold, audience in used.values():
        unknown = set(audience) - set(Audience.values)
        if unknown:
            raise ValidationError(
                {"levels": _("Unknown audience: %(x)s") % {"x": ", ".join(unknown)}}
            )
    rule.enabled, rule.margin = enabled, margin
    save_with_history(rule, by=by, reason="rule edited")
    for lv in (1, 2, 3):
        existing = RuleLevel.objects.filter(rule=rule, level=lv).first()
        if lv not in used:
            if existing:
                existing._history_user = by
                existing.delete()
            continue
        threshold, audience = used[lv]
        row = existing or RuleLevel(rule=rule, level=lv)
        row.threshold, row.audience = threshold, list(audience)
        save_with_history(row, by=by, reason="rule edited")
    return rule


@transaction.atomic
def set_rule_switch(rule, *, by, region, enabled):
    """Switch a rule off (or on) for one county. City staff only."""
    _require_city(by)
    switch = RuleSwitch.objects.filter(rule=rule, region=region).first() or RuleSwitch(
        rule=rule, region=region
    )
    switch.enabled = enabled
    save_with_history(switch, by=by, reason="county switch")
    return switch


@transaction.atomic
def acknowledge_warning(warning, *, by, comment):
    """签收: the acting user saw the warning and says what is being done."""
    warning = Warning.objects.select_for_update().get(pk=warning.pk)
    if not Warning.objects.restrict(by, "act").filter(pk=warning.pk).exists():
        raise PermissionDenied(_("You may not acknowledge this warning."))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what is being done about it.")})
    if warning.status == WarningStatus.CLEARED:
        raise ValidationError(_("This warning has cleared; there is nothing to acknowledge."))
    Acknowledgement.objects.create(
        warning=warning, by=by, comment=comment.strip(), level=warning.level
    )
    warning.status = WarningStatus.ACKNOWLEDGED
    warning.save(update_fields=["status"])
    return warning


def _evidence(content, name):
    if not content:
        return None
    if len(content) > settings.REPORT_UPLOAD_MAX_BYTES:
        raise ValidationError(
            {"evidence": _("%(name)s is larger than %(mb)s MB.")
             % {"name": name, "mb": settings.REPORT_UPLOAD_MAX_BYTES // 2**20}}
        )  # fmt: skip
    return ContentFile(content, name=name or "evidence")


@transaction.atomic
def request_exemption(warning, *, by, reason, explanation, until, content=None, name=""):
    """Ask the city to exempt a warning until a date, for a justified reason, with evidence."""
    if not Warning.objects.restrict(by, "act").filter(pk=warning.pk).exists():
        raise PermissionDenied(_("You may not ask for an exemption of this warning."))
    errors = {}
    if not (explanation or "").strip():
        errors["explanation"] = [_("Explain the reason.")]
    if until is None or until <= timezone.localdate():
        errors["until"] = [_("Give a date in the future.")]
    if warning.status == WarningStatus.CLEARED:
        errors["warning"] = [_("This warning has cleared.")]
    if Exemption.objects.filter(warning=warning, status=ExemptionStatus.REQUESTED).exists():
        errors["warning"] = [_("An exemption of this warning is already waiting for the city.")]
    if errors:
        raise ValidationError(errors)
    exemption = Exemption(warning=warning, reason=reason, explanation=explanation.strip(),
                          until=until, requested_by=by)  # fmt: skip
    evidence = _evidence(content, name)
    if evidence is not None:
        exemption.evidence = evidence
        exemption.evidence_name = name[:200]
    exemption.full_clean(exclude=["evidence"])
    exemption._history_user = by
    exemption.save()
    return exemption


@transaction.atomic
def decide_exemption(exemption, *, by, approve, note="", until=None):
    """The city approves (until a date, perhaps shorter than asked) or refuses an exemption."""
    _require_city(by)
    exemption = Exemption.objects.select_for_update().get(pk=exemption.pk)
    if exemption.status != ExemptionStatus.REQUESTED:
        raise ValidationError(_("This exemption has been decided already."))
    if approve:
        until = until or exemption.until
        if until <= timezone.localdate():
            raise ValidationError({"until": _("Give a date in the future.")})
        exemption.until = until
    exemption.status = ExemptionStatus.APPROVED if approve else ExemptionStatus.REFUSED
    exemption.decided_by, exemption.decided_at = by, timezone.now()
    exemption.decision_note = (note or "")[:300]
    save_with_history(exemption, by=by, reason="exemption decided", validate=False)
    if approve:
        Warning.objects.filter(pk=exemption.warning_id).update(exempt_until=until)
    return exemption


def expire_exemptions(on_date=None):
    """Leave a warning's exemption once its date has passed (the nightly job): it shows and
    escalates again."""
    on_date = on_date or date.today()
    return Warning.objects.filter(exempt_until__lt=on_date).update(exempt_until=None)
