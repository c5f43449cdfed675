from rest_framework import serializers

from groundbreak.planning.models import AccountLock, InvestmentTarget, StartWeight
from groundbreak.regions.models import Region
from groundbreak.reporting.models import ReportingPeriod


class InvestmentTargetSerializer(serializers.ModelSerializer):
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    amount = serializers.DecimalField(max_digits=20, decimal_places=4, read_only=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = InvestmentTarget
        fields = ["id", "version", "region", "year", "base_amount", "growth_rate", "amount",
                  "q1_share", "q2_share", "q3_share", "q4_share", "note"]  # fmt: skip
        validators = []


class AccountLineSerializer(serializers.Serializer):
    """One region's accounts for a year up to a period (万元; percent for rates)."""

    region = serializers.IntegerField(source="region.pk")
    region_name = serializers.CharField(source="region.name")
    month = serializers.IntegerField()
    target = serializers.DecimalField(
        max_digits=20, decimal_places=4, source="target_amount", allow_null=True
    )
    completed_ytd = serializers.DecimalField(max_digits=20, decimal_places=4, source="ytd")
    from_summary_table = serializers.SerializerMethodField()
    growth = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)
    stock = serializers.DecimalField(max_digits=20, decimal_places=4)
    increment = serializers.DecimalField(max_digits=20, decimal_places=4)
    other_rest = serializers.DecimalField(max_digits=20, decimal_places=4)
    support = serializers.DecimalField(max_digits=20, decimal_places=4)
    gap = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    projection = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    pattern = serializers.DecimalField(max_digits=7, decimal_places=2)
    pattern_source = serializers.CharField()

    def get_from_summary_table(self, line) -> bool:
        return line.county_figure is not None


class AccountLockSerializer(serializers.ModelSerializer):
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    period = serializers.PrimaryKeyRelatedField(queryset=ReportingPeriod.objects.all())
    locked_by = serializers.CharField(source="locked_by.username", read_only=True)
    lifted_by = serializers.CharField(
        source="lifted_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = AccountLock
        fields = [
            "id",
            "region",
            "period",
            "level",
            "locked_by",
            "locked_at",
            "lifted_by",
            "lifted_at",
        ]
        read_only_fields = ["level", "locked_at", "lifted_at"]


class StartWeightSerializer(serializers.ModelSerializer):
    class Meta:
        model = StartWeight
        fields = ["id", "key", "weight"]
        read_only_fields = ["key"]
