from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from groundbreak.core.money import AmountError, parse_amount


class MoneyField(forms.CharField):
    """An amount in 万元 typed as people type it: "1.5亿", "15000万元", "3,086.5", "三千万"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str) or value is None:
            return value
        return format(value.normalize(), "f")

    def to_python(self, value):
        try:
            return parse_amount(value)
        except AmountError as error:
            raise ValidationError(str(error), code="amount") from error

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DatalistInput(forms.TextInput):
    """A text box that suggests its choices as one types (a <datalist>: no script needed)."""

    def __init__(self, *, list_id, attrs=None):
        super().__init__(attrs={**(attrs or {}), "list": list_id, "autocomplete": "off"})
        self.list_id = list_id
        self.options = ()

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}"></option>', ((o,) for o in self.options))
        return format_html('{}<datalist id="{}">{}</datalist>', box, self.list_id, options)


class NamedChoiceField(forms.ModelChoiceField):
    """Pick a record by typing its name (with a <datalist> of the allowed ones): for long
    lists such as owner units, where a drop-down of hundreds of names cannot be searched."""

    def __init__(self, queryset, *, list_id, **kwargs):
        kwargs.setdefault("widget", DatalistInput(list_id=list_id))
        super().__init__(queryset, to_field_name="name", **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.options = _LazyNames(self)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def prepare_value(self, value):
        if isinstance(value, int):  # a ModelForm's initial value is the primary key
            found = self.queryset.model._default_manager.filter(pk=value).first()
            return found.name if found else ""
        return super().prepare_value(value)

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class _LazyNames:
    """The names of a field's queryset, read when the widget renders (not when the form is built)."""

    def __init__(self, field):
        self.field = field

    def __iter__(self):
        return iter(self.field.queryset.values_list("name", flat=True))
