from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class BilingualNameMixin:
    @property
    def label(self):
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    def __str__(self):
        return self.label


class RegionKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County / district")
    ZONE = "zone", _("Development zone")


class RegionQuerySet(models.QuerySet):
    def counties(self):
        """The units a county user belongs to and bulletins rank: counties and zones."""
        return self.filter(kind__in=[RegionKind.COUNTY, RegionKind.ZONE])


class Region(BilingualNameMixin, models.Model):
    """A city, county/district (县市区) or development zone (开发区), with its GB/T 2260 code."""

    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        help_text=_("GB/T 2260 six-digit code; zones without one get a local code."),
    )
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def descendant_ids(self):
        """This region and every region below it (trees are a few dozen rows: walk in Python)."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(
                Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids.update(frontier)
        return ids


class Sector(BilingualNameMixin, models.Model):
    """A sector (行业): a section of the national industry classification GB/T 4754-2017."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return f"{self.code} {self.label}"
