"""One FilterSet per model, shared by the list page, the export and the API."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groundbreak.accounts.models import Department, Leader
from groundbreak.core.filters import YearField, YearFilter
from groundbreak.projects.choices import ProjectField, Stage, WorkStatusKind
from groundbreak.projects.models import (
    COMPLETENESS,
    COMPLETENESS_FIELDS,
    AnnualPlan,
    GroundbreakingBatch,
    KeyProjectLevel,
    Project,
    WorkStatusEvent,
    missing_label,
)
from groundbreak.regions.filters import RegionChoiceField, RegionFilter
from groundbreak.regions.models import Region, Sector


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Name, code, owner or pinyin initials"),
    )
    region = RegionFilter()
    stage = django_filters.MultipleChoiceFilter(
        label=_("Stage"),
        choices=Stage.choices,
        widget=forms.SelectMultiple(attrs={"size": len(Stage.choices)}),  # every stage in view
    )
    field = django_filters.ChoiceFilter(label=_("Field"), choices=ProjectField.choices)
    sector = django_filters.ModelChoiceFilter(label=_("Sector"), queryset=Sector.objects.all())
    key_level = django_filters.ModelChoiceFilter(
        label=_("Key-project level"),
        field_name="key_levels",
        queryset=KeyProjectLevel.objects.all(),
        to_field_name="code",
    )
    leader_in_charge = django_filters.ModelChoiceFilter(
        label=_("Leader in charge"), queryset=Leader.objects.all()
    )
    department_in_charge = django_filters.ModelChoiceFilter(
        label=_("Department in charge"), queryset=Department.objects.all()
    )
    in_statistics = django_filters.ChoiceFilter(
        label=_("In the statistics"),
        choices=[("yes", _("Already in the statistics")), ("no", _("Not in the statistics"))],
        method="filter_in_statistics",
    )
    incomplete = django_filters.BooleanFilter(
        label=_("Incomplete"),
        method="filter_incomplete",
        help_text=_("true: only the projects that still lack values (待补全)"),
    )
    missing = django_filters.ChoiceFilter(
        label=_("Lacking"),
        choices=[(name, missing_label(name)) for name in COMPLETENESS_FIELDS],
        method="filter_missing",
        help_text=_("Only the projects that lack this value"),
    )
    year = YearFilter(
        label=_("Plan year"),
        method="filter_year",
        help_text=_("The year whose planned investment is shown; default the latest"),
    )

    class Meta:
        model = Project
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = user or getattr(request, "user", None)
        # Dropdowns offer only what the user's own scope contains.
        if user is not None and not user.sees_whole_city:
            visible = self.queryset
            self.filters["region"].queryset = Region.objects.filter(projects__in=visible).distinct()
            self.filters["leader_in_charge"].queryset = Leader.objects.filter(
                projects__in=visible
            ).distinct()
            self.filters["department_in_charge"].queryset = Department.objects.filter(
                projects__in=visible
            ).distinct()

    @property
    def plan_year(self):
        """The year whose plan the list, its sums, its export and the API show."""
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("year"):
            return int(self.form.cleaned_data["year"])
        return AnnualPlan.objects.latest_year()

    @property
    def qs(self):
        return super().qs.with_plan(self.plan_year)

    def filter_year(self, queryset, name, value):
        return queryset  # not a filter: ``qs`` reads every project's plan of that year

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_incomplete(self, queryset, name, value):
        if value is None:
            return queryset
        incomplete = queryset.incomplete()
        return incomplete if value else queryset.exclude(pk__in=incomplete.values("pk"))

    def filter_missing(self, queryset, name, value):
        return queryset.filter(next(q for n, q, _t in COMPLETENESS if n == value))

    def filter_in_statistics(self, queryset, name, value):
        return queryset.filter(in_statistics_date__isnull=(value == "no"))


class GroundbreakingBatchFilterSet(django_filters.FilterSet):
    region = RegionFilter(below=False)
    year = YearFilter(field_name="date")

    class Meta:
        model = GroundbreakingBatch
        fields = []


class WorkStatusEventFilterSet(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(label=_("Project"), queryset=Project.objects.none())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=WorkStatusKind.choices)

    class Meta:
        model = WorkStatusEvent
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = user or getattr(request, "user", None)
        # Another county's project id reads as unknown, as for an id that does not exist.
        self.filters["project"].queryset = Project.objects.restrict(user, "view")


class ResumptionQuery(forms.Form):
    """The resumption rate's question (page and API): on which date, grouped how, for which
    projects. A value that is not a date or not a choice is a form error, never a crash."""

    date = forms.DateField(
        label=_("Date"), required=False, help_text=_("YYYY-MM-DD, default today")
    )
    group_by = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[("region", _("county")), ("sector", _("sector"))],
    )
    key_level = forms.ModelChoiceField(
        label=_("Key-project level"),
        required=False,
        queryset=KeyProjectLevel.objects.all(),
        to_field_name="code",
    )
    field = forms.ChoiceField(
        label=_("Field"), required=False, choices=[("", "")] + list(ProjectField.choices)
    )

    def values(self):
        """The question as resumption_rates takes it, defaults filled in for what is absent or
        wrong (a page still shows the rate of today, with the error beside the field)."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        key_level = data.get("key_level")
        return {
            "on_date": data.get("date") or timezone.localdate(),
            "group_by": data.get("group_by") or "region",
            "key_level": key_level.code if key_level else None,
            "field": data.get("field") or None,
        }


class TemplateQuery(forms.Form):
    """Which county's template, for which year: a region the user may fill (by code or id)."""

    region = RegionChoiceField(label=_("Region"), required=False, queryset=Region.objects.none())
    year = YearField(label=_("Year"), required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
