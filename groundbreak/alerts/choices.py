from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """预警等级: 黄 / 橙 / 红 (0: no warning)."""

    NONE = 0, _("No warning")
    YELLOW = 1, _("Yellow")
    ORANGE = 2, _("Orange")
    RED = 3, _("Red")


LEVELS = (Level.YELLOW, Level.ORANGE, Level.RED)


class Direction(models.TextChoices):
    """Whether a measured value warns at or above its threshold (months late) or below it (the
    share of the plan completed lately)."""

    AT_LEAST = "at_least", _("at or above the threshold")
    BELOW = "below", _("below the threshold")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Not acknowledged")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLEARED = "cleared", _("Cleared")


class EventKind(models.TextChoices):
    RAISED = "raised", _("Light raised")
    ESCALATED = "escalated", _("Escalated")
    LOWERED = "lowered", _("Lowered")
    CLEARED = "cleared", _("Cleared")


class Audience(models.TextChoices):
    """Whom a level tells: the project's owner, its county, its department, its leader, the city."""

    OWNER = "owner", _("Project owner")
    COUNTY = "county", _("County bureau")
    DEPARTMENT = "department", _("Department in charge")
    LEADER = "leader", _("Leader in charge")
    CITY = "city", _("City commission")


class ExemptionReason(models.TextChoices):
    """正当理由: why a warning should not count against a project for a while."""

    FORCE_MAJEURE = "force_majeure", _("Force majeure")
    POLICY_CHANGE = "policy_change", _("Policy change")
    COURT_ORDER = "court_order", _("Court order")
    OTHER = "other", _("Other")


class ExemptionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ProgressBand(models.TextChoices):
    """Where a project's completion rate stands against time progress."""

    AHEAD = "ahead", _("Ahead of time progress")
    NORMAL = "normal", _("On time progress")
    BEHIND = "behind", _("Behind time progress")
