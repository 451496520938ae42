"""The events' part of a person's data (registered on cms.privacy's hooks in wagtail_hooks.py):
their registrations with their answers, whether they have a calendar feed address (never its secret), and the
speaker entries linked to their account. Speaker entries the secretariat typed in without linking an account
are the secretariat's own record and are not touched."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.privacy import PersonalData
from events.models import CalendarFeedKey, Registration
from events.models.speakers import Speaker
from events.services.registrations import registration_promote_from_waitlist

#: What a speaker entry of a deleted account is called (stored text, shown in past programmes).
FORMER_SPEAKER_NAME = "Former speaker"


def events_personal_data(user) -> dict[str, Any]:
    registrations = (
        Registration.objects.filter(user=user).select_related("event").order_by("created_at", "pk")
    )
    feed_key = CalendarFeedKey.objects.filter(user=user).first()
    speakers = Speaker.objects.filter(user=user).select_related("organisation").order_by("pk")
    return {
        "event_registrations": [
            {
                "event": item.event.title,
                "event_start": item.event.start,
                "status": item.status,
                "answers": item.answers,
                "registered_at": item.created_at,
                "confirmed_at": item.confirmed_at,
                "waitlisted_at": item.waitlisted_at,
                "cancelled_at": item.cancelled_at,
                "attended": item.attended,
            }
            for item in registrations
        ],
        "calendar_feed": {
            "exists": feed_key is not None,
            "created_at": feed_key.created_at if feed_key else None,
            "last_used_at": feed_key.last_used_at if feed_key else None,
        },
        "speaker_entries": [
            {
                "name": item.name,
                "role": item.role,
                "party": item.organisation.name if item.organisation else item.organisation_name,
                "bio": item.bio,
            }
            for item in speakers
        ],
    }


class EventsPersonalData(PersonalData):
    title = _("Events")
    sections = {
        "event_registrations": _("Your event registrations, with your answers and whether you attended"),
        "calendar_feed": _("Whether you have a personal calendar feed address (never the address itself)"),
        "speaker_entries": _("The speaker entries linked to your account"),
    }
    erased = (_("Your event registrations and answers, and your personal calendar feed address."),)
    kept = (
        _(
            "If you spoke at an event, the programme keeps a speaker entry called “Former speaker”, without "
            "your name, role, biography or photo."
        ),
    )

    def export(self, user) -> dict[str, Any]:
        return events_personal_data(user)


def events_erase(user) -> None:
    """Registrations and the feed key go; a place the person held at an event still to come goes to the
    first person on its waiting list. A speaker entry linked to the account stays in the programmes it is
    part of, but without the person: its name becomes "Former speaker" and its role, biography and photo go
    (saving it updates the search index, so the name is no longer found)."""
    now = timezone.now()
    held = Registration.objects.filter(user=user, event__end__gt=now).active().select_related("event")
    events = [registration.event for registration in held]
    Registration.objects.filter(user=user).delete()
    CalendarFeedKey.objects.filter(user=user).delete()
    for event in events:
        registration_promote_from_waitlist(event, now)
    for speaker in Speaker.objects.filter(user=user):
        speaker.name = FORMER_SPEAKER_NAME
        speaker.role = speaker.bio = speaker.organisation_name = ""
        speaker.photo = speaker.user = None
        speaker.save()
