from rest_framework import serializers

from groundbreak.notifications.models import Level, Notification, RobotChannel
from groundbreak.regions.models import Region


class NotificationSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="subject_text", read_only=True)
    body = serializers.CharField(source="body_text", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "subject",
            "body",
            "link",
            "level",
            "urgent",
            "key",
            "created_at",
            "read_at",
        ]
        read_only_fields = fields


class RobotChannelSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.counties(), allow_null=True, required=False
    )
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=Level.choices), required=False
    )
    secret = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = RobotChannel
        fields = [
            "id",
            "name",
            "kind",
            "webhook_url",
            "secret",
            "region",
            "department",
            "levels",
            "active",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
