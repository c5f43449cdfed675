"""The one warnings filter, shared by the list page and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from groundbreak.alerts.choices import Level
from groundbreak.alerts.models import Rule, Warning
from groundbreak.alerts.registry import kinds
from groundbreak.regions.filters import RegionFilter

STATUS_CHOICES = [
    ("live", _("Not cleared")),
    ("open", _("Not acknowledged")),
    ("acknowledged", _("Acknowledged")),
    ("exempt", _("Exempt")),
    ("cleared", _("Cleared")),
]


class WarningFilterSet(django_filters.FilterSet):
    region = RegionFilter(path="project__region")
    rule = django_filters.ChoiceFilter(label=_("Rule"), method="filter_rule", choices=[])
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=[c for c in Level.choices if c[0]]
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=None
    )
    project = django_filters.NumberFilter(field_name="project_id", label=_("Project"))

    class Meta:
        model = Warning
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("status"):
            data["status"] = "live"
        super().__init__(data, *args, **kwargs)
        self.filters["rule"].extra["choices"] = [(k.code, k.name) for k in kinds()]

    def filter_rule(self, queryset, name, value):
        return queryset.filter(rule__in=Rule.objects.filter(kind=value))

    def filter_status(self, queryset, name, value):
        if value == "live":
            return queryset.live()
        return queryset.with_status(value)
