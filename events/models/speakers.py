"""Speakers and moderators: people the secretariat presents on event pages, reusable across events."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable
from wagtail.search import index

from events.choices import SpeakerRole
from working_groups.choices import Gender

#: The member profile's answers (same stored values, so the insights count both alike), worded for a record
#: the secretariat keeps about someone else.
SPEAKER_GENDER_CHOICES = [
    (Gender.WOMAN, _("Woman")),
    (Gender.MAN, _("Man")),
    (Gender.NON_BINARY, _("Non-binary")),
    (Gender.SELF_DESCRIBED, _("Describes themselves another way")),
    (Gender.PREFER_NOT_TO_SAY, _("Prefers not to say")),
]


class Speaker(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True, help_text=_("Job title or function."))
    organisation = models.ForeignKey(
        "working_groups.Organisation",
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speakers",
        help_text=_("The covenant party the speaker works for, if any."),
    )
    organisation_name = models.CharField(
        _("other organisation"),
        max_length=200,
        blank=True,
        help_text=_("When the speaker is not from a party."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("biography"), blank=True, max_length=1500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profiles",
        help_text=_("Links the speaker to a site account, so they can moderate their sessions."),
    )
    gender = models.CharField(
        _("gender"),
        max_length=20,
        choices=SPEAKER_GENDER_CHOICES,
        blank=True,
        help_text=_(
            "Optional, for speakers without a site account, and only as the speaker told you, with their "
            "agreement that it is counted in the panel balance and anonymous statistics. Never shown "
            "publicly. A speaker with an account answers in their own profile, and only that answer counts."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("organisation_name")]),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("user"),
        FieldPanel("gender"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("role")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.user_id and self.gender:
            raise ValidationError(
                {
                    "gender": _(
                        "This speaker has a site account: their own answer in their profile counts. Leave "
                        "this empty."
                    )
                }
            )

    @property
    def affiliation(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name


class EventSpeaker(Orderable):
    """A speaker's part in one event."""

    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="speakers")
    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        _("part"), max_length=16, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER
    )

    panels = [FieldRowPanel([FieldPanel("speaker"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("speaker or moderator")
        constraints = [
            models.UniqueConstraint(fields=["page", "speaker", "role"], name="event_speaker_once_per_part")
        ]


class EventDocument(Orderable):
    """Slides and documents shared after (or before) the event, public with the event."""

    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Leave empty for its own title.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("slides or document")

    @property
    def display_title(self) -> str:
        return self.title or self.document.title
