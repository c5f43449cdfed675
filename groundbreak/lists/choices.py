from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemCategory(models.TextChoices):
    """问题类别: what a project is stuck on."""

    FUNDS = "funds", _("Funds")
    LAND = "land", _("Land")
    FOREST_LAND = "forest_land", _("Forest land")
    PLANNING = "planning", _("Planning approval")
    ENVIRONMENT = "environment", _("Environmental assessment")
    LABOUR = "labour", _("Labour")
    EXPROPRIATION = "expropriation", _("Land expropriation and demolition")
    UTILITIES = "utilities", _("Water, power, roads and gas")
    OTHER = "other", _("Other")


class SolvingLevel(models.TextChoices):
    """The level that must solve a problem (协调层级)."""

    COUNTY = "county", _("County")
    CITY_DEPARTMENT = "city_department", _("City department")
    CITY_LEADER = "city_leader", _("City leader")
    PROVINCE = "province", _("Province")


class ProblemStatus(models.TextChoices):
    """raised → accepted → in hand → resolved → confirmed (closed only by the raiser, or by the
    city with a reason when the raiser has not answered)."""

    RAISED = "raised", _("Raised")
    ACCEPTED = "accepted", _("Accepted")
    IN_HAND = "in_hand", _("In hand")
    RESOLVED = "resolved", _("Resolved, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed (closed)")


OPEN_PROBLEM_STATUSES = (
    ProblemStatus.RAISED,
    ProblemStatus.ACCEPTED,
    ProblemStatus.IN_HAND,
    ProblemStatus.RESOLVED,
)
