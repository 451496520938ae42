"""After an event is published: tell registered people once when it was cancelled, and fill the places a
larger capacity freed from the waiting list (events.services.registrations.event_published)."""

from django.dispatch import receiver

from wagtail.signals import page_published

from events.models import EventPage


@receiver(page_published, sender=EventPage, dispatch_uid="events_registrations_after_publish")
def registrations_after_publish(sender, instance, **kwargs) -> None:
    from events.services.registrations import event_published

    event_published(instance)
