from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class LockLevel(models.TextChoices):
    """Who locked a county's accounts for a period: the county itself, then the city."""

    COUNTY = "county", _("County")
    CITY = "city", _("City")


class WeightKey(models.TextChoices):
    """The rows of the start-likelihood table (开工可能性权重)."""

    STARTED = "started", _("Started")
    PRELIMINARY_READY = "preliminary_ready", _("Preliminary work, all approvals obtained")
    PRELIMINARY = "preliminary", _("Preliminary work")
    RESERVE = "reserve", _("Reserve")
    WARNING_STEP = "warning_step", _("Less per warning level")


# The weights a new installation starts with (percent); the city edits them, with history.
DEFAULT_WEIGHTS = {
    WeightKey.STARTED: Decimal(100),
    WeightKey.PRELIMINARY_READY: Decimal(80),
    WeightKey.PRELIMINARY: Decimal(50),
    WeightKey.RESERVE: Decimal(20),
    WeightKey.WARNING_STEP: Decimal(10),
}

# 1-N月 cumulative share (%) of a year's investment, used for the projection when no earlier
# year's monthly figures are kept: the usual shape of fixed-asset investment in a Chinese
# prefecture (a slow start around the Spring Festival, a push in the second half).
DEFAULT_PATTERN = {
    2: Decimal(12), 3: Decimal(20), 4: Decimal(27), 5: Decimal(35), 6: Decimal(47),
    7: Decimal(55), 8: Decimal(63), 9: Decimal(73), 10: Decimal(81), 11: Decimal(90),
    12: Decimal(100),
}  # fmt: skip

LATE_SHARE_DEFAULT = Decimal(60)  # % of the year's plan in Q3+Q4 above which a county is warned
