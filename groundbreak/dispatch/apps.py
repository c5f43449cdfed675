"""Dispatch (调度): 三督 lists, meetings, agenda, minutes and supervision items."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "groundbreak.dispatch"
    label = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self):
        from groundbreak.dispatch.overdue import register_overdue_kind

        register_overdue_kind()
