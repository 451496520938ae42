"""Where live delivery listens: the forums' hooks (posts, edits, deletions, reactions), the admin's edits
of posts (hiding), and membership changes of the working groups (connections check their access again).

Imported once by forums.apps.ForumsConfig.ready() (which also registers the live rooms' admin here). The
forums' hooks already run on commit; the membership signals fire inside the services' transactions, so they
broadcast on commit too.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from forums import hooks as forum_hooks
from forums.live import broadcast
from forums.live.admin import LiveRoomViewSet
from forums.models import Post
from forums.models.posts import post_change_record
from forums.services.moderation import PostModerated
from working_groups.models import Membership

register_snippet(LiveRoomViewSet)


@hooks.register(forum_hooks.POST_CREATED_HOOK)
def broadcast_post_created(event: forum_hooks.PostCreated) -> None:
    broadcast.post_created(event.thread_id, event.post_id, event.sequence)


@hooks.register(forum_hooks.POST_EDITED_HOOK)
def broadcast_post_edited(event: forum_hooks.PostEdited) -> None:
    broadcast.post_changed(event.thread_id, event.post_id)


@hooks.register(forum_hooks.POST_DELETED_HOOK)
def broadcast_post_deleted(event: forum_hooks.PostDeleted) -> None:
    broadcast.post_changed(event.thread_id, event.post_id)


@hooks.register(forum_hooks.REACTION_ADDED_HOOK)
@hooks.register(forum_hooks.REACTION_REMOVED_HOOK)
def broadcast_reaction(event: forum_hooks.ReactionAdded | forum_hooks.ReactionRemoved) -> None:
    broadcast.post_changed(event.thread_id, event.post_id)


@hooks.register(forum_hooks.POST_MODERATED_HOOK)
def broadcast_post_moderated(event: PostModerated) -> None:
    broadcast.post_changed(event.thread_id, event.post_id)


@hooks.register("after_edit_snippet")
def broadcast_post_edited_in_admin(request, instance) -> None:
    """A moderator hid or showed a post in the admin."""
    if isinstance(instance, Post):
        change = post_change_record(thread_id=instance.thread_id, post_id=instance.pk)
        broadcast.post_changed(instance.thread_id, instance.pk, change)


@receiver(post_save, sender=Membership, dispatch_uid="forums_live_membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="forums_live_membership_deleted")
def membership_changed(sender, instance: Membership, **kwargs) -> None:
    """A member left, was removed or changed role: their open connections check their access at once."""
    broadcast.access_changed(instance.user_id)
