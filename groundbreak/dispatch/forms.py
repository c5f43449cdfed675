from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.accounts.models import Department
from groundbreak.dispatch.models import Meeting
from groundbreak.regions.models import Region


class DateInput(forms.DateInput):
    input_type = "date"


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "date", "chair", "scope", "region", "sector", "projects",
                  "attendees"]  # fmt: skip
        widgets = {"date": DateInput(), "attendees": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.counties()
        self.fields["projects"].required = False


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}),
                              required=False)  # fmt: skip


class LineForm(forms.Form):
    text = forms.CharField(label=_("New agenda line"), max_length=1000)


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible_region = forms.ModelChoiceField(
        Region.objects.counties(), label=_("Responsible county"), required=False
    )
    responsible_department = forms.ModelChoiceField(
        Department.objects.all(), label=_("Responsible department"), required=False
    )
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=50,
                                         required=False)  # fmt: skip
    cooperating_units = forms.CharField(label=_("Co-operating units"), max_length=300,
                                        required=False)  # fmt: skip
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    agenda_line = forms.ModelChoiceField(None, label=_("Agenda line"), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_line"].queryset = meeting.lines.filter(dropped=False)


class StepForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)  # fmt: skip
    evidence = forms.FileField(label=_("Evidence (photo or PDF)"), required=False)
