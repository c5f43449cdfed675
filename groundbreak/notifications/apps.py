from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "groundbreak.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from datetime import time

        from django.conf import settings

        from groundbreak.core.jobs import Daily, register_periodic
        from groundbreak.notifications.tasks import send_daily_digest

        register_periodic(send_daily_digest, Daily(at=time(settings.NOTIFY_DIGEST_HOUR)))
