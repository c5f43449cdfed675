from rest_framework import serializers

from groundbreak.appraisal.models import Appraisal, Criterion, CriterionScore, appraisal_projects
from groundbreak.core.api_fields import VersionField


class AppraisedProjectField(serializers.PrimaryKeyRelatedField):
    """A project the caller may appraise; any other id is answered as not found."""

    def get_queryset(self):
        request = self.context.get("request")
        return appraisal_projects(getattr(request, "user", None), "change")


class CriterionSerializer(serializers.ModelSerializer):
    version = VersionField()

    class Meta:
        model = Criterion
        fields = ["id", "version", "kind", "name", "weight", "position", "active"]


class LineSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriterionScore
        fields = ["criterion", "name", "weight", "score"]
        read_only_fields = ["criterion", "name", "weight", "score"]


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=100,
                                     allow_null=True)  # fmt: skip


class AppraisalSerializer(serializers.ModelSerializer):
    project = AppraisedProjectField()
    project_name = serializers.CharField(source="project.name", read_only=True)
    version = VersionField()
    lines = LineSerializer(many=True, read_only=True)
    scores = ScoreInputSerializer(many=True, write_only=True, required=False,
                                  help_text="Each criterion's score (0–100, null: not scored).")  # fmt: skip

    class Meta:
        model = Appraisal
        fields = ["id", "version", "project", "project_name", "kind", "date", "appraiser",
                  "conclusion", "comment", "score", "lines", "scores", "created", "updated"]  # fmt: skip
        read_only_fields = ["score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in ("project", "kind"):
                self.fields[name].required = False
                self.fields[name].read_only = True
