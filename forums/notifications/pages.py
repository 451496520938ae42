"""What the forum and thread pages add for following: the watch button's state, unread markers, and
moving the reader's read marker to the last post the page shows."""

from forums.notifications.selectors import mark_unread, subscription_of
from forums.services.notifications import thread_mark_read


def thread_page_extras(request, thread, posts) -> dict:
    user = request.user
    if not user.is_authenticated:
        return {}
    last_shown = max((post.sequence for post in posts), default=0)
    thread_mark_read(user=user, thread=thread, sequence=last_shown)
    return {"thread_subscription": subscription_of(user, thread=thread)}


def forum_page_extras(request, forum, rows) -> dict:
    mark_unread([row.thread for row in rows], request.user)
    if not request.user.is_authenticated:
        return {}
    return {"forum_subscription": subscription_of(request.user, forum=forum)}
