"""Graded warnings (分级预警): the rules, their levels and county switches, the warnings they
raise, each warning's events, acknowledgements and justified exemptions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groundbreak.accounts.models import Role
from groundbreak.alerts.choices import (
    EventKind,
    ExemptionReason,
    ExemptionStatus,
    Level,
    WarningStatus,
)
from groundbreak.projects.models import Project


class RuleQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """Every signed-in user reads the rules; only city staff change them."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if action == "view" or user.is_superuser or user.role == Role.CITY:
            return self
        return self.none()


class Rule(models.Model):
    """A warning rule (预警规则) of one registered kind, with its levels and switches."""

    kind = models.CharField(_("kind"), max_length=40, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    margin = models.DecimalField(
        _("margin before a level goes down"),
        max_digits=9,
        decimal_places=2,
        default=0,
        help_text=_("A level goes down only once the value is past its threshold by this much."),
    )
    options = models.JSONField(_("options"), default=dict, blank=True)
    history = HistoricalRecords()

    objects = RuleQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("warning rule")
        verbose_name_plural = _("warning rules")

    def __str__(self):
        return str(self.name)

    def get_absolute_url(self):
        return reverse("alerts:rule_edit", args=[self.pk])

    @property
    def rule_kind(self):
        from groundbreak.alerts.registry import kind

        return kind(self.kind)

    @property
    def name(self):
        known = self.rule_kind
        return known.name if known else self.kind


class RuleLevel(models.Model):
    """One level of a rule: its threshold and whom it tells."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    threshold = models.DecimalField(_("threshold"), max_digits=12, decimal_places=2)
    audience = models.JSONField(_("tells"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rule", "level"]
        verbose_name = _("rule level")
        verbose_name_plural = _("rule levels")
        constraints = [
            models.UniqueConstraint(fields=["rule", "level"], name="rule_level_once"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="rule_level_1_3"),
        ]

    def __str__(self):
        return f"{self.rule} {self.get_level_display()}"


class RuleSwitch(models.Model):
    """A rule switched off (or back on) for one county (and the regions below it)."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="switches")
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    enabled = models.BooleanField(_("enabled"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county switch")
        verbose_name_plural = _("county switches")
        constraints = [models.UniqueConstraint(fields=["rule", "region"], name="rule_switch_once")]

    def __str__(self):
        return f"{self.rule} {self.region}"


def acting_projects(user):
    """The projects whose warnings the user may act on (acknowledge, ask for an exemption):
    those the user may change, and an owner's own projects (the owner is the one who acts)."""
    projects = Project.objects.restrict(user, "change")
    if user and user.is_authenticated and user.role == Role.OWNER and user.owner_unit_id:
        projects = Project.objects.filter(owner_unit_id=user.owner_unit_id)
    return projects


class WarningQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """The warnings of the projects the user may see (``view``) or act on (``act``)."""
        projects = Project.objects.restrict(user, "view") if action == "view" else None
        if action != "view":
            projects = acting_projects(user)
        return self.filter(project__in=projects)

    def live(self):
        return self.exclude(status=WarningStatus.CLEARED)

    def exempt(self, on_date=None):
        return self.live().filter(exempt_until__gte=on_date or timezone.localdate())

    def with_status(self, status, on_date=None):
        """open / acknowledged / exempt / cleared, exemption first (an exempt warning is not
        counted as open or acknowledged)."""
        on_date = on_date or timezone.localdate()
        if status == "exempt":
            return self.exempt(on_date)
        if status == WarningStatus.CLEARED:
            return self.filter(status=status)
        return self.filter(status=status).exclude(exempt_until__gte=on_date)


class Warning(models.Model):  # noqa: A001 — the domain word; it is always alerts.models.Warning
    """A warning (预警) a rule keeps on a project (or on one of its items): one row per rule and
    subject, raised, escalated, lowered and cleared by the evaluator, with its events."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="warnings")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="warnings")
    subject = models.CharField(_("subject"), max_length=60, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    value = models.DecimalField(_("measured value"), max_digits=16, decimal_places=4, null=True)
    message = models.JSONField(_("why"), default=dict)
    inputs = models.JSONField(_("inputs read"), default=dict)
    link = models.CharField(_("where to act"), max_length=200, blank=True)
    raised_at = models.DateTimeField(_("raised at"))
    changed_at = models.DateTimeField(_("changed at"))
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    evaluated_on = models.DateField(_("evaluated on"))
    exempt_until = models.DateField(_("exempt until"), null=True, blank=True)

    objects = WarningQuerySet.as_manager()

    class Meta:
        ordering = ["-level", "-changed_at", "pk"]
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "project", "subject"], name="warning_once_per_subject"
            )
        ]
        indexes = [
            models.Index(fields=["status", "level"]),
            # What the evaluator compares, a rule at a time, read from the index alone.
            models.Index(
                fields=["rule", "project", "subject", "level", "value"],
                name="warning_levels_by_rule",
            ),
            # The most serious live warnings of one rule (the cockpit's most lagging projects):
            # a walk down this index that stops at the tenth, not a sort of every warning.
            models.Index(
                fields=["rule", "level", "value"],
                condition=~models.Q(status="cleared"),
                name="warning_live_by_rule",
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.rule}"

    def get_absolute_url(self):
        return reverse("alerts:warning_detail", args=[self.pk])

    @property
    def why(self):
        from groundbreak.alerts.messages import render

        return render(self.message)

    def is_exempt(self, on_date=None):
        return bool(self.exempt_until and self.exempt_until >= (on_date or timezone.localdate()))


class WarningEvent(models.Model):
    """A change of a warning (raised, escalated, lowered, cleared) with the figures of the time."""

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    from_level = models.PositiveSmallIntegerField(_("from"), choices=Level.choices)
    to_level = models.PositiveSmallIntegerField(_("to"), choices=Level.choices)
    value = models.DecimalField(_("measured value"), max_digits=16, decimal_places=4, null=True)
    message = models.JSONField(_("why"), default=dict)
    inputs = models.JSONField(_("inputs read"), default=dict)
    on_date = models.DateField(_("evaluated on"))
    at = models.DateTimeField(_("at"))
    exempt = models.BooleanField(_("exempt at the time"), default=False)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("warning event")
        verbose_name_plural = _("warning events")
        indexes = [models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.warning} {self.kind} {self.at:%Y-%m-%d}"

    @property
    def why(self):
        from groundbreak.alerts.messages import render

        return render(self.message)


class Acknowledgement(models.Model):
    """Someone said they saw the warning, and what is being done (签收)."""

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="acknowledgements")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"))
    level = models.PositiveSmallIntegerField(_("level at the time"), choices=Level.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")

    def __str__(self):
        return f"{self.warning} {self.by}"


def exemption_path(exemption, filename):
    return f"exemptions/{exemption.warning_id}/{filename}"


class Exemption(models.Model):
    """A justified exemption (正当理由豁免): asked for with a reason and evidence, approved by the
    city until a date; while it holds the warning is still evaluated but shown exempt."""

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="exemptions")
    reason = models.CharField(_("reason"), max_length=20, choices=ExemptionReason.choices)
    explanation = models.TextField(_("explanation"))
    evidence = models.FileField(_("evidence"), upload_to=exemption_path, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    until = models.DateField(_("until"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ExemptionStatus.choices,
        default=ExemptionStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")

    def __str__(self):
        return f"{self.warning} {self.get_reason_display()}"


class EvaluationRun(models.Model):
    """One evaluation of all projects (the nightly job, the command, the demo): its date and
    what changed. A pinned run's date is the date later after-write evaluations use (the demo,
    an archive of 2020, is evaluated at its own date, not today's)."""

    on_date = models.DateField(_("evaluated on"))
    pinned = models.BooleanField(_("date pinned"), default=False)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    counts = models.JSONField(_("changes"), default=dict)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")

    def __str__(self):
        return f"{self.on_date} {self.counts}"
