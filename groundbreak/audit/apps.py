"""The audit trail (审计): every recorded change of every model and every login, for auditors
and city staff."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "groundbreak.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from groundbreak.audit import signals

        user_logged_in.connect(signals.logged_in, dispatch_uid="audit.logged_in")
        user_login_failed.connect(signals.login_failed, dispatch_uid="audit.login_failed")
