"""Registrations made on a translation of an event move to the original event in the default language, where
every registration of the event now lives (events.access.registration_target). When a person holds a
registration on both pages, the one that gives them the most is kept: confirmed over waiting over cancelled,
the earlier one when equal."""

from django.conf import settings
from django.db import migrations

RANK = {"confirmed": 0, "waitlisted": 1, "cancelled": 2}


def move_to_originals(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    EventPage = apps.get_model("events", "EventPage")
    default = settings.LANGUAGE_CODE
    moved = Registration.objects.exclude(event__locale__language_code=default).select_related("event")
    for registration in moved.order_by("pk"):
        original = (
            EventPage.objects.filter(
                translation_key=registration.event.translation_key, locale__language_code=default
            )
            .only("pk")
            .first()
        )
        if original is None:
            continue
        existing = Registration.objects.filter(event_id=original.pk, user_id=registration.user_id).first()
        if existing is not None:
            ours = (RANK.get(registration.status, 3), registration.created_at)
            theirs = (RANK.get(existing.status, 3), existing.created_at)
            if theirs <= ours:
                registration.delete()
                continue
            existing.delete()
        registration.event_id = original.pk
        registration.save(update_fields=["event"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_speaker_gender"),
        ("cms", "0005_content_locales"),
    ]

    operations = [migrations.RunPython(move_to_originals, migrations.RunPython.noop)]
