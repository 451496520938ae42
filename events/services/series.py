"""Duplicating an event for a series: the same event on a new date, as a draft, without registrations."""

from datetime import date, datetime, timedelta

from django.utils.text import slugify

from events.models import EventPage

#: What belongs to the past event only and is not copied: its slides and documents (a child relation), and,
#: set empty below, its recording and summary. Registrations are not part of the page and never copied.
EXCLUDED_FROM_COPY = ["documents"]


def next_in_series_date(event: EventPage) -> date:
    """The default date of the next event of a series: a week later, in the event's own time zone."""
    return (event.local_start + timedelta(weeks=1)).date()


def _free_slug(parent, base: str) -> str:
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def event_duplicate(*, event: EventPage, on: date, user) -> EventPage:
    """Copy `event` below the same parent to the day `on`, keeping its local start time, length, speakers and
    registration questions; the copy is a draft with no registrations, recording, summary or documents, and
    a fresh calendar sequence. The caller checks that `user` may add pages there."""
    local_start = event.local_start
    start = datetime.combine(on, local_start.time(), tzinfo=event.zone)
    shift = start - local_start
    parent = event.get_parent()
    deadline = event.registration_deadline + shift if event.registration_deadline else None
    copy = event.copy(
        to=parent,
        update_attrs={
            "slug": _free_slug(parent, slugify(f"{event.slug}-{on.isoformat()}")[:250]),
            "start": event.start + shift,
            "end": event.end + shift,
            "registration_deadline": deadline,
            "recording_url": "",
            "summary": [],
            "ical_sequence": 0,
        },
        exclude_fields=EXCLUDED_FROM_COPY,
        copy_revisions=False,
        keep_live=False,
        user=user,
    )
    return copy.specific
