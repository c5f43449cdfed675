from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.core.forms import DateInput, MoneyField
from groundbreak.core.money import format_amount
from groundbreak.reporting.models import AttachmentKind, DivergenceReason, ReturnReason

HOW_TO_COUNT = _(
    "Count what was paid out for the works in the period (the statistics' financial-expenditure "
    "method): construction and installation, equipment bought, other costs such as land. "
    "Not the contract value, not money merely raised."
)


class ReportForm(forms.Form):
    """The owner's monthly report (月报填报): at most ten things to fill, most of them
    pre-filled from last month."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    completed_period = MoneyField(
        label=_("Completed in the period (万元)"), required=True, help_text=HOW_TO_COUNT
    )
    completed_ytd = MoneyField(
        label=_("Completed this year (万元)"),
        help_text=_("Last period's figure plus this period's; filled in for you."),
    )
    completed_total = MoneyField(
        label=_("Completed since the start (万元)"),
        help_text=_("Never less than last period's; filled in for you."),
    )
    progress_text = forms.CharField(
        label=_("Physical progress"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What stands on site now, e.g. 主体结构施工至第5层."),
    )
    workers_on_site = forms.IntegerField(
        label=_("Workers on site"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    work_resumed = forms.BooleanField(label=_("Work resumed this period"), required=False)
    resumed_on = forms.DateField(label=_("Resumed on"), required=False, widget=DateInput())
    problems = forms.CharField(
        label=_("Problems needing help"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Asking for help never turns a light red by itself."),
    )
    over_plan_reason = forms.CharField(
        label=_("Why beyond the plan or the total"),
        required=False,
        help_text=_("Only when the figures go beyond this year's plan or the total investment."),
    )
    photo = forms.FileField(
        label=_("Site photo or voucher"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
        help_text=_("Needed above %(amount)s万元 in one period."),
    )

    def __init__(self, *args, evidence_threshold="1000", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = self.fields["photo"].help_text % {
            "amount": format_amount(Decimal(str(evidence_threshold)))
        }

    def clean(self):
        data = super().clean()
        if data.get("work_resumed") and not data.get("resumed_on"):
            self.add_error("resumed_on", _("Give the day work resumed."))
        return data

    def figures(self):
        data = dict(self.cleaned_data)
        for name in ("version", "photo"):
            data.pop(name, None)
        if not data.get("work_resumed"):
            data["resumed_on"] = None
        for name in ("progress_text", "problems", "over_plan_reason"):
            data[name] = data.get(name) or ""
        return data


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File"))


class ReturnForm(forms.Form):
    """Why a report goes back: a reason from the list (stored as its id, read in each reader's
    language), or one typed in."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    listed = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *ReturnReason.choices], required=False
    )
    reason = forms.CharField(label=_("Why it goes back"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        data["reason"] = data.get("reason") or data.get("listed") or ""
        if not data["reason"].strip():
            raise forms.ValidationError(_("Say why the report goes back."))
        return data


class CorrectionForm(forms.Form):
    """A reviewer's correction (更正) of a handed-in report: every figure, and the reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    completed_period = MoneyField(label=_("Completed in the period (万元)"), required=True)
    completed_ytd = MoneyField(label=_("Completed this year (万元)"), required=True)
    completed_total = MoneyField(label=_("Completed since the start (万元)"), required=True)
    over_plan_reason = forms.CharField(label=_("Why beyond the plan or the total"), required=False)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=200,
        help_text=_("The owner sees it in the report's history."),
    )


class StatisticsFigureForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    completed_ytd = MoneyField(label=_("Statistics: completed this year (万元)"), required=True)


class DivergenceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Reason for the difference"), choices=DivergenceReason.choices
    )
    reason_text = forms.CharField(label=_("Explanation"), max_length=300, required=False)
