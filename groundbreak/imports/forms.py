from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.imports.models import ImportKind
from groundbreak.regions.models import Region


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the table holds"), choices=[(ImportKind.PROJECTS, ImportKind.PROJECTS.label)]
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            ".xlsx, .xls, .ods or .csv; title rows, unit lines, merged headers, subtotals and notes are understood."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.xlsm"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_superuser or user.sees_whole_city:
            self.fields["region"].queryset = Region.objects.all()
        else:
            self.fields["region"].queryset = Region.objects.filter(
                pk__in=user.region.descendant_ids()
            )
            self.fields["region"].initial = user.region
