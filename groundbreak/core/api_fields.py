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


class VersionField(serializers.IntegerField):
    """The version a change is based on (乐观锁): a stale one is refused with 409, so that no edit
    silently overwrites another user's newer one. Required to change a record."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "The version the edit is based on; required to change the record (stale edits get 409).",
        )
        super().__init__(**kwargs)


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    """One entry of a record's change log; times in the city's time zone like every answer."""

    when = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True)
    kind = serializers.CharField()
    reason = serializers.CharField()
    changes = HistoryChangeSerializer(many=True)

    def to_representation(self, entry):
        return {
            "when": serializers.DateTimeField().to_representation(entry.when),
            "who": entry.who.get_username() if entry.who else None,
            "kind": str(entry.kind),
            "reason": str(entry.reason or ""),
            "changes": [{"field": c.label, "old": c.old, "new": c.new} for c in entry.changes],
        }
