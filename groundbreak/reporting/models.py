import calendar
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groundbreak.core.models import VersionedModel
from groundbreak.core.money import format_amount
from groundbreak.projects.models import AnnualPlan, Project, money_field
from groundbreak.reporting.choices import ReportStatus

DEFAULT_DEADLINE_DAY = 25
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ReportingPeriod(models.Model):
    """A reporting period (报告期): January and February together (as the national statistics
    publish them), then each month from March to December."""

    year = models.PositiveSmallIntegerField(_("year"))
    first_month = models.PositiveSmallIntegerField(_("first month"))
    last_month = models.PositiveSmallIntegerField(_("last month"))
    deadline = models.DateField(_("submission deadline"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "last_month"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["year", "last_month"], name="period_unique_month"),
            models.CheckConstraint(
                condition=Q(
                    first_month__gte=1, first_month__lte=models.F("last_month"), last_month__lte=12
                ),
                name="period_months_in_order",
            ),
        ]

    def __str__(self):
        """2020年4月, 2020年1-2月; in English Apr 2020, Jan–Feb 2020."""
        if translation.get_language() == "en":
            months = MONTHS_EN[self.last_month - 1]
            if self.first_month != self.last_month:
                months = f"{MONTHS_EN[self.first_month - 1]}–{months}"
            return f"{months} {self.year}"
        if self.first_month == self.last_month:
            return f"{self.year}年{self.last_month}月"
        return f"{self.year}年{self.first_month}-{self.last_month}月"

    @property
    def start(self):
        return date(self.year, self.first_month, 1)

    @property
    def end(self):
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def time_progress(self):
        """时间进度: the share of the year gone by at the end of the period."""
        return Decimal(self.last_month) / Decimal(12)

    def previous(self):
        """The period before this one in the same year, or None for 1-2月."""
        return ReportingPeriod.objects.filter(
            year=self.year, last_month=self.first_month - 1
        ).first()

    @classmethod
    def periods_for_year(cls, year, deadline_day=DEFAULT_DEADLINE_DAY):
        """Create (or keep) the year's eleven periods: 1-2月, 3月 … 12月, each due on the given day."""
        created = []
        for first, last in [(1, 2)] + [(m, m) for m in range(3, 13)]:
            day = min(deadline_day, calendar.monthrange(year, last)[1])
            period, _new = cls.objects.get_or_create(
                year=year,
                last_month=last,
                defaults={"first_month": first, "deadline": date(year, last, day)},
            )
            created.append(period)
        return created


def reporting_projects(user, action="view"):
    """The projects whose reports the user may see (``view``), fill (``fill``: the project's
    owner, its county and city staff) or review (``review``: the county and the city)."""
    from groundbreak.accounts.models import Role

    if action == "view":
        return Project.objects.restrict(user, "view")
    if not user or not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    if user.is_superuser or user.role == Role.CITY:
        return Project.objects.all()
    if user.role == Role.COUNTY and user.region_id:
        return Project.objects.filter(region_id__in=user.region.descendant_ids())
    if action == "fill" and user.role == Role.OWNER and user.owner_unit_id:
        return Project.objects.filter(owner_unit_id=user.owner_unit_id)
    return Project.objects.none()


class MonthlyReportQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """Reports of the projects ``reporting_projects`` gives the user for the action."""
        return self.filter(project__in=reporting_projects(user, action))

    def with_plan(self):
        """Each report with ``annual_plan``: its project's plan of the report's year."""
        return self.annotate(
            annual_plan=Subquery(
                AnnualPlan.objects.filter(
                    project=OuterRef("project"), year=OuterRef("period__year")
                ).values("amount")[:1]
            )
        )


class MonthlyReport(VersionedModel):
    """A project's monthly report (月报): what the owner says it completed, and its site."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    completed_period = money_field(_("completed in the period (万元)"))
    completed_ytd = money_field(_("completed this year (万元)"))
    completed_total = money_field(_("completed since the start (万元)"))
    over_plan_reason = models.CharField(
        _("why beyond the plan or the total"), max_length=300, blank=True
    )
    progress_text = models.TextField(_("physical progress"), blank=True)
    workers_on_site = models.PositiveIntegerField(_("workers on site"), null=True, blank=True)
    work_resumed = models.BooleanField(_("work resumed"), default=False)
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)
    problems = models.TextField(_("problems raised"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MonthlyReportQuerySet.as_manager()

    AMOUNTS = ("completed_period", "completed_ytd", "completed_total")

    class Meta:
        ordering = ["period", "project"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="report_once_per_period")
        ]
        indexes = [
            # The warning rules sum the handed-in figures of some periods for every project,
            # project by project: with the figures in the index, they are read from it alone.
            models.Index(
                fields=["project", "period", "status", "completed_ytd", "completed_period"],
                name="report_figures_by_project",
            )
        ]

    def __str__(self):
        return f"{self.project} {self.period}"

    def clean(self):
        errors = report_errors(self)
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("reporting:report_detail", args=[self.pk])

    @property
    def review_note_display(self):
        """The return reason in the reader's language when it was chosen from the list."""
        if self.review_note in ReturnReason.values:
            return ReturnReason(self.review_note).label
        return self.review_note

    @property
    def is_late(self):
        """Submitted after the period's deadline day (迟报)."""
        if self.submitted_at is None:
            return False
        from django.utils import timezone

        return timezone.localdate(self.submitted_at) > self.period.deadline


def report_errors(report):
    """The statistics forms' own logic, checked on every write of a report.

    1. Only a project that has started by the end of the period reports.
    2. Amounts are not negative.
    3. This year's figure = last period's figure + this period's (1-2月: = this period's).
    4. The figure since the start never decreases and is at least this year's figure.
    5. Beyond this year's plan or the total investment needs an explanation.
    """
    errors = {}
    project, period = report.project, report.period
    if not project.actual_start or project.actual_start > period.end:
        errors["project"] = [
            _(
                "Only a project that has started construction reports; this one has not started by %(end)s."
            )
            % {"end": period.end}
        ]
        return errors
    for name in MonthlyReport.AMOUNTS:
        if getattr(report, name) is None:
            errors[name] = [_("Give this figure (0 if nothing was completed).")]
        elif getattr(report, name) < 0:
            errors[name] = [_("Investment completed cannot be negative.")]
    if errors:
        return errors
    previous_period = period.previous()
    previous = (
        MonthlyReport.objects.filter(project=project, period=previous_period)
        .exclude(pk=report.pk)
        .first()
        if previous_period
        else None
    )
    expected_ytd = (previous.completed_ytd if previous else Decimal(0)) + report.completed_period
    if previous_period is None or previous is not None:
        if report.completed_ytd != expected_ytd:
            errors["completed_ytd"] = [
                _(
                    "This year's figure should be %(expected)s万元: last period's %(previous)s万元 plus this period's %(period)s万元."
                )
                % {
                    "expected": format_amount(expected_ytd),
                    "previous": format_amount(previous.completed_ytd if previous else Decimal(0)),
                    "period": format_amount(report.completed_period),
                }
            ]
    last_total = (
        MonthlyReport.objects.filter(project=project, period__year__lte=period.year)
        .exclude(pk=report.pk)
        .filter(Q(period__year__lt=period.year) | Q(period__last_month__lt=period.first_month))
        .order_by("-period__year", "-period__last_month")
        .values_list("completed_total", flat=True)
        .first()
    )
    if last_total is not None and report.completed_total < last_total:
        errors["completed_total"] = [
            _("The figure since the start cannot fall below last period's %(previous)s万元.")
            % {"previous": format_amount(last_total)}
        ]
    elif report.completed_total < report.completed_ytd:
        errors["completed_total"] = [
            _("The figure since the start cannot be smaller than this year's figure.")
        ]
    if report.work_resumed and report.resumed_on and report.resumed_on > period.end:
        errors["resumed_on"] = [_("Work cannot have resumed after the end of the period.")]
    plan = project.plan_for(period.year)
    beyond_plan = plan is not None and report.completed_ytd > plan
    beyond_total = report.completed_total > project.total_investment
    if (beyond_plan or beyond_total) and not report.over_plan_reason.strip():
        errors["over_plan_reason"] = [
            _("The figures go beyond this year's plan or the total investment: say why.")
        ]
    return errors


class ProjectYearSummary(models.Model):
    """A project's year at a glance (项目年度汇总), rewritten with every report write so that
    dashboards read one row per project instead of its monthly reports."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="year_summaries")
    year = models.PositiveSmallIntegerField(_("year"))
    annual_plan = money_field(_("planned investment this year (万元)"), null=True, blank=True)
    completed_ytd = money_field(_("completed this year (万元)"), default=Decimal(0))
    last_period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completion_rate = models.DecimalField(
        _("completion rate"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    time_progress = models.DecimalField(
        _("time progress"), max_digits=5, decimal_places=4, default=Decimal(0)
    )

    class Meta:
        verbose_name = _("project year summary")
        verbose_name_plural = _("project year summaries")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="summary_once_per_year")
        ]

    def __str__(self):
        return f"{self.project} {self.year}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Site photo")
    VOUCHER = "voucher", _("Voucher")


def attachment_path(attachment, filename):
    return f"reports/{attachment.report.period.year}/{attachment.report_id}/{filename}"


class ReportAttachment(models.Model):
    """A site photo or a payment voucher attached to a report as evidence (佐证材料).

    The photo's own date and place (EXIF) are kept when the file carries them, so that a
    reviewer sees a photo taken outside the period or far from the project."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    thumbnail = models.FileField(_("thumbnail"), upload_to=attachment_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class ReturnReason(models.TextChoices):
    """Why a report goes back (退回原因), chosen from a list: stored as its id, so that the owner
    reads it in their own language. A reason typed in is stored as typed."""

    FIGURES = "figures", _("The figures do not add up")
    EVIDENCE = "evidence", _("Evidence missing or unclear")
    PROGRESS = "progress", _("Physical progress not described")
    PERIOD = "period", _("The figures belong to another period")


class DivergenceReason(models.TextChoices):
    """Why the owner's figure and the statistics bureau's differ (差异原因)."""

    PAYMENT_LAG = "payment_lag", _("Financial payment lags the works")
    NOT_IN_STATISTICS = "not_in_statistics", _("Not yet in the statistics")
    SCOPE = "scope", _("Different scope")
    ENTRY_ERROR = "entry_error", _("Entry error")
    OTHER = "other", _("Other")


class StatisticsFigure(VersionedModel):
    """What the statistics bureau counts for a project up to a period (统计局口径1-N月完成投资),
    next to the owner's figure. Read-only once imported from the bureau's table."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="statistics"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    completed_ytd = money_field(_("statistics: completed this year (万元)"))
    imported_by = models.ForeignKey(
        "imports.ImportRecord",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(
        _("reason for the difference"), max_length=20, choices=DivergenceReason.choices, blank=True
    )
    reason_text = models.CharField(_("explanation"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "project"]
        verbose_name = _("statistics figure")
        verbose_name_plural = _("statistics figures")
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="statistics_once_per_period")
        ]

    def __str__(self):
        return f"{self.project} {self.period}"

    @property
    def is_imported(self):
        return self.imported_by_id is not None

    def clean(self):
        if self.completed_ytd is not None and self.completed_ytd < 0:
            raise ValidationError({"completed_ytd": _("Investment completed cannot be negative.")})
        if self.reason == DivergenceReason.OTHER and not self.reason_text.strip():
            raise ValidationError({"reason_text": _("Say what the other reason is.")})
