from rest_framework import serializers

from groundbreak.core.api_fields import VersionField
from groundbreak.lists.models import Measure, Problem, Target
from groundbreak.reporting.api.serializers import VisibleProjectField

COMMON = ["id", "version", "project", "project_name", "responsible_unit", "responsible_person",
          "due_date", "progress_note", "is_open", "created", "updated"]  # fmt: skip


class ItemSerializer(serializers.ModelSerializer):
    """An item as read, and as written: ``project`` when it is created (it never changes), the
    version the edit is based on to change it."""

    project = VisibleProjectField()
    project_name = serializers.CharField(source="project.name", read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["project"].required = False

    def validate(self, attrs):
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            project = attrs.pop("project", None)
            if project is not None and project != self.instance.project:
                raise serializers.ValidationError({"project": "An item stays with its project."})
        return attrs


class TargetSerializer(ItemSerializer):
    class Meta:
        model = Target
        fields = [*COMMON, "year", "content", "achieved_on"]


class MeasureSerializer(ItemSerializer):
    class Meta:
        model = Measure
        fields = [*COMMON, "content", "problem", "target", "done_on"]


class ProblemSerializer(ItemSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    raised_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Problem
        fields = [*COMMON, "category", "description", "solving_level", "status",
                  "status_display", "raised_on", "raised_by", "report", "resolution",
                  "resolved_on", "refusal_reason", "closed_on", "city_close_reason"]  # fmt: skip
        read_only_fields = ["status", "raised_on", "report", "resolution", "resolved_on",
                            "refusal_reason", "closed_on", "city_close_reason"]  # fmt: skip


class StepSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    text = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="The resolution (resolve) or the reason (refuse_resolution, city_close).")  # fmt: skip
