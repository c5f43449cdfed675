from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.alerts.choices import Audience, ExemptionReason, Level


class AcknowledgeForm(forms.Form):
    comment = forms.CharField(
        label=_("What is being done"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ExemptionForm(forms.Form):
    reason = forms.ChoiceField(label=_("Justified reason"), choices=ExemptionReason.choices)
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}))
    until = forms.DateField(label=_("Exempt until"), widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.FileField(label=_("Evidence"), required=False)


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Refuse"))],
        coerce=lambda v: v == "yes",
    )
    until = forms.DateField(
        label=_("Exempt until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class RuleForm(forms.Form):
    enabled = forms.BooleanField(label=_("Enabled"), required=False)
    margin = forms.DecimalField(
        label=_("Margin before a level goes down"), min_value=0, decimal_places=2
    )

    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        levels = {lv.level: lv for lv in rule.levels.all()}
        if not self.is_bound:
            self.initial.update({"enabled": rule.enabled, "margin": rule.margin})
        for lv in (Level.YELLOW, Level.ORANGE, Level.RED):
            row = levels.get(lv)
            self.fields[f"threshold_{lv}"] = forms.DecimalField(
                label=_("%(level)s threshold") % {"level": lv.label}, required=False, decimal_places=2,
                initial=row.threshold if row else None,
            )  # fmt: skip
            self.fields[f"audience_{lv}"] = forms.MultipleChoiceField(
                label=_("%(level)s tells") % {"level": lv.label}, required=False,
                choices=Audience.choices, widget=forms.CheckboxSelectMultiple,
                initial=row.audience if row else [],
            )  # fmt: skip

    def levels(self):
        data = self.cleaned_data
        return {
            int(lv): (data.get(f"threshold_{lv}"), data.get(f"audience_{lv}") or [])
            for lv in (Level.YELLOW, Level.ORANGE, Level.RED)
        }

    def level_rows(self):
        return [
            (Level(lv), self[f"threshold_{lv}"], self[f"audience_{lv}"])
            for lv in (Level.YELLOW, Level.ORANGE, Level.RED)
        ]


class SwitchForm(forms.Form):
    region = forms.IntegerField(widget=forms.HiddenInput)
    enabled = forms.TypedChoiceField(
        choices=[("on", "on"), ("off", "off")], coerce=lambda v: v == "on"
    )
