import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groundbreak.core.fields import PackedJSONField
from groundbreak.imports.columns import SYNONYMS


class HeaderSynonym(models.Model):
    """A header wording added to the built-in table (表头同义词): by an administrator for every
    county, or by a county's user on an import's preview for that county's later imports."""

    text = models.CharField(
        _("header wording"),
        max_length=100,
        help_text=_("As it stands in the header, e.g. 投资总额"),
    )
    field = models.CharField(_("means"), max_length=40, choices=[(name, name) for name in SYNONYMS])
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: understood in every region's imports."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["field", "text"]
        verbose_name = _("header synonym")
        verbose_name_plural = _("header synonyms")
        constraints = [
            models.UniqueConstraint(fields=["region", "text"], name="header_synonym_per_region"),
            models.UniqueConstraint(
                fields=["text"],
                condition=models.Q(region__isnull=True),
                name="header_synonym_everywhere",
            ),
        ]

    def __str__(self):
        return f"{self.text} → {self.field}"

    def save(self, *args, **kwargs):
        from groundbreak.imports.columns import split_unit

        self.text = split_unit(self.text)[0]  # as headers are compared: no unit, no spaces
        super().save(*args, **kwargs)

    @classmethod
    def for_region(cls, region):
        """{wording: field} understood in ``region``'s imports: its own over everyone's."""
        rows = cls.objects.filter(models.Q(region__isnull=True) | models.Q(region=region))
        ordered = rows.order_by(models.F("region").asc(nulls_first=True)).values_list(
            "text", "field"
        )
        return dict(ordered)


class ImportKind(models.TextChoices):
    PROJECTS = "projects", _("Project list")
    REPORTS = "reports", _("Monthly reports")
    STATISTICS = "statistics", _("Statistics bureau figures")


class ImportStatus(models.TextChoices):
    READING = "reading", _("Reading")
    PREVIEWED = "previewed", _("Previewed")
    REFUSED = "refused", _("Refused")
    # Nothing refused, but a name close to an existing project waits for the user to say which.
    CHOOSING = "choosing", _("Waiting for a match")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Could not be read")


def import_path(record, filename):
    return f"imports/{timezone.now():%Y/%m}/{record.sha256[:16]}-{filename}"


class ImportRecordQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """City staff see every import; a county those into its region; anyone their own."""
        from groundbreak.accounts.models import Role

        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.role == Role.CITY:
            return self
        if user.role == Role.AUDITOR and action == "view":
            return self
        if user.role == Role.COUNTY and user.region_id:
            return self.filter(region_id__in=user.region.descendant_ids())
        return self.filter(created_by=user)


class ImportRecord(models.Model):
    """One spreadsheet handed in (导入记录): the original file, its preview, and what it changed."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="imports"
    )
    file = models.FileField(_("file"), upload_to=import_path)
    filename = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.READING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    options = models.JSONField(_("options"), default=dict, blank=True)  # e.g. {"period": 7}
    # Lists every row of the table: packed, as it can reach megabytes (see PackedJSONField).
    preview = PackedJSONField(_("preview"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"#{self.pk} {self.filename}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("imports:import_detail", args=[self.pk])

    @staticmethod
    def digest(content):
        return hashlib.sha256(content).hexdigest()
