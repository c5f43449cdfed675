from rest_framework import serializers

from groundbreak.core.api_fields import VersionField
from groundbreak.finance.choices import DeclarationStatus
from groundbreak.finance.models import Channel, Declaration, FundMovement
from groundbreak.reporting.api.serializers import VisibleProjectField


class ChannelSerializer(serializers.ModelSerializer):
    required_documents = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Channel
        fields = ["id", "code", "name", "kind", "required_documents"]


class DeclarationSerializer(serializers.ModelSerializer):
    """A declaration as read; created with project, channel, year, batch and amount asked
    (its status and outcome change through ``declare`` and ``outcome``)."""

    project = VisibleProjectField()
    project_name = serializers.CharField(source="project.name", read_only=True)
    channel = serializers.PrimaryKeyRelatedField(queryset=Channel.objects.all())
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    missing_documents = serializers.SerializerMethodField()

    class Meta:
        model = Declaration
        fields = ["id", "version", "project", "project_name", "channel", "year", "batch",
                  "status", "amount_asked", "amount_approved", "amount_issued", "declared_on",
                  "decided_on", "issued_on", "override_reason", "note", "missing_documents"]  # fmt: skip
        read_only_fields = ["version", "status", "amount_approved", "amount_issued",
                            "declared_on", "decided_on", "issued_on", "override_reason"]  # fmt: skip
        validators = []

    def get_missing_documents(self, declaration) -> list[str]:
        return [k.name for k in getattr(declaration, "missing", [])]


class DeclareSerializer(serializers.Serializer):
    declared_on = serializers.DateField(required=False, allow_null=True)
    override_reason = serializers.CharField(required=False, allow_blank=True, max_length=300)
    version = VersionField()


class OutcomeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[c for c in DeclarationStatus.choices if c[0] in ("approved", "issued", "rejected")]
    )
    amount_approved = serializers.DecimalField(max_digits=16, decimal_places=4, required=False,
                                               allow_null=True, min_value=0)  # fmt: skip
    amount_issued = serializers.DecimalField(max_digits=16, decimal_places=4, required=False,
                                             allow_null=True, min_value=0)  # fmt: skip
    decided_on = serializers.DateField(required=False, allow_null=True)
    issued_on = serializers.DateField(required=False, allow_null=True)
    version = VersionField()


class FundMovementSerializer(serializers.ModelSerializer):
    """Money received or paid out; written with the project's code (项目代码), as the finance
    bureau's records name it."""

    project = serializers.PrimaryKeyRelatedField(read_only=True)
    project_code = serializers.CharField(write_only=True, max_length=24)
    channel = serializers.PrimaryKeyRelatedField(
        queryset=Channel.objects.all(), required=False, allow_null=True
    )
    amount = serializers.DecimalField(max_digits=16, decimal_places=4, min_value=0)

    class Meta:
        model = FundMovement
        fields = ["id", "project", "project_code", "channel", "kind", "date", "amount", "note"]


class FundingGapSerializer(serializers.Serializer):
    """A project's funding gap (万元): total investment − secured sources, and this year's gap:
    plan − money received this year."""

    project = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    code = serializers.CharField()
    region_name = serializers.CharField(source="region.name")
    sector_name = serializers.CharField(source="sector.name", allow_null=True, default=None)
    total_investment = serializers.DecimalField(max_digits=20, decimal_places=4)
    secured = serializers.DecimalField(max_digits=20, decimal_places=4)
    funding_unknown = serializers.BooleanField()
    gap = serializers.DecimalField(max_digits=20, decimal_places=4)
    annual_plan = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    in_hand = serializers.DecimalField(max_digits=20, decimal_places=4)
    year_gap = serializers.DecimalField(max_digits=20, decimal_places=4)
