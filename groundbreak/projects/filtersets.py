"""One FilterSet per model, shared by the list page, the export and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from groundbreak.accounts.models import Department, Leader
from groundbreak.projects.choices import ProjectField, Stage
from groundbreak.projects.models import AnnualPlan, GroundbreakingBatch, KeyProjectLevel, Project
from groundbreak.regions.models import Region, Sector


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Name, code, owner or pinyin initials"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), method="filter_region"
    )
    stage = django_filters.MultipleChoiceFilter(label=_("Stage"), choices=Stage.choices)
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
    year = django_filters.NumberFilter(
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

    def filter_in_statistics(self, queryset, name, value):
        return queryset.filter(in_statistics_date__isnull=(value == "no"))

    def filter_region(self, queryset, name, value):
        return queryset.filter(region_id__in=value.descendant_ids())


class GroundbreakingBatchFilterSet(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all())
    year = django_filters.NumberFilter(label=_("Year"), field_name="date", lookup_expr="year")

    class Meta:
        model = GroundbreakingBatch
        fields = []
