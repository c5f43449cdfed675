from django.db import models
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    """Who is ranked: the city leaders in charge, or the departments in charge."""

    LEADERS = "leaders", _("Leaders in charge")
    DEPARTMENTS = "departments", _("Departments in charge")


class Part(models.TextChoices):
    """The parts of a score, each a share between 0 and 1 of the subject's projects' results."""

    COMPLETION = "completion", _("Investment completion")
    STARTS = "starts", _("Starts on time")
    STATISTICS = "statistics", _("New starts in the statistics")
    PROBLEMS = "problems", _("Problems closed on time")
    SUPERVISION = "supervision", _("Supervision items closed on time")
    RED_WARNINGS = "red_warnings", _("Projects without a red warning")


# The weights a year uses until city staff set its own (percentage points; they need not sum
# to 100: the score divides by the weights of the parts that apply).
DEFAULT_WEIGHTS = {
    Part.COMPLETION: 40,
    Part.STARTS: 15,
    Part.STATISTICS: 15,
    Part.PROBLEMS: 10,
    Part.SUPERVISION: 10,
    Part.RED_WARNINGS: 10,
}
