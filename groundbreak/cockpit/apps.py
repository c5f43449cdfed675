"""The leaders' cockpit (驾驶舱): the city's position in one screen, a map, and a click from every
figure down to the projects behind it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    name = "groundbreak.cockpit"
    label = "cockpit"
    verbose_name = _("Cockpit")

    def ready(self):
        from groundbreak.cockpit.tasks import refresh_after_write, refresh_cockpit_snapshot
        from groundbreak.core.jobs import Every, register_periodic
        from groundbreak.projects.signals import project_changed

        project_changed.connect(refresh_after_write, dispatch_uid="cockpit.refresh_after_write")
        # The headline's target, 1-N月 and gap are the planning accounts': a target or a
        # county's figure changed also rewrites the snapshot.
        from django.db.models.signals import post_save

        from groundbreak.planning.models import InvestmentTarget, RegionFigure

        for model in (InvestmentTarget, RegionFigure):
            post_save.connect(refresh_after_write, sender=model,
                              dispatch_uid=f"cockpit.refresh_after_{model.__name__}")  # fmt: skip
        register_periodic(refresh_cockpit_snapshot, Every(minutes=15))
