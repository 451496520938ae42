"""Live polls and action points of a session's room.

A poll is prepared by the room's moderators (in the room or in the admin), opened during the session and
closed for good: a closed poll never takes a vote again. Each person has one vote per poll (a database
constraint), holding one choice or, in a poll with several choices, several; they may change it while the
poll is open. An anonymous poll (and every poll of a Chatham House room) never tells anyone who voted what.

An action point turns something said in the room (a message, a question, a poll's result) into a follow-up
with an owner (a covenant party) and a due date; a person of that party can turn it into a commitment draft.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class PollState(models.TextChoices):
    DRAFT = "draft", _("Prepared")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Poll(ClusterableModel):
    room = models.ForeignKey(
        "forums.LiveRoom", verbose_name=_("live room"), on_delete=models.CASCADE, related_name="polls"
    )
    question = models.CharField(_("question"), max_length=300)
    multiple = models.BooleanField(
        _("several choices"), default=False, help_text=_("People may tick more than one choice.")
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "Nobody, not even the moderators, sees who voted for what. Always so in a Chatham House room."
        ),
    )
    hide_results = models.BooleanField(
        _("hide the results until the poll closes"),
        default=False,
        help_text=_(
            "Moderators see them all along; the others when the poll closes or a moderator shows them."
        ),
    )
    results_shown = models.BooleanField(_("results shown early"), default=False, editable=False)
    state = models.CharField(
        _("state"), max_length=8, choices=PollState.choices, default=PollState.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    panels = [
        FieldPanel("room"),
        FieldPanel("question"),
        InlinePanel("choices", label=_("Choices"), min_num=2, max_num=10),
        FieldPanel("multiple"),
        FieldPanel("anonymous"),
        FieldPanel("hide_results"),
    ]

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.question

    @property
    def is_draft(self) -> bool:
        return self.state == PollState.DRAFT

    @property
    def is_open(self) -> bool:
        return self.state == PollState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == PollState.CLOSED


class PollChoice(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(_("choice"), max_length=200)

    panels = [FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    """One person's vote in one poll (their choices are PollVoteChoice rows)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote in a poll")
        verbose_name_plural = _("votes in polls")
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="forums_poll_one_vote_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.poll}"


class PollVoteChoice(models.Model):
    vote = models.ForeignKey(PollVote, on_delete=models.CASCADE, related_name="choices")
    choice = models.ForeignKey(PollChoice, on_delete=models.CASCADE, related_name="vote_choices")

    class Meta:
        verbose_name = _("choice of a vote")
        verbose_name_plural = _("choices of votes")
        constraints = [
            models.UniqueConstraint(fields=["vote", "choice"], name="forums_poll_vote_choice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.vote} / {self.choice}"


class ActionPoint(models.Model):
    """A follow-up marked in a session's room: what, by which party, by when, and where it came from."""

    room = models.ForeignKey(
        "forums.LiveRoom", verbose_name=_("live room"), on_delete=models.CASCADE, related_name="action_points"
    )
    post = models.ForeignKey(
        "forums.Post",
        verbose_name=_("message or question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("details"), blank=True, max_length=2000)
    owner = models.ForeignKey(
        "working_groups.Organisation", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    commitment = models.ForeignKey(
        "commitments.Commitment",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The commitment draft a person of the owning party made of it."),
    )

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action point")
        verbose_name_plural = _("action points")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(post__isnull=False, poll__isnull=False),
                name="forums_action_point_one_source",
            )
        ]

    def __str__(self) -> str:
        return self.title
