from rest_framework import serializers

from groundbreak.dispatch.models import AgendaLine, ItemStep, Meeting, SupervisionItem
from groundbreak.projects.models import Project


class ProjectsField(serializers.PrimaryKeyRelatedField):
    """Projects the caller may see; any other id is answered as if it did not exist."""

    def get_queryset(self):
        request = self.context.get("request")
        return Project.objects.restrict(getattr(request, "user", None), "view")


class MeetingSerializer(serializers.ModelSerializer):
    projects = ProjectsField(many=True, required=False)

    class Meta:
        model = Meeting
        fields = ["id", "kind", "title", "date", "chair", "scope", "region", "sector", "projects",
                  "attendees", "minutes"]  # fmt: skip


class AgendaLineSerializer(serializers.ModelSerializer):
    section_display = serializers.CharField(source="get_section_display", read_only=True)

    class Meta:
        model = AgendaLine
        fields = ["id", "meeting", "position", "section", "section_display", "text", "project",
                  "problem", "warning", "item", "dropped"]  # fmt: skip
        read_only_fields = ["position", "section", "project", "problem", "warning", "item",
                            "dropped"]  # fmt: skip


class ItemStepSerializer(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ItemStep
        fields = ["action", "from_status", "to_status", "on_date", "at", "by", "note",
                  "evidence_name"]  # fmt: skip


class SupervisionItemSerializer(serializers.ModelSerializer):
    projects = ProjectsField(many=True, required=False)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    steps = ItemStepSerializer(many=True, read_only=True)

    class Meta:
        model = SupervisionItem
        fields = ["id", "document_number", "meeting", "agenda_line", "decision",
                  "responsible_region", "responsible_department", "responsible_person",
                  "cooperating_units", "deadline", "projects", "problems", "status",
                  "status_display", "steps"]  # fmt: skip
        read_only_fields = ["document_number", "status"]


class ItemStepPayloadSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    on_date = serializers.DateField(required=False, allow_null=True, default=None)
