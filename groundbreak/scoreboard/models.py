"""Responsibility (包保): the one-to-one service cadre of a key project (一对一服务干部), and the
weights of the scoreboard's formula, one set per year."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groundbreak.accounts.models import Role
from groundbreak.core.models import VersionedModel
from groundbreak.projects.models import Project
from groundbreak.scoreboard.choices import DEFAULT_WEIGHTS, Part


def cadre_projects(user, action="view"):
    """The projects whose service cadres the user may see (the projects' scope) or keep
    (``change``: city staff, and a county bureau for its county's projects)."""
    if action == "view":
        return Project.objects.restrict(user, "view")
    if not user or not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    if user.is_superuser or user.role in (Role.CITY, Role.COUNTY):
        return Project.objects.restrict(user, "change")
    return Project.objects.none()


class ServiceCadreQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        return self.filter(project__in=cadre_projects(user, action))

    def current(self, on_date):
        """Assigned on or before ``on_date`` and not yet relieved then."""
        return self.filter(Q(until__isnull=True) | Q(until__gt=on_date), since__lte=on_date)


class ServiceCadre(VersionedModel):
    """A one-to-one service cadre (一对一服务干部) sent to serve a project from ``since`` until
    ``until`` (open: still serving). A project has at most one at a time; the earlier ones stay
    as its history."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="service_cadres"
    )
    name = models.CharField(_("full name"), max_length=50)
    unit = models.CharField(_("unit and post"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    since = models.DateField(_("serving since"))
    until = models.DateField(_("serving until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ServiceCadreQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-since", "-pk"]
        verbose_name = _("service cadre")
        verbose_name_plural = _("service cadres")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="cadre_until_after_since",
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    def get_absolute_url(self):
        return reverse("scoreboard:cadre_edit", args=[self.pk])

    def clean(self):
        if self.until is not None and self.since is not None and self.until < self.since:
            raise ValidationError({"until": _("A cadre cannot leave before arriving.")})


def weight_field(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )


class ScoreWeights(VersionedModel):
    """The weights of the scoreboard's parts for one year (考核权重), set by city staff. A year
    without its own row reads ``DEFAULT_WEIGHTS``, so that changing 2021's weights never
    changes 2020's ranking."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    completion = weight_field(Part.COMPLETION.label)
    starts = weight_field(Part.STARTS.label)
    statistics = weight_field(Part.STATISTICS.label)
    problems = weight_field(Part.PROBLEMS.label)
    supervision = weight_field(Part.SUPERVISION.label)
    red_warnings = weight_field(Part.RED_WARNINGS.label)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("scoreboard weights")
        verbose_name_plural = _("scoreboard weights")

    def __str__(self):
        return str(self.year)

    def clean(self):
        if not any(getattr(self, part) for part in Part.values):
            raise ValidationError(_("At least one part needs a weight above zero."))

    @classmethod
    def for_year(cls, year):
        """The year's weights (unsaved defaults when the city has set none)."""
        found = cls.objects.filter(year=year).first()
        return found or cls(year=year, **{str(k): v for k, v in DEFAULT_WEIGHTS.items()})

    def as_dict(self):
        return {part: getattr(self, part) for part in Part.values}
