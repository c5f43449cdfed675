from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    """A record that carries an edit version, so that a stale edit is refused, never merged."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class WorkerBeat(models.Model):
    """A running ``groundbreak worker``'s heartbeat: a task of a worker that stops beating is
    taken back and retried."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=100)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"


class PeriodicRun(models.Model):
    """The last due time at which a periodic task was enqueued (see ``core.jobs``)."""

    name = models.CharField(max_length=200, unique=True)
    last_due = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.last_due}"
