from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.audit.selectors import ChangeFilter, model_choices
from groundbreak.regions.models import Region
from groundbreak.reporting.models import ReportingPeriod

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChangeFilterForm(forms.Form):
    """Who, what, when, where: the audit page's filters (all optional)."""

    who = forms.CharField(label=_("who"), required=False, max_length=150)
    model = forms.ChoiceField(label=_("what"), required=False)
    county = forms.ModelChoiceField(
        label=_("county"), required=False, queryset=Region.objects.counties()
    )
    period = forms.ModelChoiceField(
        label=_("reporting period"),
        required=False,
        queryset=ReportingPeriod.objects.order_by("-year", "-last_month"),
    )
    since = forms.DateField(label=_("from"), required=False, widget=DATE)
    until = forms.DateField(label=_("to"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "---------"), *model_choices()]

    def filter(self):
        """The filter the form asks for; an invalid form filters nothing (its errors show)."""
        if not self.is_valid():
            return ChangeFilter()
        return ChangeFilter(**self.cleaned_data)

    def in_words(self):
        if not self.is_valid():
            return ""
        return "；".join(
            f"{self.fields[name].label}：{dict(self.fields[name].choices).get(value, value) if name == 'model' else value}"
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        )


class LoginFilterForm(forms.Form):
    username = forms.CharField(label=_("user name"), required=False, max_length=150)
    success = forms.TypedChoiceField(
        label=_("result"),
        required=False,
        choices=[("", "---------"), ("1", _("success")), ("0", _("failed"))],
        coerce=lambda value: value == "1",
        empty_value=None,
    )
    since = forms.DateField(label=_("from"), required=False, widget=DATE)
    until = forms.DateField(label=_("to"), required=False, widget=DATE)

    def filter(self):
        return self.cleaned_data if self.is_valid() else {}
