"""One FilterSet per list, shared by the list pages, the exports and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groundbreak.accounts.models import Department, Leader
from groundbreak.lists.choices import ProblemCategory, ProblemStatus, SolvingLevel
from groundbreak.lists.models import Measure, Problem, Target
from groundbreak.projects.models import Project
from groundbreak.regions.filters import RegionFilter

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ListItemFilterSet(django_filters.FilterSet):
    region = RegionFilter(path="project__region")
    department = django_filters.ModelChoiceFilter(
        label=_("Department in charge"),
        queryset=Department.objects.all(),
        field_name="project__department_in_charge",
    )
    leader = django_filters.ModelChoiceFilter(
        label=_("Leader in charge"),
        queryset=Leader.objects.all(),
        field_name="project__leader_in_charge",
    )
    project = django_filters.ModelChoiceFilter(
        label=_("Project"), queryset=Project.objects.all(), widget=forms.HiddenInput
    )
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Project, content, responsible unit or person"),
    )
    open = django_filters.ChoiceFilter(label=_("Open"), choices=YES_NO, method="filter_open")
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=YES_NO, method="filter_overdue"
    )
    TEXT = "content"

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = user or getattr(request, "user", None)
        if user is not None:
            # An out-of-scope project id reads as unknown.
            self.filters["project"].queryset = Project.objects.restrict(user, "view")

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(project__in=Project.objects.search(value))
            | Q(**{f"{self.TEXT}__icontains": value})
            | Q(responsible_unit__icontains=value)
            | Q(responsible_person__icontains=value)
        )

    def filter_open(self, queryset, name, value):
        return queryset.open() if value == "yes" else queryset.closed()

    def filter_overdue(self, queryset, name, value):
        late = queryset.overdue(timezone.localdate())
        return late if value == "yes" else queryset.exclude(pk__in=late.values("pk"))


class TargetFilterSet(ListItemFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Target
        fields = []


class ProblemFilterSet(ListItemFilterSet):
    category = django_filters.MultipleChoiceFilter(
        label=_("Category"), choices=ProblemCategory.choices
    )
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=ProblemStatus.choices)
    solving_level = django_filters.ChoiceFilter(
        label=_("Level to solve it"), choices=SolvingLevel.choices
    )
    TEXT = "description"

    class Meta:
        model = Problem
        fields = []


class MeasureFilterSet(ListItemFilterSet):
    class Meta:
        model = Measure
        fields = []
