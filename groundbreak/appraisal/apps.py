"""Appraisals (项目评估): ex-ante, mid-term and ex-post evaluations of projects, each scored on
its kind's scorecard."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalConfig(AppConfig):
    name = "groundbreak.appraisal"
    label = "appraisal"
    verbose_name = _("Appraisals")

    def ready(self):
        from groundbreak.appraisal import hooks
        from groundbreak.projects.panels import ProjectPanel, register

        register(
            ProjectPanel(
                name="appraisals",
                template="appraisal/project_panel.html",
                context=hooks.project_panel,
            )
        )
