from rest_framework import serializers

from groundbreak.core.api_fields import VersionField
from groundbreak.scoreboard.choices import Part
from groundbreak.scoreboard.models import ScoreWeights, ServiceCadre, cadre_projects


class KeptProjectField(serializers.PrimaryKeyRelatedField):
    """A project whose cadres the caller may keep; any other id is answered as not found."""

    def get_queryset(self):
        request = self.context.get("request")
        return cadre_projects(getattr(request, "user", None), "change")


class ServiceCadreSerializer(serializers.ModelSerializer):
    project = KeptProjectField()
    project_name = serializers.CharField(source="project.name", read_only=True)
    version = VersionField()

    class Meta:
        model = ServiceCadre
        fields = ["id", "version", "project", "project_name", "name", "unit", "phone", "since",
                  "until", "note", "created", "updated"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["project"].required = False
            self.fields["project"].read_only = True


class ScoreWeightsSerializer(serializers.ModelSerializer):
    version = VersionField()

    class Meta:
        model = ScoreWeights
        fields = ["id", "version", "year", *Part.values, "updated"]
        # The year is upserted by the service, not refused as a duplicate.
        extra_kwargs = {"year": {"validators": []}}


class ShareSerializer(serializers.Serializer):
    good = serializers.DecimalField(max_digits=20, decimal_places=4)
    counted = serializers.DecimalField(max_digits=20, decimal_places=4)
    value = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)


class PartsSerializer(serializers.Serializer):
    completion = ShareSerializer()
    starts = ShareSerializer()
    statistics = ShareSerializer()
    problems = ShareSerializer()
    supervision = ShareSerializer()
    red_warnings = ShareSerializer()


class ScoreRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="subject.pk")
    name = serializers.CharField(source="subject.name")
    projects = serializers.IntegerField()
    rank = serializers.IntegerField(allow_null=True)
    tied = serializers.BooleanField()
    score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    parts = PartsSerializer()
