from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.appraisal.models import Appraisal, Criterion


class DateInput(forms.DateInput):
    input_type = "date"


class AppraisalForm(forms.ModelForm):
    """The appraisal's facts, then one score field (0–100, blank: not scored) per criterion."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Appraisal
        fields = ["date", "appraiser", "conclusion", "comment"]
        widgets = {"date": DateInput(), "comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, criteria, scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = scores or {}
        for criterion in self.criteria:
            self.fields[f"c_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name}（{_('weight')} {criterion.weight}）",
                min_value=0, max_value=100, decimal_places=1, required=False,
                initial=scores.get(criterion.pk),
            )  # fmt: skip

    def scores(self):
        return {c.pk: self.cleaned_data.get(f"c_{c.pk}") for c in self.criteria}


class CriterionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Criterion
        fields = ["name", "weight", "position", "active"]
