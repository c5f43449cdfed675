from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.core.forms import MoneyField
from groundbreak.finance.choices import DeclarationStatus, MovementKind
from groundbreak.finance.models import Channel, DocumentKind
from groundbreak.projects.models import Project

DATE = forms.DateInput(attrs={"type": "date"})


class DeclarationForm(forms.Form):
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none())
    channel = forms.ModelChoiceField(label=_("channel"), queryset=Channel.objects.all())
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    batch = forms.CharField(label=_("batch"), max_length=60)
    amount_asked = MoneyField(label=_("amount asked (万元)"))
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["project"].queryset = projects


class DeclareForm(forms.Form):
    declared_on = forms.DateField(label=_("declared on"), required=False, widget=DATE)
    override_reason = forms.CharField(
        label=_("reason for declaring with documents missing (city)"),
        max_length=300,
        required=False,
    )


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("outcome"),
        choices=[(s, DeclarationStatus(s).label) for s in ("approved", "issued", "rejected")],
    )
    amount_approved = MoneyField(label=_("amount approved (万元)"), required=False)
    amount_issued = MoneyField(label=_("amount issued (万元)"), required=False)
    decided_on = forms.DateField(label=_("decided on"), required=False, widget=DATE)
    issued_on = forms.DateField(label=_("issued on"), required=False, widget=DATE)


class DocumentForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("document"), queryset=DocumentKind.objects.all())
    file = forms.FileField(label=_("file"))


class ChecklistForm(forms.Form):
    required = forms.ModelMultipleChoiceField(
        label=_("required documents"),
        queryset=DocumentKind.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class MovementForm(forms.Form):
    project_code = forms.CharField(label=_("project code"), max_length=24)
    kind = forms.ChoiceField(label=_("kind"), choices=MovementKind.choices)
    channel = forms.ModelChoiceField(
        label=_("channel"), queryset=Channel.objects.all(), required=False
    )
    date = forms.DateField(label=_("date"), widget=DATE)
    amount = MoneyField(label=_("amount (万元)"))
    note = forms.CharField(label=_("note"), max_length=300, required=False)
