from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    """A record that carries an edit version, so that a stale edit is refused, never merged."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
