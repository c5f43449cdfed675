"""Responsibility (包保) and the scoreboard: who answers for each key project, and how the
leaders and departments in charge rank on their projects' results."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoreboardConfig(AppConfig):
    name = "groundbreak.scoreboard"
    label = "scoreboard"
    verbose_name = _("Scoreboard")

    def ready(self):
        from groundbreak.projects.panels import ProjectPanel, register
        from groundbreak.scoreboard import hooks

        register(
            ProjectPanel(
                name="service_cadres",
                template="scoreboard/project_panel.html",
                context=hooks.project_panel,
            )
        )
