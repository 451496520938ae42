"""Reactions: a small fixed set, one of each kind per person and post, toggled on and off."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from forums import access, hooks
from forums.choices import ReactionKind
from forums.models import Post, Reaction
from forums.models.posts import post_change_record
from forums.services.checks import require_signed_in
from forums.services.errors import InvalidPost, NotAllowed


def reaction_toggle(*, user, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if the person already gave it. Returns True when it was added."""
    require_signed_in(user)
    if kind not in ReactionKind.values:
        raise InvalidPost(_("Unknown reaction."))
    refusal = access.thread_posting_refusal(user, post.thread)
    if refusal:
        raise NotAllowed(refusal)
    if post.is_deleted or post.hidden:
        raise NotAllowed(_("You cannot react to this post."))
    if post.author_id == user.pk:
        raise NotAllowed(_("You cannot react to your own post."))
    with transaction.atomic():
        removed, _details = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
        if removed:
            post_change_record(thread_id=post.thread_id, post_id=post.pk)
    if removed:
        hooks.announce(
            hooks.REACTION_REMOVED_HOOK,
            hooks.ReactionRemoved(post_id=post.pk, thread_id=post.thread_id, user_id=user.pk, kind=kind),
        )
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
            post_change_record(thread_id=post.thread_id, post_id=post.pk)
    except IntegrityError:
        return True
    hooks.announce(
        hooks.REACTION_ADDED_HOOK,
        hooks.ReactionAdded(post_id=post.pk, thread_id=post.thread_id, user_id=user.pk, kind=kind),
    )
    return True
