from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """The cockpit's figures of one year for the whole city (驾驶舱快照), grouped by region and the
    other dimensions the pages cut by, so that a page reads one row instead of 100,000 projects.
    Rewritten by a job after writes and every quarter of an hour; nobody edits it."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    period = models.ForeignKey(
        "reporting.ReportingPeriod", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_date = models.DateField(_("as of"))
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("cockpit snapshot")
        verbose_name_plural = _("cockpit snapshots")

    def __str__(self):
        return f"{self.year} @ {self.computed_at:%Y-%m-%d %H:%M}"
