"""The notification engine's background jobs: sending one delivery, and the daily digest."""

from groundbreak.core.jobs import job


def _gave_up(pk, *, error):
    """Every attempt failed: the delivery stays "failed" with its last error, for the page."""
    from groundbreak.notifications.models import Delivery

    Delivery.objects.filter(pk=pk).update(error=f"{error} (given up)"[:2000])


@job(attempts=4, backoff=60, on_give_up=_gave_up)
def send_delivery(pk):
    """Send one e-mail or robot post; a failure is recorded and retried with a growing pause."""
    from groundbreak.notifications.services import deliver

    deliver(pk)


@job(attempts=2, backoff=300)
def send_daily_digest():
    """The daily digest: safe to run twice (at most one per recipient and channel a day)."""
    from groundbreak.notifications.services import send_digest

    emails, posts = send_digest()
    return {"emails": emails, "robot_posts": posts}


@job(attempts=3, backoff=30)
def send_urgent_notifications():
    """Send the urgent notifications waiting, together (see services.send_urgent)."""
    from groundbreak.notifications.services import send_urgent

    return len(send_urgent())
