from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groundbreak.core.messages import stored_text


class Level(models.TextChoices):
    """How serious a notification is: the warning grades (黄/橙/红) and plain information."""

    INFO = "info", _("Information")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")


RANK = {Level.INFO: 0, Level.YELLOW: 1, Level.ORANGE: 2, Level.RED: 3}


class NotificationQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """Everyone sees and marks only their own notifications, city staff too."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message (通知) in one user's inbox; e-mailed at once when urgent, else in the daily digest."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("title"), max_length=200)
    subject_msg = models.JSONField(null=True, blank=True, editable=False)
    body = models.TextField(_("text"), blank=True)
    body_msg = models.JSONField(null=True, blank=True, editable=False)
    link = models.CharField(_("link"), max_length=300, blank=True)
    level = models.CharField(_("level"), max_length=6, choices=Level.choices, default=Level.INFO)
    urgent = models.BooleanField(_("urgent"), default=False)
    key = models.CharField(_("key"), max_length=100, blank=True)
    # Where it belongs, for choosing the county's and the department's robot channels.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When it left by e-mail: at once if urgent, else with the recipient's daily digest.
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "key"], name="notification_key"),
            models.Index(fields=["sent_at", "urgent"], name="notification_unsent"),
        ]

    def __str__(self):
        return self.subject_text

    def get_absolute_url(self):
        return reverse("notifications:notification_open", kwargs={"pk": self.pk})

    @property
    def subject_text(self):
        return stored_text(self.subject, self.subject_msg)

    @property
    def body_text(self):
        return stored_text(self.body, self.body_msg)


class RobotKind(models.TextChoices):
    DINGTALK = "dingtalk", _("DingTalk group robot")
    WECOM = "wecom", _("WeCom group robot")


class RobotChannel(models.Model):
    """A group robot (群机器人) of DingTalk or WeCom that posts into a chat of officials, for the
    whole city or one county or department."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=RobotKind.choices)
    webhook_url = models.URLField(_("webhook URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("DingTalk only: the SEC… secret of the robot's signing (加签) setting."),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty: every county."),
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty: every department."),
    )
    levels = models.JSONField(
        _("levels"), default=list, blank=True, help_text=_("The levels it receives; empty: all.")
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("robot channel")
        verbose_name_plural = _("robot channels")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("notifications:channel_edit", kwargs={"pk": self.pk})

    @property
    def level_labels(self):
        return [(level, Level(level).label) for level in self.levels if level in Level.values]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One message sent (发送记录): an e-mail to a user or a post to a robot, with its outcome,
    so that failures are seen and retried. A digest is at most one per recipient or channel a day."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    channel = models.ForeignKey(
        RobotChannel,
        verbose_name=_("robot channel"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    address = models.CharField(_("address"), max_length=254, blank=True)
    digest_day = models.DateField(_("digest of"), null=True, blank=True)
    subject = models.CharField(_("title"), max_length=200)
    payload = models.JSONField(_("message"), default=dict)
    items = models.PositiveIntegerField(_("items"), default=0)
    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    response = models.TextField(_("response"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "digest_day"],
                condition=Q(digest_day__isnull=False, recipient__isnull=False),
                name="one_digest_per_recipient_a_day",
            ),
            models.UniqueConstraint(
                fields=["channel", "digest_day"],
                condition=Q(digest_day__isnull=False, channel__isnull=False),
                name="one_digest_per_channel_a_day",
            ),
        ]

    def __str__(self):
        return f"{self.channel or self.address}: {self.subject}"
