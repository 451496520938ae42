"""Demo data for moderation and following: an open flag in the forum chair@example.org moderates (so the flag
queue has work), and the daily digest chosen by member@example.org. Idempotent."""

from django.contrib.auth import get_user_model

from forums.choices import FlagReason
from forums.models import Flag, Forum, NotificationSettings, Post
from forums.services import moderation
from forums.services.errors import ForumError
from working_groups.demo.accounts import DEMO_CHAIR_EMAIL, DEMO_MEMBER_EMAIL

FLAG_DETAILS = "This names the supplier's auditor, which we agreed not to do in the forum."


def seed(context) -> None:
    users = {
        user.email: user
        for user in get_user_model().objects.filter(email__in=[DEMO_CHAIR_EMAIL, DEMO_MEMBER_EMAIL])
    }
    chair, member = users.get(DEMO_CHAIR_EMAIL), users.get(DEMO_MEMBER_EMAIL)
    if chair is None or member is None:
        return
    NotificationSettings.objects.get_or_create(user=member, defaults={"daily_digest": True})
    if Flag.objects.filter(reporter=member, details=FLAG_DETAILS).exists():
        return
    moderated = Forum.objects.moderated_by(chair).exclude(group__isnull=True)
    post = (
        Post.objects.filter(
            thread__forum__in=moderated, deleted_at__isnull=True, hidden=False, sequence__gt=1
        )
        .exclude(author__in=[member, chair])
        .select_related("thread__forum__group")
        .order_by("thread__forum__sort_order", "thread_id", "sequence")
        .first()
    )
    if post is None:
        return
    try:
        moderation.flag_create(
            reporter=member, post=post, reason=FlagReason.CONFIDENTIAL, details=FLAG_DETAILS
        )
    except ForumError:
        return
    context.stdout.write(f"  an open flag for {DEMO_CHAIR_EMAIL} at /forums/moderation/flags/")
