from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "groundbreak.reporting"
    label = "reporting"
    verbose_name = _("Monthly reporting")

    def ready(self):
        from groundbreak.projects.signals import plans_changed
        from groundbreak.reporting.services import follow_plans

        plans_changed.connect(follow_plans, dispatch_uid="reporting.follow_plans")
