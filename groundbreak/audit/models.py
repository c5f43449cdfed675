from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groundbreak.accounts.models import Role


def sees_audit(user):
    """Auditors and city staff read the audit trail; nobody else (it names every user of every
    county, and the logins)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in (Role.CITY, Role.AUDITOR))
    )


class LoginEventQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """Auditors and city staff read every login; no one changes them."""
        return self if action == "view" and sees_audit(user) else self.none()


class LoginEvent(models.Model):
    """One sign-in attempt (登录记录), successful or not, as the auditors read it."""

    when = models.DateTimeField(_("time"), db_index=True)
    username = models.CharField(_("user name"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    success = models.BooleanField(_("success"))

    objects = LoginEventQuerySet.as_manager()

    class Meta:
        ordering = ["-when", "-pk"]
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        indexes = [models.Index(fields=["username", "when"], name="audit_login_user_when")]

    def __str__(self):
        return f"{self.username} {self.when:%Y-%m-%d %H:%M}"
