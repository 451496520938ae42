"""Live rooms: the thread of an event session, open for chat and questions around the session's time.

The room adds nothing to the conversation itself: messages are the thread's posts (numbered per thread), so
after the session the room's record is simply the thread. What the room keeps on its own is its timing, its
slow mode, who was removed from it, which posts are questions (with votes and the moderators' marks) and who
is connected now.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.live import app_settings


class LiveRoom(models.Model):
    """The live room of a session's discussion thread (`thread.event` is the session)."""

    thread = models.OneToOneField(
        "forums.Thread", verbose_name=_("thread"), on_delete=models.CASCADE, related_name="live_room"
    )
    opens_minutes_before = models.PositiveSmallIntegerField(
        _("opens (minutes before the start)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the site's default."),
    )
    closes_minutes_after = models.PositiveSmallIntegerField(
        _("closes (minutes after the end)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the site's default."),
    )
    slow_mode_seconds = models.PositiveSmallIntegerField(
        _("slow mode (seconds between messages)"), default=0, help_text=_("0 turns slow mode off.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    #: When the followers' summary of the session went out (forums.live.summaries): at most once.
    summary_sent_at = models.DateTimeField(_("summary sent"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("live room")
        verbose_name_plural = _("live rooms")

    def __str__(self) -> str:
        return str(self.thread)

    def clean(self) -> None:
        super().clean()
        if self.thread_id and self.thread.event_id is None:
            raise ValidationError(
                {"thread": _("Only the discussion thread of an event session can have a live room.")}
            )

    def opens_at(self, event) -> datetime:
        minutes = self.opens_minutes_before
        if minutes is None:
            minutes = app_settings.opens_minutes_before()
        return event.start - timedelta(minutes=minutes)

    def closes_at(self, event) -> datetime:
        minutes = self.closes_minutes_after
        if minutes is None:
            minutes = app_settings.closes_minutes_after()
        return event.end + timedelta(minutes=minutes)


class RoomRemoval(models.Model):
    """A person a moderator removed from a room: they cannot enter it again (the thread stays readable)."""

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="removals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("removed"), default=timezone.now)

    class Meta:
        verbose_name = _("removal from a live room")
        verbose_name_plural = _("removals from live rooms")
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="forums_room_removal_unique")]

    def __str__(self) -> str:
        return f"{self.user} / {self.room}"


class Question(models.Model):
    """A post asked as a question in a live room, with its up-votes and the moderators' marks."""

    post = models.OneToOneField(
        "forums.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="question"
    )
    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="questions")
    vote_count = models.PositiveIntegerField(_("votes"), default=0)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    highlighted = models.BooleanField(_("highlighted"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["room", "hidden", "vote_count"])]

    def __str__(self) -> str:
        return str(self.post)

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote on a question")
        verbose_name_plural = _("votes on questions")
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="forums_question_vote_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.question}"


class RoomPresence(models.Model):
    """One open connection of a signed-in person to a room. Rows of a crashed worker go stale: only rows
    seen within the presence timeout count (clients send a heartbeat)."""

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("presence in a live room")
        verbose_name_plural = _("presences in live rooms")

    def __str__(self) -> str:
        return f"{self.user} in {self.room}"
