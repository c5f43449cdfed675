"""Warnings, their events, acknowledgements and exemptions, and the rules, over the REST API."""

from rest_framework import serializers

from groundbreak.alerts.choices import Audience, ExemptionReason, Level
from groundbreak.alerts.models import Exemption, Rule, RuleLevel, Warning, WarningEvent


class WarningEventSerializer(serializers.ModelSerializer):
    why = serializers.CharField(read_only=True)

    class Meta:
        model = WarningEvent
        fields = ["id", "kind", "from_level", "to_level", "value", "why", "inputs", "on_date",
                  "at", "exempt"]  # fmt: skip


class WarningSerializer(serializers.ModelSerializer):
    rule = serializers.SlugRelatedField(slug_field="kind", read_only=True)
    rule_name = serializers.CharField(source="rule.name", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    region = serializers.CharField(source="project.region.code", read_only=True)
    level_name = serializers.CharField(source="get_level_display", read_only=True)
    why = serializers.CharField(read_only=True)
    events = WarningEventSerializer(many=True, read_only=True)

    class Meta:
        model = Warning
        fields = ["id", "project", "project_name", "region", "rule", "rule_name", "subject",
                  "level", "level_name", "status", "value", "why", "inputs", "link", "raised_at",
                  "changed_at", "cleared_at", "exempt_until", "events"]  # fmt: skip


class AcknowledgeSerializer(serializers.Serializer):
    comment = serializers.CharField()


class ExemptionRequestSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ExemptionReason.choices)
    explanation = serializers.CharField()
    until = serializers.DateField()
    evidence = serializers.FileField(required=False)


class ExemptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Exemption
        fields = ["id", "warning", "reason", "explanation", "evidence_name", "until", "status",
                  "requested_by", "requested_at", "decided_by", "decided_at", "decision_note"]  # fmt: skip


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    until = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class RuleLevelSerializer(serializers.ModelSerializer):
    level = serializers.ChoiceField(choices=[c for c in Level.choices if c[0]])
    audience = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices))

    class Meta:
        model = RuleLevel
        fields = ["level", "threshold", "audience"]


class RuleSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    levels = RuleLevelSerializer(many=True)
    switched_off = serializers.SerializerMethodField()

    class Meta:
        model = Rule
        fields = ["id", "kind", "name", "enabled", "margin", "options", "levels", "switched_off"]
        read_only_fields = ["kind", "options"]

    def get_switched_off(self, rule) -> list[str]:
        return [s.region.code for s in rule.switches.all() if not s.enabled]
