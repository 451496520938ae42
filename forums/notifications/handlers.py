"""The forums' own listeners on forums.hooks: what a new or edited post means for the people following it.

Handlers run after the post's transaction commits and only queue background tasks (forums.tasks), so the
person posting never waits for the fan-out or an SMTP server.
"""

from wagtail import hooks

from forums.hooks import POST_CREATED_HOOK, POST_EDITED_HOOK, PostCreated, PostEdited


@hooks.register(POST_CREATED_HOOK)
def queue_post_notifications(event: PostCreated) -> None:
    from forums.tasks import notify_new_post

    notify_new_post.enqueue(event.post_id, list(event.mentioned_user_ids), list(event.quoted_post_ids))


@hooks.register(POST_EDITED_HOOK)
def queue_edit_mentions(event: PostEdited) -> None:
    if not event.newly_mentioned_user_ids:
        return
    from forums.tasks import notify_new_mentions

    notify_new_mentions.enqueue(event.post_id, list(event.newly_mentioned_user_ids))
