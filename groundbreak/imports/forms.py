from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from groundbreak.imports.registry import kind_choices, registered
from groundbreak.regions.models import Region


class UploadForm(forms.Form):
    """The upload; each registered kind adds the fields of its options (e.g. the period)."""

    kind = forms.ChoiceField(label=_("What the table holds"), choices=kind_choices)
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
        self.kind_options = {}
        for name, handler in registered().items():
            extra = handler.option_fields(user)
            self.kind_options[name] = list(extra)
            for field_name, field in extra.items():
                self.fields.setdefault(field_name, field)
        # The file last, after the options it depends on.
        self.fields["file"] = self.fields.pop("file")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in self.kind_options:
            try:
                self._options = registered()[kind].clean_options(self._raw_options(kind))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def _raw_options(self, kind):
        options = {}
        for name in self.kind_options.get(kind, ()):
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                options[name] = getattr(value, "pk", value)
        return options

    def options(self):
        """What the import service takes as ``options``."""
        return getattr(self, "_options", {})
