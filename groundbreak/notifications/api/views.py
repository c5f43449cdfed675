"""Notifications (own only) and robot channels (city staff only)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from groundbreak.notifications import services
from groundbreak.notifications.api.serializers import (
    DeliverySerializer,
    NotificationSerializer,
    RobotChannelSerializer,
)
from groundbreak.notifications.models import Notification, RobotChannel


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The caller's own notifications, newest first; ``?unread=true`` for the unread ones."""

    serializer_class = NotificationSerializer
    filterset_fields = ["level", "urgent"]

    def get_queryset(self):
        notifications = Notification.objects.restrict(self.request.user)
        if self.request.query_params.get("unread") in ("1", "true"):
            notifications = notifications.unread()
        return notifications

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the notification read."""
        notification = services.mark_read(self.get_object(), by=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses={200: {"type": "object"}})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all the caller's notifications read; answers how many were unread."""
        return Response({"marked": services.mark_all_read(by=request.user)})


class IsCityStaff(permissions.BasePermission):
    def has_permission(self, request, view):
        return services.may_manage_channels(request.user)


class RobotChannelViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Group robots of DingTalk and WeCom (city staff only); deactivate rather than delete."""

    serializer_class = RobotChannelSerializer
    permission_classes = [permissions.IsAuthenticated, IsCityStaff]
    queryset = RobotChannel.objects.select_related("region", "department")

    def perform_create(self, serializer):
        channel = RobotChannel(**serializer.validated_data)
        serializer.instance = services.save_channel(channel, by=self.request.user)

    def perform_update(self, serializer):
        channel = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(channel, field, value)
        services.save_channel(channel, by=self.request.user)

    @extend_schema(request=None, responses=DeliverySerializer)
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        """Post a test message to the channel (as a background job)."""
        delivery = services.send_test_message(self.get_object(), by=request.user)
        return Response({"id": delivery.pk, "status": delivery.status})
