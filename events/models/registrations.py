"""Who comes: registrations (confirmed or on the waiting list), the questions asked when registering, and the
secret key of each person's calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from events.choices import RegistrationStatus


class RegistrationQuestion(Orderable):
    """An optional question people answer when they register (dietary needs, the party they represent, …)."""

    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="registration_questions")
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=255, blank=True)
    required = models.BooleanField(_("required"), default=False)

    panels = [FieldPanel("label"), FieldPanel("help_text"), FieldPanel("required")]

    class Meta(Orderable.Meta):
        verbose_name = _("registration question")

    def __str__(self) -> str:
        return self.label


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> "RegistrationQuerySet":
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self) -> "RegistrationQuerySet":
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waitlisted(self) -> "RegistrationQuerySet":
        """The waiting list in the order people joined it."""
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlisted_at", "pk")


class Registration(models.Model):
    """One person's place at one event. Cancelling keeps the row (so registering again reuses it)."""

    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    answers = models.JSONField(_("answers"), default=list, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # When the person was told the event is cancelled, so a second publish does not tell them again.
    cancellation_notified_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.event}"


def new_feed_key() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedKey(models.Model):
    """The secret in the address of a person's own calendar feed. Resetting it revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_key"
    )
    key = models.CharField(max_length=64, unique=True, default=new_feed_key)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed key")

    def __str__(self) -> str:
        return str(self.user)
