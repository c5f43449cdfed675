"""The bulletin (通报), the counties' objections to its figures (异议), and the ranking
formula's weights (排名权重)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groundbreak.accounts.models import Role


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Under county review")
    ISSUED = "issued", _("Issued")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ObjectionTable(models.TextChoices):
    SUMMARY = "summary", _("Summary")
    COUNTIES = "counties", _("County ranking")
    RED = "red", _("Red warnings")


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


class BulletinQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """City staff see and change every bulletin; leaders and auditors read every one but
        drafts; a county bureau reads the bulletins under review or issued of the city and of
        its own county; departments and owners read the issued ones of the city."""
        if not _active(user):
            return self.none()
        if user.is_superuser or user.role == Role.CITY:
            return self
        if action != "view":
            return self.none()
        if user.role in (Role.LEADER, Role.AUDITOR):
            return self.exclude(status=BulletinStatus.DRAFT)
        shown = (BulletinStatus.REVIEW, BulletinStatus.ISSUED)
        if user.role == Role.COUNTY and user.region_id:
            own = Q(region_id__in=user.region.descendant_ids()) | Q(region__parent__isnull=True)
            own |= Q(region__kind="city")
            return self.filter(own, status__in=shown)
        if user.role in (Role.DEPARTMENT, Role.OWNER):
            return self.filter(status=BulletinStatus.ISSUED, region__kind="city")
        return self.none()


class Bulletin(models.Model):
    """A monthly bulletin (通报) of a period (1-N月) for the city or a county: its figures are
    gathered into ``data`` while it is a draft and kept as issued once it is issued."""

    period = models.ForeignKey(
        "reporting.ReportingPeriod", verbose_name=_("period"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=150)
    status = models.CharField(
        _("status"), max_length=10, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    review_days = models.PositiveSmallIntegerField(_("review days"), default=3)
    review_opened_on = models.DateField(_("review opened on"), null=True, blank=True)
    review_until = models.DateField(_("review until"), null=True, blank=True)
    data = models.JSONField(_("figures"), default=dict, blank=True)
    gathered_at = models.DateTimeField(_("figures gathered at"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The figures are kept on the bulletin itself; each history row need not copy them.
    history = HistoricalRecords(excluded_fields=["data"])

    objects = BulletinQuerySet.as_manager()

    class Meta:
        ordering = ["-period__year", "-period__last_month", "region__sort_order", "-pk"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="bulletin_number_once"),
            models.UniqueConstraint(
                fields=["period", "region"], condition=~Q(status="withdrawn"),
                name="one_bulletin_per_period_and_region",
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.document_number or self.title

    def get_absolute_url(self):
        return reverse("dispatch:bulletin_detail", args=[self.pk])

    @property
    def is_frozen(self):
        return self.status in (BulletinStatus.ISSUED, BulletinStatus.WITHDRAWN)


class ObjectionQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """City staff see and answer every objection; leaders and auditors read them; a county
        bureau only its own county's."""
        if not _active(user):
            return self.none()
        bulletins = Bulletin.objects.restrict(user, "view")
        if user.is_superuser or user.role == Role.CITY:
            return self.filter(bulletin__in=bulletins)
        if user.role in (Role.LEADER, Role.AUDITOR) and action == "view":
            return self.filter(bulletin__in=bulletins)
        if user.role == Role.COUNTY and user.region_id:
            return self.filter(bulletin__in=bulletins, region_id=user.region_id)
        return self.none()

    def unanswered(self):
        return self.filter(answered_at__isnull=True)


class Objection(models.Model):
    """A county's objection (异议) to one figure of a draft bulletin, with its reason, and the
    city's answer."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="objections")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    table = models.CharField(_("table"), max_length=10, choices=ObjectionTable.choices)
    row_key = models.CharField(_("row"), max_length=20)
    row_label = models.CharField(_("row"), max_length=200, blank=True)
    column = models.CharField(_("figure"), max_length=30)
    figure = models.CharField(_("figure as drafted"), max_length=60, blank=True)
    reason = models.TextField(_("reason"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        ordering = ["bulletin", "raised_at", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return f"{self.row_label} {self.column}"


WEIGHT_FIELDS = ("completion", "growth", "new_starts", "registered", "problems", "items")


def _weight(label, default):
    return models.DecimalField(label, max_digits=5, decimal_places=2, default=Decimal(default))


class RankingFormula(models.Model):
    """The weights of the bulletin's ranking formula (排名权重): one row, edited by city staff,
    every change kept in its history."""

    completion = _weight(_("weight of the completion rate"), 30)
    growth = _weight(_("weight of the growth on last year"), 20)
    new_starts = _weight(_("weight of the new starts"), 15)
    registered = _weight(_("weight of the projects entered into the statistics"), 10)
    problems = _weight(_("weight of the problems resolved on time"), 15)
    items = _weight(_("weight of the supervision items closed on time"), 10)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ranking formula")
        verbose_name_plural = _("ranking formulas")
        constraints = [
            models.CheckConstraint(
                condition=Q(completion__gte=0, growth__gte=0, new_starts__gte=0,
                            registered__gte=0, problems__gte=0, items__gte=0),
                name="weights_not_negative",
            ),
        ]  # fmt: skip

    def __str__(self):
        return str(_("ranking formula"))

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first() or cls.objects.create()

    def weights(self):
        return {name: getattr(self, name) for name in WEIGHT_FIELDS}
