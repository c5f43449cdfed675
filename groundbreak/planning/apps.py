"""Targets and accounts (目标与三本账): yearly targets per region, the stock, increment and
support accounts with their gap, quarterly balance, projection, level locks and the reserve pool."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _default_weights(sender, **kwargs):
    """The start weights' default rows, also after a flush (which empties what the migration
    loaded: transactional tests flush)."""
    from groundbreak.planning.choices import DEFAULT_WEIGHTS
    from groundbreak.planning.models import StartWeight

    for key, weight in DEFAULT_WEIGHTS.items():
        StartWeight.objects.get_or_create(key=key, defaults={"weight": weight})


class PlanningConfig(AppConfig):
    name = "groundbreak.planning"
    label = "planning"
    verbose_name = _("Targets and accounts")

    def ready(self):
        from groundbreak.planning import importing, rules

        rules.register_kinds()
        importing.register_kind()
        post_migrate.connect(_default_weights, sender=self)
