"""Targets, the figures entered per region and period, the start-likelihood weights, the level
locks and the reserve thresholds: everything the accounts (三本账) are computed from besides
the projects themselves."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groundbreak.accounts.models import Role
from groundbreak.core.models import VersionedModel
from groundbreak.planning.choices import LockLevel, WeightKey
from groundbreak.projects.models import Project, money_field
from groundbreak.regions.models import Region
from groundbreak.reporting.models import ReportingPeriod

HUNDRED = Decimal(100)


def planning_region_ids(user, action="view"):
    """The regions whose planning figures ``user`` may see (``view``) or change (``change``):
    the city all, city leaders and auditors all to read, a county its own region and those
    below. Departments and owners have no part in the accounts: nothing (their pages answer
    403, the API's objects 404)."""
    if not user or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser or user.role == Role.CITY:
        return "all"
    if user.role in (Role.AUDITOR, Role.LEADER):
        return "all" if action == "view" else None
    if user.role == Role.COUNTY and user.region_id:
        return user.region.descendant_ids()
    return None


def may_use_planning(user):
    return planning_region_ids(user, "view") is not None


class RegionScopedQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        ids = planning_region_ids(user, action)
        if ids is None:
            return self.none()
        if ids == "all":
            return self
        return self.filter(region_id__in=ids)


class InvestmentTarget(VersionedModel):
    """A region's yearly fixed-asset-investment target (年度投资目标): last year's investment
    as the statistics bureau counted it and the growth asked for, optionally split by quarter."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    base_amount = money_field(_("last year's investment (万元)"))
    growth_rate = models.DecimalField(
        _("growth target (%)"), max_digits=6, decimal_places=2, default=Decimal(10)
    )
    q1_share = models.DecimalField(_("Q1 share (%)"), max_digits=5, decimal_places=2, null=True, blank=True)  # fmt: skip
    q2_share = models.DecimalField(_("Q2 share (%)"), max_digits=5, decimal_places=2, null=True, blank=True)  # fmt: skip
    q3_share = models.DecimalField(_("Q3 share (%)"), max_digits=5, decimal_places=2, null=True, blank=True)  # fmt: skip
    q4_share = models.DecimalField(_("Q4 share (%)"), max_digits=5, decimal_places=2, null=True, blank=True)  # fmt: skip
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "region__sort_order"]
        verbose_name = _("investment target")
        verbose_name_plural = _("investment targets")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="target_once_per_region_year")
        ]

    def __str__(self):
        return f"{self.region} {self.year}"

    @property
    def amount(self):
        """The target amount: last year's investment × (1 + growth)."""
        return (self.base_amount * (1 + self.growth_rate / HUNDRED)).quantize(Decimal("0.0001"))

    @property
    def quarter_shares(self):
        shares = [self.q1_share, self.q2_share, self.q3_share, self.q4_share]
        return None if any(s is None for s in shares) else shares

    def clean(self):
        if self.base_amount is not None and self.base_amount < 0:
            raise ValidationError({"base_amount": _("The base cannot be negative.")})
        shares = [self.q1_share, self.q2_share, self.q3_share, self.q4_share]
        given = [s for s in shares if s is not None]
        if given and (len(given) < 4 or sum(given) != HUNDRED):
            raise ValidationError(
                {"q4_share": _("Give all four quarter shares, adding up to 100%.")}
            )


class RegionFigure(VersionedModel):
    """A region's figures for one reporting period entered by hand or from a circulated
    summary table (分县区汇总表): the county's 1-N月 completion, its project count and plan,
    the same period last year, and investment outside the project list (房地产, 其他)."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT)
    project_count = models.PositiveIntegerField(_("number of projects"), null=True, blank=True)
    annual_plan = money_field(_("annual plan (万元)"), null=True, blank=True)
    completed_ytd = money_field(_("completed this year (万元)"), null=True, blank=True)
    last_year_ytd = money_field(_("same period last year (万元)"), null=True, blank=True)
    real_estate_ytd = money_field(_("real estate this year (万元)"), default=Decimal(0))
    other_ytd = money_field(_("other investment this year (万元)"), default=Decimal(0))
    imported_by = models.ForeignKey(
        "imports.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["period", "region__sort_order"]
        verbose_name = _("region figure")
        verbose_name_plural = _("region figures")
        constraints = [
            models.UniqueConstraint(fields=["region", "period"], name="figure_once_per_period")
        ]

    def __str__(self):
        return f"{self.region} {self.period}"


class StartWeight(models.Model):
    """One row of the start-likelihood table (开工可能性权重, %): how much of a not-yet-started
    project's plan the increment account counts, by stage and readiness, and how much less per
    warning level on the project."""

    key = models.CharField(_("row"), max_length=20, choices=WeightKey.choices, unique=True)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("start weight")
        verbose_name_plural = _("start weights")

    def __str__(self):
        return f"{self.get_key_display()} {self.weight}%"


class ProjectReadiness(models.Model):
    """Whether a project in preliminary work has all its approvals (要件齐备), which raises its
    start weight."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="readiness")
    approvals_complete = models.BooleanField(_("all approvals obtained"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project readiness")
        verbose_name_plural = _("project readiness")

    def __str__(self):
        return f"{self.project}"


class AccountLockQuerySet(RegionScopedQuerySet):
    def held(self):
        return self.filter(lifted_at__isnull=True)


class AccountLock(models.Model):
    """A lock on a county's accounts for a period, set by the county (上报锁定) or by the
    city (市级锁定); lifted only by the level that set it."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT)
    level = models.CharField(_("level"), max_length=10, choices=LockLevel.choices)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    locked_at = models.DateTimeField(_("locked at"))
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AccountLockQuerySet.as_manager()

    class Meta:
        ordering = ["period", "region__sort_order", "locked_at"]
        verbose_name = _("account lock")
        verbose_name_plural = _("account locks")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "level"],
                condition=Q(lifted_at__isnull=True),
                name="one_held_lock_per_level",
            )
        ]

    def __str__(self):
        return f"{self.region} {self.period} {self.get_level_display()}"


class ReserveThreshold(VersionedModel):
    """The rolling reserve (滚动储备) a region should hold in a year, in total investment."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = money_field(_("reserve threshold (万元)"))
    history = HistoricalRecords()

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "region__sort_order"]
        verbose_name = _("reserve threshold")
        verbose_name_plural = _("reserve thresholds")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="threshold_once_per_year")
        ]

    def __str__(self):
        return f"{self.region} {self.year}"
