from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.imports.models import ImportKind
from groundbreak.regions.models import Region

PERIOD_KINDS = (ImportKind.REPORTS, ImportKind.STATISTICS)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the table holds"), choices=ImportKind.choices)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    period = forms.ModelChoiceField(
        label=_("Reporting period"),
        queryset=None,
        required=False,
        help_text=_("For monthly reports and statistics figures: the period the table is for."),
    )
    year = forms.IntegerField(
        label=_("Plan year"),
        min_value=1990,
        max_value=2100,
        required=False,
        help_text=_(
            "For project lists: the year of the plans, if the file names none in a 计划年度 "
            "column, the plan's header or the title (otherwise this year). Other years' plans "
            "are never changed."
        ),
    )
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            ".xlsx, .xls, .ods or .csv; title rows, unit lines, merged headers, subtotals and notes are understood."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.xlsm"}),
    )

    def __init__(self, *args, user, **kwargs):
        from groundbreak.reporting.models import ReportingPeriod
        from groundbreak.reporting.selectors import default_period

        super().__init__(*args, **kwargs)
        if user.is_superuser or user.sees_whole_city:
            self.fields["region"].queryset = Region.objects.all()
        else:
            self.fields["region"].queryset = Region.objects.filter(
                pk__in=user.region.descendant_ids()
            )
            self.fields["region"].initial = user.region
        self.fields["period"].queryset = ReportingPeriod.objects.order_by("-year", "-last_month")
        self.fields["period"].initial = default_period(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") in PERIOD_KINDS and not cleaned.get("period"):
            self.add_error("period", _("Choose the reporting period the table is for."))
        return cleaned

    def options(self):
        """What the import service takes as ``options``."""
        period = self.cleaned_data.get("period")
        if self.cleaned_data.get("kind") in PERIOD_KINDS and period is not None:
            return {"period": period.pk}
        if self.cleaned_data.get("kind") == ImportKind.PROJECTS and self.cleaned_data.get("year"):
            return {"year": self.cleaned_data["year"]}
        return {}
