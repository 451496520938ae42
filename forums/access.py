"""Who may read, post in and moderate a forum, built on the one policy in working_groups.access.

- A group's forum follows its group: whoever may read the group's content reads the forum (an open group's
  forum is readable by anyone, a closed or private group's only by its members); chairs and members post,
  observers only read; chairs moderate. Anyone else gets 404.
- A public forum (no group, opened by the secretariat) is readable by anyone and open to every signed-in
  person with a verified e-mail address; only the secretariat moderates it.
- The secretariat reads, posts and moderates everywhere.

Like working_groups.access, facts about the user (roles, secretariat, verified address) are cached on the user
object, so a request costs a constant number of queries however many forums, threads or posts it checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404

from working_groups import access

if TYPE_CHECKING:
    from forums.models import Forum, Thread

_VERIFIED_CACHE = "_forums_verified_email"


def _field(prefix: str, lookup: str) -> str:
    return f"{prefix}__{lookup}" if prefix else lookup


def _everything() -> Q:
    return Q(pk__isnull=False)


def has_verified_email(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, _VERIFIED_CACHE, None)
    if cached is None:
        from allauth.account.models import EmailAddress

        cached = EmailAddress.objects.filter(user_id=user.pk, verified=True).exists()
        setattr(user, _VERIFIED_CACHE, cached)
    return cached


def forum_readable_q(user, prefix: str = "") -> Q:
    """A Q over forums (or over any model through its forum relation `prefix`) that the user may read."""
    if access.is_secretariat(user):
        return _everything()
    group = _field(prefix, "group")
    return Q(**{f"{group}__isnull": True}) | (
        Q(**{f"{group}__live": True}) & access.group_readable_q(user, group)
    )


def forum_postable_q(user, prefix: str = "") -> Q:
    """A Q over forums the user may start threads and post in (ignoring thread states such as locked)."""
    if access.is_secretariat(user):
        return _everything()
    group = _field(prefix, "group")
    q = Q(**{f"{group}__live": True}) & access.group_postable_q(user, group)
    if has_verified_email(user):
        q |= Q(**{f"{group}__isnull": True})
    return q


def forum_moderated_q(user, prefix: str = "") -> Q:
    """A Q over forums the user moderates: the forums of groups they chair (the secretariat: all)."""
    if access.is_secretariat(user):
        return _everything()
    return Q(**{_field(prefix, "group__pk__in"): access.chaired_group_ids(user)})


@dataclass(frozen=True)
class ForumAccess:
    """What one user may do in one forum."""

    read: bool
    post: bool
    moderate: bool


def forum_access(user, forum: Forum) -> ForumAccess:
    if access.is_secretariat(user):
        return ForumAccess(read=True, post=True, moderate=True)
    if forum.group_id is None:
        return ForumAccess(read=True, post=has_verified_email(user), moderate=False)
    group = forum.group
    if not group.live:
        return ForumAccess(read=False, post=False, moderate=False)
    group_access = access.group_access(user, group)
    return ForumAccess(read=group_access.read, post=group_access.post, moderate=group_access.moderate)


def require_readable_forum(user, forum: Forum) -> ForumAccess:
    """The user's access to a forum they may read; 404 for anyone else, so its existence does not leak."""
    forum_access_ = forum_access(user, forum)
    if not forum_access_.read:
        raise Http404
    return forum_access_


def can_moderate_thread(user, thread: Thread) -> bool:
    return forum_access(user, thread.forum).moderate


def can_post_in_thread(user, thread: Thread) -> bool:
    return thread_posting_refusal(user, thread) is None


def thread_posting_refusal(user, thread: Thread, decided: ForumAccess | None = None) -> str | None:
    """Why the user may not reply in this thread, as a message for them; None when they may. `decided`: the
    user's forum_access to the thread's forum, when the caller has decided it already."""
    from django.utils.translation import gettext as _

    if user is None or not user.is_authenticated:
        return _("Please sign in to take part.")
    forum_access_ = decided or forum_access(user, thread.forum)
    if not forum_access_.read:
        return _("You cannot take part in this discussion.")
    if thread.closed:
        return _("This thread is closed: no new posts can be added.")
    if thread.locked and not forum_access_.moderate:
        return _("This thread is locked by a moderator: only moderators can post in it now.")
    if not forum_access_.post:
        if thread.forum.group_id is None:
            return _("Please confirm your e-mail address before you post.")
        return _("Only members of this working group can post here.")
    return None
