from django.utils.functional import SimpleLazyObject


def unread_notifications(request):
    """The header's unread count: one count query, only where a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from groundbreak.notifications.models import Notification

    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }
