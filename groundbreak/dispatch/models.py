"""Meetings (调度会、协调会、专题会), their agenda lines, supervision items (督办事项) decided in
the minutes, and each item's dated steps."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groundbreak.accounts.models import Role
from groundbreak.dispatch.choices import (
    OPEN_STATUSES,
    RUNNING_STATUSES,
    Action,
    ItemStatus,
    MeetingKind,
    ScopeKind,
    Section,
)

SEES_ALL = (Role.CITY, Role.AUDITOR, Role.LEADER)


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


class MeetingQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """City staff, auditors and leaders see every meeting (only city staff change them); a
        county bureau the meetings held for its county."""
        if not _active(user):
            return self.none()
        if user.is_superuser or user.role == Role.CITY:
            return self
        if action != "view":
            return self.none()
        if user.role in SEES_ALL:
            return self
        if user.role == Role.COUNTY and user.region_id:
            return self.filter(region_id__in=user.region.descendant_ids())
        return self.none()


class Meeting(models.Model):
    """A meeting (月调度会 / 季协调会 / 专题会) for the city, a county, a sector or chosen projects."""

    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=150)
    date = models.DateField(_("date"))
    chair = models.CharField(_("chair"), max_length=100, blank=True)
    scope = models.CharField(
        _("scope"), max_length=10, choices=ScopeKind.choices, default=ScopeKind.CITY
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("county"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    sector = models.ForeignKey(
        "regions.Sector", verbose_name=_("sector"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projects"), blank=True, related_name="+"
    )
    attendees = models.TextField(_("attendees (units and people)"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[projects])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(scope="county") | Q(region__isnull=False), name="county_meeting_region"
            ),
            models.CheckConstraint(
                condition=~Q(scope="sector") | Q(sector__isnull=False), name="sector_meeting_sector"
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("dispatch:meeting_detail", args=[self.pk])


class AgendaLine(models.Model):
    """One line of a meeting's agenda: generated from a warning, a problem, a 三督 list or an
    open supervision item, or added by staff; reordered and dropped by staff."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(_("position"))
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    text = models.TextField(_("text"))
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    problem = models.ForeignKey(
        "lists.Problem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    warning = models.ForeignKey(
        "alerts.Warning", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item = models.ForeignKey(
        "dispatch.SupervisionItem", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="agenda_lines",
    )  # fmt: skip
    dropped = models.BooleanField(_("dropped"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda line")
        verbose_name_plural = _("agenda lines")

    def __str__(self):
        return self.text[:60]


class SupervisionItemQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """City staff, auditors and leaders see every item (city staff change them); a county
        bureau the items addressed to its county, a department those addressed to it."""
        if not _active(user):
            return self.none()
        if user.is_superuser or user.role in SEES_ALL:
            return self if action == "view" or user.role != Role.AUDITOR else self.none()
        if user.role == Role.COUNTY and user.region_id:
            return self.filter(responsible_region_id__in=user.region.descendant_ids())
        if user.role == Role.DEPARTMENT and user.department_id:
            return self.filter(responsible_department_id=user.department_id)
        return self.none()

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, on_date):
        """Issued, not closed, and due before ``on_date`` (due that day is not late)."""
        return self.filter(status__in=RUNNING_STATUSES, deadline__lt=on_date)


class SupervisionItem(models.Model):
    """A supervision item (督办事项): a decision of a meeting's minutes addressed to a unit, with
    a deadline, issued as a numbered 督办单 and worked until the city closes it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("minutes of"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="items",
    )  # fmt: skip
    agenda_line = models.ForeignKey(
        AgendaLine, verbose_name=_("agenda line"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="decisions",
    )  # fmt: skip
    decision = models.TextField(_("decision"))
    responsible_region = models.ForeignKey(
        "regions.Region", verbose_name=_("responsible county"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    responsible_department = models.ForeignKey(
        "accounts.Department", verbose_name=_("responsible department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    cooperating_units = models.CharField(_("co-operating units"), max_length=300, blank=True)
    deadline = models.DateField(_("deadline"))
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projects"), blank=True, related_name="+"
    )
    problems = models.ManyToManyField(
        "lists.Problem", verbose_name=_("problems"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.DRAFTED
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[projects, problems])

    objects = SupervisionItemQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="item_number_once"),
            models.CheckConstraint(
                condition=Q(responsible_region__isnull=False)
                | Q(responsible_department__isnull=False),
                name="item_has_responsible_unit",
            ),
        ]

    def __str__(self):
        return self.document_number or self.decision[:40]

    def get_absolute_url(self):
        return reverse("dispatch:item_detail", args=[self.pk])

    @property
    def responsible_unit(self):
        return self.responsible_region or self.responsible_department

    def is_overdue(self, on_date):
        return self.status in RUNNING_STATUSES and self.deadline < on_date


def step_evidence_path(step, filename):
    return f"supervision/{step.item_id}/{filename}"


class ItemStep(models.Model):
    """One dated step of an item (approved, issued, received, …), by whom, with a note and,
    for feedback, evidence."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("step"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=10, choices=ItemStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=ItemStatus.choices)
    on_date = models.DateField(_("date"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=step_evidence_path, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("item step")
        verbose_name_plural = _("item steps")

    def __str__(self):
        return f"{self.item} {self.action} {self.on_date}"


from groundbreak.dispatch.bulletins.models import (  # noqa: E402,F401 — the app's models
    Bulletin,
    Objection,
    RankingFormula,
)
