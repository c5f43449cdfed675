from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.lists.models import Measure, Problem, Target


class DateInput(forms.DateInput):
    input_type = "date"


class ProblemRaiseForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["category", "description", "solving_level", "responsible_unit",
                  "responsible_person", "due_date"]  # fmt: skip
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class TargetForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Target
        fields = ["year", "content", "responsible_unit", "responsible_person", "due_date",
                  "achieved_on", "progress_note"]  # fmt: skip
        widgets = {"due_date": DateInput(), "achieved_on": DateInput(),
                   "progress_note": forms.Textarea(attrs={"rows": 2})}  # fmt: skip


class MeasureForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = ["content", "problem", "target", "responsible_unit", "responsible_person",
                  "due_date", "done_on", "progress_note"]  # fmt: skip
        widgets = {"due_date": DateInput(), "done_on": DateInput(),
                   "progress_note": forms.Textarea(attrs={"rows": 2})}  # fmt: skip

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = Problem.objects.filter(project=project)
        self.fields["target"].queryset = Target.objects.filter(project=project)


class ReasonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
