"""Graded early warning (分级预警): rules kept in the database, evaluated per project after
each write and as a set-based run, raised, escalated and cleared with their history."""

from datetime import time

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _default_rules(sender, **kwargs):
    from groundbreak.alerts.services import ensure_default_rules

    ensure_default_rules()


class AlertsConfig(AppConfig):
    name = "groundbreak.alerts"
    label = "alerts"
    verbose_name = _("Graded warnings")

    def ready(self):
        from groundbreak.alerts.engine import evaluate_after_write
        from groundbreak.alerts.rules import register_defaults
        from groundbreak.alerts.tasks import evaluate_all_warnings
        from groundbreak.core.jobs import Daily, register_periodic
        from groundbreak.projects.panels import ProjectPanel
        from groundbreak.projects.panels import register as register_panel
        from groundbreak.projects.signals import project_changed

        register_defaults()
        project_changed.connect(evaluate_after_write, dispatch_uid="alerts.evaluate_after_write")
        post_migrate.connect(_default_rules, sender=self, dispatch_uid="alerts.default_rules")
        register_periodic(evaluate_all_warnings, Daily(at=time(1, 30)))

        from groundbreak.alerts.views import project_panel_context

        register_panel(
            ProjectPanel(
                name="alerts",
                template="alerts/project_panel.html",
                context=lambda request, project: project_panel_context(project, request.user),
            )
        )
