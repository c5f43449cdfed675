"""Appraisals (项目评估: 前期考察论证、中期运行评估、后期效果评估): a scorecard of weighted criteria
per kind, kept by city staff, and the appraisals of each project scored on it."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groundbreak.accounts.models import Role
from groundbreak.appraisal.choices import AppraisalKind, Conclusion
from groundbreak.core.models import VersionedModel
from groundbreak.projects.models import Project


def appraisal_projects(user, action="view"):
    """The projects whose appraisals the user may see (the projects' scope) or record
    (``change``: city staff any project, a department those it is in charge of)."""
    if action == "view":
        return Project.objects.restrict(user, "view")
    if not user or not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    if user.is_superuser or user.role in (Role.CITY, Role.DEPARTMENT):
        return Project.objects.restrict(user, "change")
    return Project.objects.none()


class Criterion(VersionedModel):
    """A line of a kind's scorecard (评分标准): what is judged and its weight. A criterion no
    longer used is retired (``active``), never deleted, so past appraisals keep their lines."""

    kind = models.CharField(_("kind"), max_length=10, choices=AppraisalKind.choices)
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.name


class AppraisalQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        return self.filter(project__in=appraisal_projects(user, action))


class Appraisal(VersionedModel):
    """One appraisal of a project (项目评估): when, by whom, each criterion's score (0–100),
    the weighted total, the conclusion and the comment."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="appraisals"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AppraisalKind.choices)
    date = models.DateField(_("date"))
    appraiser = models.CharField(_("appraiser"), max_length=150)
    conclusion = models.CharField(_("conclusion"), max_length=12, choices=Conclusion.choices)
    comment = models.TextField(_("comment"), blank=True)
    score = models.DecimalField(
        _("score"), max_digits=4, decimal_places=1, null=True, blank=True, editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    history = HistoricalRecords()

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")

    def __str__(self):
        return f"{self.project} · {self.get_kind_display()} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("appraisal:appraisal_detail", args=[self.pk])

    def weighted_score(self):
        """Σ(weight × score) ÷ Σ(weight) over the scored lines; None when none is scored."""
        lines = [line for line in self.lines.all() if line.score is not None]
        total = sum(line.weight for line in lines)
        if not total:
            return None
        value = sum(line.weight * line.score for line in lines) / Decimal(total)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class CriterionScore(models.Model):
    """One criterion's score in an appraisal; the criterion's name and weight are copied, so that
    a later change of the scorecard leaves this appraisal as it was scored. A line left blank
    is kept as not scored (missing, not zero)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="lines")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("weight"))
    score = models.DecimalField(
        _("score"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["appraisal", "criterion__position", "pk"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "criterion"], name="criterion_once")
        ]

    def __str__(self):
        return f"{self.name}: {self.score}"
