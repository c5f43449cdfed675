"""The planning use cases: set a target, enter a region's figures (or correct them under a
lock), lock and unlock a county's accounts, edit the start weights, the reserve thresholds
and a project's readiness. Each takes the acting user ``by``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.accounts.models import Role
from groundbreak.core.money import format_amount
from groundbreak.core.services import check_version, save_with_history
from groundbreak.planning.choices import LockLevel, WeightKey
from groundbreak.planning.models import (
    AccountLock,
    InvestmentTarget,
    ProjectReadiness,
    RegionFigure,
    ReserveThreshold,
    StartWeight,
    planning_region_ids,
)
from groundbreak.projects.models import Project

FIGURE_FIELDS = ("project_count", "annual_plan", "completed_ytd", "last_year_ytd",
                 "real_estate_ytd", "other_ytd")  # fmt: skip


def level_of(user):
    """The level a user acts at: the city (市级) or a county (县级); None for other roles."""
    if user is None or user.is_superuser or user.role == Role.CITY:
        return LockLevel.CITY
    if user.role == Role.COUNTY:
        return LockLevel.COUNTY
    return None


def _require_city(by):
    if by is not None and level_of(by) != LockLevel.CITY:
        raise PermissionDenied(_("Only city staff may do this."))


def _require_region(by, region):
    if by is None:
        return
    ids = planning_region_ids(by, "change")
    if ids is None or (ids != "all" and region.pk not in ids):
        raise PermissionDenied(
            _("You may not change the accounts of %(region)s.") % {"region": region}
        )


@transaction.atomic
def set_target(region, year, *, by, base_amount, growth_rate=None, quarter_shares=None, note="",
               version=None):  # fmt: skip
    """Set (or change) a region's target for a year: only the city sets targets."""
    _require_city(by)
    target = InvestmentTarget.objects.select_for_update().filter(region=region, year=year).first()
    if target is None:
        target = InvestmentTarget(region=region, year=year)
    else:
        check_version(target, version)
    target.base_amount = base_amount
    if growth_rate is not None:
        target.growth_rate = growth_rate
    shares = quarter_shares or [None] * 4
    target.q1_share, target.q2_share, target.q3_share, target.q4_share = shares
    target.note = note or ""
    save_with_history(target, by=by, reason=gettext_noop("Target set"))
    return target


def held_locks(region, period):
    return (
        AccountLock.objects.held().filter(region=region, period=period).select_related("locked_by")
    )


def lock_refusal(lock):
    """The sentence that refuses a change under ``lock``, naming who holds it."""
    holder = lock.locked_by.get_full_name() or lock.locked_by.username
    if lock.level == LockLevel.CITY:
        text = _("The city (%(holder)s) locked the accounts of %(region)s for %(period)s on %(when)s; only the city level can unlock them.")  # fmt: skip
    else:
        text = _("%(region)s (%(holder)s) locked its accounts for %(period)s on %(when)s; only the county level can unlock them.")  # fmt: skip
    return text % {"holder": holder, "region": lock.region, "period": lock.period,
                   "when": timezone.localtime(lock.locked_at).strftime("%Y-%m-%d %H:%M")}  # fmt: skip


@transaction.atomic
def save_region_figure(region, period, *, by, version=None, correction_reason="", source=None,
                       **values):  # fmt: skip
    """Enter a region's figures for a period (other investment, last year, the summary table's
    figures). Under a lock the change is refused, naming who holds it, unless it is made as a
    correction with a reason by the level holding the highest lock."""
    _require_region(by, region)
    locks = list(held_locks(region, period))
    if locks:
        top = max(locks, key=lambda lk: lk.level == LockLevel.CITY)
        if not correction_reason.strip():
            raise ValidationError(lock_refusal(top))
        if by is not None and level_of(by) != top.level:
            raise PermissionDenied(lock_refusal(top))
    figure = RegionFigure.objects.select_for_update().filter(region=region, period=period).first()
    if figure is None:
        figure = RegionFigure(region=region, period=period)
    elif source is None:
        check_version(figure, version)
    for name, value in values.items():
        if name not in FIGURE_FIELDS:
            raise ValidationError({name: _("Unknown field.")})
        setattr(figure, name, value)
    if source is not None:
        figure.imported_by = source
    reason = correction_reason.strip() or (gettext_noop("Imported") if source else gettext_noop("Entered"))  # fmt: skip
    save_with_history(figure, by=by, reason=reason)
    return figure


@transaction.atomic
def lock_accounts(region, period, *, by):
    """Lock a county's accounts for a period at the actor's level: the county submits and
    locks (上报锁定), then the city locks (市级锁定)."""
    _require_region(by, region)
    level = level_of(by)
    if level is None:
        raise PermissionDenied(_("Only city staff and county bureaus lock accounts."))
    if AccountLock.objects.held().filter(region=region, period=period, level=level).exists():
        raise ValidationError(_("These accounts are already locked at this level."))
    lock = AccountLock(region=region, period=period, level=level, locked_by=by,
                       locked_at=timezone.now())  # fmt: skip
    save_with_history(lock, by=by, reason=gettext_noop("Locked"), bump_version=False)
    return lock


@transaction.atomic
def unlock_accounts(lock, *, by):
    """Lift a lock: only the level that set it may; the refusal names who holds it."""
    lock = AccountLock.objects.select_for_update().get(pk=lock.pk)
    if lock.lifted_at is not None:
        raise ValidationError(_("This lock has been lifted already."))
    _require_region(by, lock.region)
    if level_of(by) != lock.level:
        raise PermissionDenied(lock_refusal(lock))
    lock.lifted_by, lock.lifted_at = by, timezone.now()
    save_with_history(lock, by=by, reason=gettext_noop("Unlocked"), bump_version=False)
    return lock


@transaction.atomic
def set_start_weight(key, *, by, weight):
    _require_city(by)
    if key not in WeightKey.values:
        raise ValidationError({"key": _("Unknown row.")})
    row = StartWeight.objects.select_for_update().filter(key=key).first() or StartWeight(key=key)
    row.weight = weight
    save_with_history(row, by=by, reason=gettext_noop("Weight set"), bump_version=False)
    return row


@transaction.atomic
def set_reserve_threshold(region, year, *, by, amount):
    _require_city(by)
    row = ReserveThreshold.objects.select_for_update().filter(region=region, year=year).first()
    row = row or ReserveThreshold(region=region, year=year)
    row.amount = amount
    save_with_history(row, by=by, reason=gettext_noop("Threshold set"))
    return row


@transaction.atomic
def set_readiness(project, *, by, approvals_complete):
    if by is not None and not Project.objects.restrict(by, "change").filter(pk=project.pk).exists():
        raise PermissionDenied(_("You may not change this project."))
    row = ProjectReadiness.objects.filter(project=project).first() or ProjectReadiness(
        project=project
    )
    row.approvals_complete = approvals_complete
    save_with_history(row, by=by, reason=gettext_noop("Readiness set"), bump_version=False)
    return row


def figure_check(figure, projects_sum):
    """A warning (not a refusal) where a county's imported figure and its projects' own sum
    differ: the sentence, or None."""
    if figure is None or projects_sum is None or figure == projects_sum:
        return None
    return _(
        "The table's figure %(table)s 万元 differs from the projects' sum %(projects)s 万元 by %(diff)s 万元."
    ) % {  # fmt: skip
        "table": format_amount(figure),
        "projects": format_amount(projects_sum),
        "diff": format_amount(figure - projects_sum),
    }
