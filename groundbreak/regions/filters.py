"""The one region filter every list uses (pages, exports, API): a region is named by its code,
as every answer shows it ("530403"); the id the older links carry is accepted as well."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from groundbreak.regions.models import Region


class RegionChoiceField(django_filters.fields.ModelChoiceField):
    """A region by its code (GB/T 2260, or a zone's local code), else by its id."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Unknown region: %(value)s. Give its code, e.g. 530402.")},
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        region = self.queryset.filter(code=text).first()
        if region is None and text.isdigit() and len(text) <= 9:
            region = self.queryset.filter(pk=int(text)).first()
        if region is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
            )
        return region


@extend_schema_field(OpenApiTypes.STR)  # a code such as 530402
class RegionFilter(django_filters.ModelChoiceFilter):
    """Keeps the records of the region and (unless ``below=False``) of every region below it."""

    field_class = RegionChoiceField

    def __init__(self, *args, path="region", below=True, **kwargs):
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("queryset", Region.objects.all())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault(
            "help_text",
            _("Region code (e.g. 530402), with the regions below it")
            if below
            else _("Region code (e.g. 530402)"),
        )
        self.path, self.below = path, below
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        if not self.below:
            return qs.filter(**{self.path: value})
        return qs.filter(**{f"{self.path}_id__in": value.descendant_ids()})
