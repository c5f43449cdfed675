"""The snapshot is rewritten after writes that change figures (once per transaction) and every
quarter of an hour, so that imports written set-based are caught up as well."""

from django.db import transaction

from groundbreak.core.jobs import job


@job(attempts=2, backoff=60)
def refresh_cockpit_snapshot():
    from groundbreak.cockpit.services import refresh_snapshot

    return refresh_snapshot().pk


def _enqueue():
    refresh_cockpit_snapshot.enqueue()


def refresh_after_write(sender, project_ids=(), **kwargs):
    """Queue one refresh when the writing transaction commits (not one per project)."""
    pending = transaction.get_connection().run_on_commit
    if not any(entry[1] is _enqueue for entry in pending):
        transaction.on_commit(_enqueue)
