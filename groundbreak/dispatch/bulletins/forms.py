from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.dispatch.bulletins.models import WEIGHT_FIELDS, RankingFormula
from groundbreak.reporting.models import ReportingPeriod

COLUMN_LABELS = {
    "plan": _("Plan (10k yuan)"), "completed": _("Completed (10k yuan)"),
    "completion_rate": _("Completion rate"), "last_year": _("Same period last year"),
    "growth": _("Growth"), "new_starts": _("New starts"), "registered": _("Entered statistics"),
    "problems_due": _("Problems due"), "problems_on_time": _("Problems on time"),
    "items_due": _("Items due"), "items_on_time": _("Items closed on time"),
    "score": _("Score"), "rank": _("Rank"), "rule": _("Warning"),
    "leader": _("Leader in charge"), "why": _("Why"),
}  # fmt: skip


class BulletinForm(forms.Form):
    period = forms.ModelChoiceField(ReportingPeriod.objects.all(), label=_("Period"))
    region = forms.ModelChoiceField(None, label=_("Region"))
    title = forms.CharField(label=_("Title"), max_length=150, required=False,
                            help_text=_("Empty: the usual title."))  # fmt: skip

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class ObjectionForm(forms.Form):
    row = forms.ChoiceField(label=_("Row"))
    column = forms.ChoiceField(label=_("Figure"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, rows, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["row"].choices = rows
        self.fields["column"].choices = [(c, COLUMN_LABELS.get(c, c)) for c in columns]


class WeightsForm(forms.ModelForm):
    class Meta:
        model = RankingFormula
        fields = list(WEIGHT_FIELDS)
