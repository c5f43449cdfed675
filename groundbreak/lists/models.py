"""The five lists (五张清单): targets (目标), problems (问题), measures (措施); responsibilities
(责任) and deadlines (时限) are views over them by responsible unit/person and due date.

Each of Target, Problem and Measure has ``project``, ``due_date`` (may be missing: kept and
flagged, never guessed), an open/closed notion (``open()`` / ``closed()`` / ``is_open``) and
``overdue(on_date)``: open with a due date before ``on_date``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groundbreak.accounts.models import Role
from groundbreak.core.models import VersionedModel
from groundbreak.lists.choices import (
    OPEN_PROBLEM_STATUSES,
    ProblemCategory,
    ProblemStatus,
    SolvingLevel,
)
from groundbreak.projects.models import Project


def lists_projects(user, action="view"):
    """The projects whose list items the user may see (``view``: the projects' scope) or work
    on (``change``: city staff; a county its region; a department the projects it is in charge
    of; an owner its own projects). Leaders and auditors read only."""
    if action == "view":
        return Project.objects.restrict(user, "view")
    if not user or not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    if user.role == Role.OWNER and not user.is_superuser:
        if user.owner_unit_id:
            return Project.objects.filter(owner_unit_id=user.owner_unit_id)
        return Project.objects.none()
    return Project.objects.restrict(user, "change")


class ListItemQuerySet(models.QuerySet):
    OPEN = Q()  # set by each subclass

    def restrict(self, user, action="view"):
        """The items of the projects ``lists_projects`` gives the user for the action."""
        return self.filter(project__in=lists_projects(user, action))

    def open(self):
        return self.filter(self.OPEN)

    def closed(self):
        return self.exclude(self.OPEN)

    def overdue(self, on_date):
        """Open items whose due date has passed on ``on_date`` (due that day is not late)."""
        return self.open().filter(due_date__lt=on_date)

    def overdue_first(self, on_date):
        """Overdue first, then by due date (missing dates last)."""
        return self.annotate(
            late=models.Case(
                models.When(self.OPEN & Q(due_date__lt=on_date), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        ).order_by("-late", models.F("due_date").asc(nulls_last=True), "pk")


class TargetQuerySet(ListItemQuerySet):
    OPEN = Q(achieved_on__isnull=True)


class ProblemQuerySet(ListItemQuerySet):
    OPEN = Q(status__in=OPEN_PROBLEM_STATUSES)


class MeasureQuerySet(ListItemQuerySet):
    OPEN = Q(done_on__isnull=True)


class ListItem(VersionedModel):
    """What the three lists share: the project, who answers for it and by when."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="+"
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=150, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    progress_note = models.TextField(_("progress"), blank=True)

    class Meta:
        abstract = True

    def is_overdue(self, on_date):
        return self.is_open and self.due_date is not None and self.due_date < on_date


class Target(ListItem):
    """A target milestone (目标) of a project in a year: measurable content and a due date,
    e.g. "6月底前主体封顶". The year's investment target is the project's AnnualPlan."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    content = models.CharField(_("target"), max_length=300)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["project", "year", "due_date", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return self.content

    @property
    def is_open(self):
        return self.achieved_on is None

    @property
    def finished_on(self):
        return self.achieved_on


class Problem(ListItem):
    """A problem (问题) a project needs solved, raised by its owner or an official, and closed
    only when its raiser confirms the resolution."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="problems"
    )
    category = models.CharField(_("category"), max_length=20, choices=ProblemCategory.choices)
    description = models.TextField(_("problem"))
    solving_level = models.CharField(
        _("level to solve it"),
        max_length=20,
        choices=SolvingLevel.choices,
        default=SolvingLevel.COUNTY,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.RAISED
    )
    raised_on = models.DateField(_("raised on"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    report = models.ForeignKey(
        "reporting.MonthlyReport",
        verbose_name=_("raised in report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refusal_reason = models.TextField(_("why the resolution was refused"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    city_close_reason = models.TextField(_("why the city closed it"), blank=True)
    history = HistoricalRecords()

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "raised_on", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self):
        return self.description[:60]

    def get_absolute_url(self):
        return reverse("lists:problem_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_PROBLEM_STATUSES

    @property
    def finished_on(self):
        return self.closed_on


class Measure(ListItem):
    """A measure (措施): what will be done about a problem or towards a target."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="measures"
    )
    content = models.CharField(_("measure"), max_length=300)
    problem = models.ForeignKey(
        Problem,
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["project", "due_date", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self):
        return self.content

    @property
    def is_open(self):
        return self.done_on is None

    @property
    def finished_on(self):
        return self.done_on
