from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.scoreboard.choices import Part
from groundbreak.scoreboard.models import ScoreWeights, ServiceCadre


class DateInput(forms.DateInput):
    input_type = "date"


class ServiceCadreForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServiceCadre
        fields = ["name", "unit", "phone", "since", "until", "note"]
        widgets = {"since": DateInput(), "until": DateInput()}


class ScoreWeightsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ScoreWeights
        fields = list(Part.values)
        help_texts = {part: _("0 to 100") for part in Part.values}
