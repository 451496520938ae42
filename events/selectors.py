"""Reads of the events app. Every list is filtered by the access policy (EventPage.objects.visible_to) and
costs a constant number of queries whatever the number of events."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from wagtail.models import Page

from events.filters import EventFilterSet
from events.models import EventIndexPage, EventPage
from working_groups.selectors import paginate, pagination_context

EVENTS_PER_PAGE = 20


def events_for_user(user) -> QuerySet[EventPage]:
    """Every event this user may see, without StreamField bodies, with the group fetched in the same query."""
    return EventPage.objects.visible_to(user).defer_streamfields().select_related("group")


def upcoming_events_for_user(
    user, *, now: datetime | None = None, limit: int | None = None
) -> list[EventPage]:
    """The events this user may see that have not ended yet, soonest first."""
    events = events_for_user(user).upcoming(now or timezone.now())
    if limit is not None:
        events = events[:limit]
    return list(events)


def event_index_for(ancestor: Page) -> EventIndexPage | None:
    """The first live, public event index below `ancestor` (the home page's "all events" link)."""
    return EventIndexPage.objects.live().public().descendant_of(ancestor).order_by("path").first()


def event_index_context(index_page: EventIndexPage, request) -> dict:
    """The upcoming events below the index that the visitor may see, filtered and paginated."""
    events = events_for_user(request.user).child_of(index_page).upcoming(timezone.now())
    filterset = EventFilterSet(request.GET, queryset=events, request=request)
    events = filterset.qs if filterset.is_valid() else events.none()
    page = paginate(request, events, EVENTS_PER_PAGE)
    return {"filterset": filterset, "events": page, **pagination_context(page, request)}


def event_page_context(page: EventPage, request) -> dict:
    return {}
