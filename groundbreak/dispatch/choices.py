from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly dispatch meeting")  # 月调度会
    QUARTERLY = "quarterly", _("Quarterly coordination meeting")  # 季协调会
    TOPICAL = "topical", _("Topical meeting")  # 专题会


class ScopeKind(models.TextChoices):
    CITY = "city", _("The whole city")
    COUNTY = "county", _("A county")
    SECTOR = "sector", _("A sector")
    PROJECTS = "projects", _("Chosen projects")


class Section(models.TextChoices):
    """Where an agenda line comes from, in the order the agenda shows them."""

    WARNING = "warning", _("Red and orange warnings")
    PROBLEM = "problem", _("Problems escalated or overdue")
    LAGGING = "lagging", _("Under construction, behind plan")
    UNREGISTERED = "unregistered", _("Started, not in the statistics")
    START_OVERDUE = "start_overdue", _("In preparation, planned start passed")
    OPEN_ITEM = "open_item", _("Open supervision items")
    ADDED = "added", _("Added by staff")


class ItemStatus(models.TextChoices):
    """drafted → approved → issued → received → in hand → feedback → reviewed → closed."""

    DRAFTED = "drafted", _("Drafted")
    APPROVED = "approved", _("Approved by the leader")
    ISSUED = "issued", _("Issued")
    RECEIVED = "received", _("Received")
    IN_HAND = "in_hand", _("In hand")
    FEEDBACK = "feedback", _("Feedback given")
    REVIEWED = "reviewed", _("Reviewed")
    CLOSED = "closed", _("Closed")


# Issued and not yet closed: the unit owes work, so a passed deadline makes it overdue.
RUNNING_STATUSES = (
    ItemStatus.ISSUED,
    ItemStatus.RECEIVED,
    ItemStatus.IN_HAND,
    ItemStatus.FEEDBACK,
    ItemStatus.REVIEWED,
)
OPEN_STATUSES = (ItemStatus.DRAFTED, ItemStatus.APPROVED, *RUNNING_STATUSES)


class Action(models.TextChoices):
    APPROVE = "approve", _("Approve")
    ISSUE = "issue", _("Issue")
    RECEIVE = "receive", _("Receive")
    START = "start", _("Start work")
    FEEDBACK = "feedback", _("Give feedback")
    REVIEW = "review", _("Review")
    CLOSE = "close", _("Close")
    SEND_BACK = "send_back", _("Send back")
