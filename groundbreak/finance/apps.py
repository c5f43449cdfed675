"""Financing (融资): declarations to the funding channels (专项债券, PPP, 中央预算内投资, the
city's own funds) with their readiness, funding gaps for 政银企 matchmaking and the use of funds."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "groundbreak.finance"
    label = "finance"
    verbose_name = _("Financing")

    def ready(self):
        from groundbreak.finance import rules

        rules.register_kinds()
