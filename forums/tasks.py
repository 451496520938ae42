"""Background work of the forums (django-tasks): the notifications a new post causes, and the daily digests.

Run `send_due_forum_digests` once a day from a scheduler (or the `send_forum_digests` management command from
cron); a digest goes out at most once a day per person however often it runs.
"""

from django_tasks import task


@task()
def notify_new_post(post_id: int, mentioned_user_ids: list[int], quoted_post_ids: list[int]) -> int:
    """Create the notifications of a committed post (and queue their e-mails); returns how many."""
    from forums.services.notifications import NewPost
    from forums.services.notifications import notify_new_post as fan_out

    event = NewPost(
        post_id=post_id, mentioned_user_ids=tuple(mentioned_user_ids), quoted_post_ids=tuple(quoted_post_ids)
    )
    return len(fan_out(event))


@task()
def notify_new_mentions(post_id: int, mentioned_user_ids: list[int]) -> int:
    """Tell people an edit newly mentions (nobody else hears of an edit)."""
    from forums.services.notifications import NewPost, notify_edit_mentions

    return len(notify_edit_mentions(NewPost(post_id=post_id, mentioned_user_ids=tuple(mentioned_user_ids))))


@task()
def send_due_forum_digests() -> int:
    """Queue the daily digest of everyone who is due one; returns how many were queued."""
    from forums.emails import digest_due_user_ids, send_digest

    user_ids = digest_due_user_ids()
    for user_id in user_ids:
        send_digest.enqueue(user_id)
    return len(user_ids)
