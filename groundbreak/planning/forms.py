from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.core.forms import MoneyField
from groundbreak.regions.models import Region


class TargetForm(forms.Form):
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.none())
    base_amount = MoneyField(label=_("last year's investment (万元)"))
    growth_rate = forms.DecimalField(
        label=_("growth target (%)"), initial=10, max_digits=6, decimal_places=2
    )
    q1 = forms.DecimalField(label=_("Q1 share (%)"), required=False, max_digits=5, decimal_places=2)
    q2 = forms.DecimalField(label=_("Q2 share (%)"), required=False, max_digits=5, decimal_places=2)
    q3 = forms.DecimalField(label=_("Q3 share (%)"), required=False, max_digits=5, decimal_places=2)
    q4 = forms.DecimalField(label=_("Q4 share (%)"), required=False, max_digits=5, decimal_places=2)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions])

    def quarter_shares(self):
        shares = [self.cleaned_data.get(f"q{i}") for i in (1, 2, 3, 4)]
        return None if all(s is None for s in shares) else shares


class FigureForm(forms.Form):
    real_estate_ytd = MoneyField(label=_("real estate this year (万元)"), required=False)
    other_ytd = MoneyField(label=_("other investment this year (万元)"), required=False)
    last_year_ytd = MoneyField(label=_("same period last year (万元)"), required=False)
    correction_reason = forms.CharField(
        label=_("reason for a correction"), required=False, max_length=200
    )


class ThresholdForm(forms.Form):
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.none())
    amount = MoneyField(label=_("reserve threshold (万元)"))

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
