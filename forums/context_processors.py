"""The header's notification link: the signed-in person's unread forum notifications, counted lazily (one
query, and only on pages that show it)."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject


def forum_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from forums.notifications.selectors import unread_notification_count

    return {
        "forum_notifications_url": reverse("forums:notifications"),
        "forum_unread_count": SimpleLazyObject(lambda: unread_notification_count(user)),
    }
