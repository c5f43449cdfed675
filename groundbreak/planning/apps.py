"""Targets and accounts (目标与三本账): yearly targets per region, the stock, increment and
support accounts with their gap, quarterly balance, projection, level locks and the reserve pool."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "groundbreak.planning"
    label = "planning"
    verbose_name = _("Targets and accounts")

    def ready(self):
        from groundbreak.planning import importing, rules

        rules.register_kinds()
        importing.register_kind()
