"""Live connections follow access at once: whatever can take access away tells the affected connections,
which read their access afresh and close (4403) when it is gone — without waiting for the client to send.

Every connection joins, besides its thread's group, the groups through which such news reaches it
(`connection_groups`): its forum's group, and for a signed-in person their own group and their session's
group. The messages are small and typed, carry no data, and are sent after the change commits:

- ``live.access_changed`` to a person's group: a membership, role, room removal or registration changed, the
  account was changed (deactivated, made or unmade secretariat, a new password that signs out its other
  sessions) or deleted;
- ``live.access_changed`` to a thread's group: the thread moved to another forum, was edited in the admin or
  deleted, or its session (event page) changed, was unpublished or deleted;
- ``live.access_changed`` to a forum's group: the forum moved to another group (or became a group's), or its
  group changed visibility or was unpublished;
- ``live.signed_out`` to a session's group: that session signed out (Django's `user_logged_out`); the
  connection closes without reading anything, as the session is being flushed.

On ``live.access_changed`` the consumer calls `recheck`: the subscription read afresh (forums.live.
subscriptions.refresh) *and* the session the connection was opened with still signed in as the same person
with the same password (`session_still_signed_in`), so "signed out everywhere" (a new password, an erased
account, a deactivation) closes every other connection. The same recheck runs on the client's heartbeat (after
the rate limit), so a notice the channel layer dropped is made good within one heartbeat, and whenever a
service refuses a frame as not allowed; other frames act on the access these notices keep current (the
services they call read the person's room access themselves), so a busy room reads no access per message.
"""

from __future__ import annotations

import hashlib
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils.crypto import constant_time_compare

from wagtail import hooks
from wagtail.signals import page_unpublished

from forums import hooks as forum_hooks
from forums.live import broadcast, subscriptions

ACCESS_CHANGED = "live.access_changed"
SIGNED_OUT = "live.signed_out"

User = get_user_model()


def forum_group(forum_id: int) -> str:
    return f"forums-forum-{int(forum_id)}"


def session_group(session_key: str) -> str:
    """A session's group, named by a digest: the session key itself never travels through the layer."""
    return f"forums-session-{hashlib.sha256(session_key.encode()).hexdigest()[:40]}"


def session_key_of(scope) -> str | None:
    """The key of the session the connection was opened with (None without session middleware or cookie)."""
    session = scope.get("session")
    if session is None:
        return None
    return getattr(session, "session_key", None) or None


def connection_groups(subscription: subscriptions.Subscription, session_key: str | None) -> tuple[str, ...]:
    """Every group a connection listens to: news of posts, and news of anything that can end its access."""
    thread = subscription.thread
    groups = [broadcast.thread_group(thread.pk), forum_group(thread.forum_id)]
    if subscription.user_id:
        groups.append(broadcast.user_group(subscription.user_id))
        if session_key:
            groups.append(session_group(session_key))
    return tuple(groups)


def session_still_signed_in(session_key: str, user) -> bool:
    """The session still exists, is signed in as `user` through a configured backend, and its password hash
    matches the account's (as Django's own `get_user` checks, secret-key fallbacks included)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    if session.get(SESSION_KEY) != user._meta.pk.value_to_string(user):
        return False
    if session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return False
    session_hash = session.get(HASH_SESSION_KEY) or ""
    if not session_hash:
        return False
    if constant_time_compare(session_hash, user.get_session_auth_hash()):
        return True
    return any(constant_time_compare(session_hash, other) for other in user.get_session_auth_fallback_hash())


def recheck(
    subscription: subscriptions.Subscription, session_key: str | None, user_id: int | None
) -> subscriptions.Subscription | None:
    """The connection's access read afresh; None when it must close. `user_id` is the person the connection
    was opened as: it stays that person, so when the account is gone, inactive, or its session signed out,
    it closes (it never goes on as an anonymous reader)."""
    if subscription.user_id != user_id:  # the account object itself was deleted in this process
        return None
    refreshed = subscriptions.refresh(subscription)
    if refreshed is None or refreshed.user_id != user_id:
        return None
    if user_id and session_key and not session_still_signed_in(session_key, refreshed.user):
        return None
    return refreshed


# --- Telling connections (after commit) -------------------------------------------------------------------


def access_changed_for_user(user_id: int | None) -> None:
    if user_id:
        broadcast.on_commit(broadcast.user_group(user_id), {"type": ACCESS_CHANGED})


def access_changed_for_thread(thread_id: int) -> None:
    broadcast.on_commit(broadcast.thread_group(thread_id), {"type": ACCESS_CHANGED})


def access_changed_for_forums(forum_ids) -> None:
    for forum_id in set(forum_ids):
        broadcast.on_commit(forum_group(forum_id), {"type": ACCESS_CHANGED})


def signed_out(session_key: str | None) -> None:
    if session_key:
        broadcast.on_commit(session_group(session_key), {"type": SIGNED_OUT})


# --- Where the news comes from ----------------------------------------------------------------------------


@hooks.register(forum_hooks.THREAD_MOVED_HOOK)
def thread_moved(event: forum_hooks.ThreadMoved) -> None:
    """Announced on commit by forums.services.moderation.thread_move (an UPDATE: no model signal)."""
    access_changed_for_thread(event.thread_id)


@receiver(post_save, sender="forums.Thread", dispatch_uid="forums_live_watch_thread_saved")
def thread_saved(sender, instance, created, raw, update_fields, **kwargs) -> None:
    """A thread saved as a whole (the admin's editor) may have moved forum or session."""
    if created or raw:
        return
    if update_fields is not None and not {"forum", "forum_id", "event", "event_id"} & set(update_fields):
        return
    access_changed_for_thread(instance.pk)


@receiver(post_delete, sender="forums.Thread", dispatch_uid="forums_live_watch_thread_deleted")
def thread_deleted(sender, instance, **kwargs) -> None:
    """A thread deleted (or its forum): its connections close rather than wait for their next frame."""
    access_changed_for_thread(instance.pk)


@receiver(post_save, sender="forums.Forum", dispatch_uid="forums_live_watch_forum_saved")
def forum_saved(sender, instance, created, raw, **kwargs) -> None:
    """A forum moved to another group, or became a group's."""
    if not created and not raw:
        access_changed_for_forums([instance.pk])


def _group_changed(group_id: int) -> None:
    from forums.models import Forum

    access_changed_for_forums(Forum.objects.filter(group_id=group_id).values_list("pk", flat=True))


def _event_changed(event_id: int) -> None:
    from forums.models import Thread

    for thread_id in Thread.objects.filter(event_id=event_id).values_list("pk", flat=True):
        access_changed_for_thread(thread_id)


#: What Wagtail writes when an editor saves a draft, locks a page or schedules it: nobody's access changes.
_PAGE_BOOKKEEPING = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
        "go_live_at",
        "expire_at",
    }
)


def _page_access_may_change(created, raw, update_fields) -> bool:
    if created or raw:
        return False
    return update_fields is None or not set(update_fields) <= _PAGE_BOOKKEEPING


@receiver(post_save, sender="working_groups.WorkingGroupPage", dispatch_uid="forums_live_watch_group_saved")
def group_saved(sender, instance, created, raw, update_fields, **kwargs) -> None:
    """A group's visibility changed (or it was published, unpublished or edited)."""
    if _page_access_may_change(created, raw, update_fields):
        _group_changed(instance.pk)


@receiver(post_save, sender="events.EventPage", dispatch_uid="forums_live_watch_event_saved")
def event_saved(sender, instance, created, raw, update_fields, **kwargs) -> None:
    """A session's audience, group, speakers or registration rule changed: its room's connections recheck."""
    if _page_access_may_change(created, raw, update_fields):
        _event_changed(instance.pk)


@receiver(pre_delete, sender="events.EventPage", dispatch_uid="forums_live_watch_event_deleted")
def event_deleted(sender, instance, **kwargs) -> None:
    _event_changed(instance.pk)  # read before the threads lose their session


@receiver(page_unpublished, dispatch_uid="forums_live_watch_page_unpublished")
def page_was_unpublished(sender, instance, **kwargs) -> None:
    from events.models import EventPage
    from working_groups.models import WorkingGroupPage

    if issubclass(instance.specific_class or type(instance), WorkingGroupPage):
        _group_changed(instance.pk)
    elif issubclass(instance.specific_class or type(instance), EventPage):
        _event_changed(instance.pk)


@receiver(post_save, sender="events.Registration", dispatch_uid="forums_live_watch_registration_saved")
@receiver(post_delete, sender="events.Registration", dispatch_uid="forums_live_watch_registration_deleted")
def registration_changed(sender, instance, raw=False, **kwargs) -> None:
    """A cancelled (or waitlisted) registration can close a room that needs one."""
    if not raw:
        access_changed_for_user(instance.user_id)


@receiver(post_save, sender="forums.RoomRemoval", dispatch_uid="forums_live_watch_room_removal")
def room_removal_saved(sender, instance, created, raw, **kwargs) -> None:
    """Removed from a room, however the row was written (the moderators' service also tells at once)."""
    if not raw:
        access_changed_for_user(instance.user_id)


#: Saving only these fields cannot take access away (signing in writes last_login).
_HARMLESS_USER_FIELDS = frozenset({"last_login"})


@receiver(post_save, sender=User, dispatch_uid="forums_live_watch_user_saved")
def user_saved(sender, instance, created, raw, update_fields, **kwargs) -> None:
    """Deactivated, no longer staff or superuser, or a new password (which signs out the other sessions)."""
    if created or raw:
        return
    if update_fields is not None and set(update_fields) <= _HARMLESS_USER_FIELDS:
        return
    access_changed_for_user(instance.pk)


@receiver(post_delete, sender=User, dispatch_uid="forums_live_watch_user_deleted")
def user_deleted(sender, instance, **kwargs) -> None:
    access_changed_for_user(instance.pk)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="forums_live_watch_user_groups")
def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Taken out of the secretariat (or any permission group)."""
    if action == "pre_clear" and reverse:
        instance._live_cleared_user_ids = set(instance.user_set.values_list("pk", flat=True))
        return
    if action not in ("post_remove", "post_clear"):
        return
    if not reverse:
        access_changed_for_user(instance.pk)
        return
    user_ids = pk_set if action == "post_remove" else instance.__dict__.pop("_live_cleared_user_ids", set())
    for user_id in user_ids or ():
        access_changed_for_user(user_id)


@receiver(user_logged_out, dispatch_uid="forums_live_watch_signed_out")
def session_signed_out(sender, request, user, **kwargs) -> None:
    """Sent before Django flushes the session: its connections close at once."""
    session = getattr(request, "session", None)
    signed_out(getattr(session, "session_key", None))
