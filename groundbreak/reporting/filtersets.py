"""One FilterSet per model, shared by the report pages, the export and the API."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from groundbreak.core.filters import YearFilter
from groundbreak.projects.models import Project
from groundbreak.regions.filters import RegionFilter
from groundbreak.regions.models import Region
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod, StatisticsFigure

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def period_from_text(text):
    """ "2020-03" → the period 2020年3月 ("2020-01" and "2020-02" → 1-2月), or None."""
    from groundbreak.reporting.importing_period import period_from_text as parse

    try:
        return parse(text, create=False)
    except ValidationError:
        return None


class PeriodChoiceField(django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        if isinstance(value, str) and not value.isdigit() and value.strip():
            period = period_from_text(value)
            if period is None:
                raise ValidationError(_("Unknown period: %(value)s") % {"value": value})
            return period
        return super().to_python(value)


class PeriodChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PeriodChoiceField


class MonthlyReportFilterSet(django_filters.FilterSet):
    period = PeriodChoiceFilter(label=_("Period"), queryset=ReportingPeriod.objects.all())
    region = RegionFilter(path="project__region")
    project = django_filters.ModelChoiceFilter(
        label=_("Project"), queryset=Project.objects.all(), widget=forms.HiddenInput
    )
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Name, code, owner or pinyin initials"),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=ReportStatus.choices,
        widget=forms.SelectMultiple(attrs={"size": len(ReportStatus.choices)}),
    )
    late = django_filters.ChoiceFilter(label=_("Late"), choices=YES_NO, method="filter_late")

    class Meta:
        model = MonthlyReport
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = user or getattr(request, "user", None)
        if user is not None:
            # An out-of-scope project id reads as unknown, as a county must not learn it exists.
            self.filters["project"].queryset = Project.objects.restrict(user, "view")
        if user is not None and not user.sees_whole_city:
            self.filters["region"].queryset = Region.objects.filter(
                projects__reports__in=self.queryset
            ).distinct()

    def filter_search(self, queryset, name, value):
        return queryset.filter(project__in=Project.objects.search(value))

    def filter_late(self, queryset, name, value):
        late = queryset.filter(submitted_at__date__gt=F("period__deadline"))
        return late if value == "yes" else queryset.exclude(pk__in=late.values("pk"))


class StatisticsFigureFilterSet(django_filters.FilterSet):
    period = PeriodChoiceFilter(label=_("Period"), queryset=ReportingPeriod.objects.all())
    region = RegionFilter(path="project__region")
    project = django_filters.ModelChoiceFilter(label=_("Project"), queryset=Project.objects.all())

    class Meta:
        model = StatisticsFigure
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        if user is not None:
            self.filters["project"].queryset = Project.objects.restrict(user, "view")


class ReportingPeriodFilterSet(django_filters.FilterSet):
    year = YearFilter(lookup_expr="exact")

    class Meta:
        model = ReportingPeriod
        fields = []
