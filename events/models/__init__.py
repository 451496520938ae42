# default_time_zone and validate_time_zone are named by migrations.
from events.models.pages import (
    EventIndexPage,
    EventPage,
    EventPageQuerySet,
    default_time_zone,
    validate_time_zone,
)
from events.models.registrations import CalendarFeedKey, Registration, RegistrationQuestion
from events.models.speakers import EventDocument, EventSpeaker, Speaker

__all__ = [
    "CalendarFeedKey",
    "EventDocument",
    "EventIndexPage",
    "EventPage",
    "EventPageQuerySet",
    "EventSpeaker",
    "Registration",
    "RegistrationQuestion",
    "Speaker",
    "default_time_zone",
    "validate_time_zone",
]
