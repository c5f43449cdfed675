from rest_framework import serializers

from groundbreak.core.money import AmountError, parse_amount


class MoneyField(serializers.DecimalField):
    """An amount in 万元; accepts numbers and the forms people type ("1.5亿", "15,000万元")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            value = parse_amount(data)
        except AmountError as error:
            raise serializers.ValidationError(str(error)) from error
        if value is None:
            if self.allow_null:
                return None
            self.fail("required")
        return super().to_internal_value(value)
