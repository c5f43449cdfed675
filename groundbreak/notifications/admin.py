from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from groundbreak.notifications.models import Delivery, Notification, RobotChannel


@admin.register(RobotChannel)
class RobotChannelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "department", "active"]
    list_filter = ["kind", "active", "region"]
    search_fields = ["name"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["pk", "recipient", "subject", "level", "urgent", "created_at", "read_at"]
    list_filter = ["level", "urgent"]
    search_fields = ["subject", "key", "recipient__username"]
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["pk", "channel", "address", "subject", "status", "attempts", "created_at"]
    list_filter = ["status", "channel"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
