"""Moderation and live-room removals in the secretariat's audit log (Wagtail's Site history).

The forums keep their own ModerationLogEntry rows (shown to a forum's moderators); each new row, from
whichever service wrote it, is mirrored into Wagtail's log by a post_save receiver, as are removals from and
readmissions to live rooms. Entries are logged on the post, thread, forum or live room concerned — models
the secretariat holds permissions for, so Site history shows them to the secretariat and not to chairs. Their
labels hold numbers only: no thread title, post text or reason, which may be a private group's content.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogFormatter, log

from forums.choices import ModerationAction
from forums.models import ModerationLogEntry
from forums.models.live import RoomRemoval

MODERATION_PREFIX = "roundtable.moderation."
LIVE_ACTIONS = {
    "roundtable.live.removed": _("Removed someone from a live room"),
    "roundtable.live.readmitted": _("Let someone back into a live room"),
}


def register_log_actions(actions) -> None:
    labels = {MODERATION_PREFIX + value: label for value, label in ModerationAction.choices}
    for action, label in {**labels, **LIVE_ACTIONS}.items():
        actions.register_action(action)(
            type("Formatter", (LogFormatter,), {"label": label, "message": label})
        )


@receiver(post_save, sender=ModerationLogEntry, dispatch_uid="roundtable_audit_moderation")
def moderation_logged(sender, instance, created, raw, **kwargs) -> None:
    if not created or raw:  # raw: loaded from a fixture, not something a moderator did
        return
    if instance.post_id:
        target, title = instance.post, f"Post {instance.post_id} in thread {instance.thread_id}"
    elif instance.thread_id:
        target, title = instance.thread, f"Thread {instance.thread_id}"
    elif instance.forum_id:
        target, title = instance.forum, f"Forum {instance.forum_id}"
    else:
        return
    log(
        target,
        MODERATION_PREFIX + instance.action,
        user=instance.actor,
        title=title,
        data={"forum_id": instance.forum_id, "thread_id": instance.thread_id, "post_id": instance.post_id},
    )


def _log_room(removal: RoomRemoval, action: str, actor) -> None:
    room = removal.room
    log(
        room,
        action,
        user=actor,
        title=f"Live room of thread {room.thread_id}",
        data={"thread_id": room.thread_id, "subject_id": removal.user_id},
    )


@receiver(post_save, sender=RoomRemoval, dispatch_uid="roundtable_audit_room_removal")
def room_removal_logged(sender, instance, created, raw, **kwargs) -> None:
    if created and not raw:
        _log_room(instance, "roundtable.live.removed", instance.removed_by)


@receiver(post_delete, sender=RoomRemoval, dispatch_uid="roundtable_audit_room_readmission")
def room_readmission_logged(sender, instance, origin=None, **kwargs) -> None:
    # A removal also goes when its room or its person is deleted (a cascade, whose origin is that room or
    # person): only a removal deleted for itself is a readmission.
    if isinstance(origin, RoomRemoval) or getattr(origin, "model", None) is RoomRemoval:
        _log_room(instance, "roundtable.live.readmitted", None)
