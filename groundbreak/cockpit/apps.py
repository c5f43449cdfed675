"""The leaders' cockpit (驾驶舱): the city's position in one screen, a map, and a click from every
figure down to the projects behind it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    name = "groundbreak.cockpit"
    label = "cockpit"
    verbose_name = _("Cockpit")

    def ready(self):
        from groundbreak.cockpit.targets import register_planning_if_present
        from groundbreak.cockpit.tasks import refresh_after_write, refresh_cockpit_snapshot
        from groundbreak.core.jobs import Every, register_periodic
        from groundbreak.projects.signals import project_changed

        project_changed.connect(refresh_after_write, dispatch_uid="cockpit.refresh_after_write")
        register_periodic(refresh_cockpit_snapshot, Every(minutes=15))
        register_planning_if_present()
