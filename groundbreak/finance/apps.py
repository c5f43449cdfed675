"""Financing (融资): declarations to the funding channels (专项债券, PPP, 中央预算内投资, the
city's own funds) with their readiness, funding gaps for 政银企 matchmaking and the use of funds."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _default_channels(sender, **kwargs):
    """The channels and document kinds the migration loads, again after a flush (which empties
    them: transactional tests flush); rows already there are left as the city edited them."""
    import importlib

    from django.apps import apps

    importlib.import_module("groundbreak.finance.migrations.0002_channels_and_documents").load(
        apps, None
    )


class FinanceConfig(AppConfig):
    name = "groundbreak.finance"
    label = "finance"
    verbose_name = _("Financing")

    def ready(self):
        from groundbreak.finance import importing, rules

        rules.register_kinds()
        importing.register_kind()
        post_migrate.connect(_default_channels, sender=self)
