from django import forms
from django.core.exceptions import ValidationError

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
