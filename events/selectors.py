"""Reads of the events app. Every list is filtered by the access policy (EventPage.objects.visible_to) and
costs a constant number of queries whatever the number of events."""

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Page

from cms.pagination import paginate, pagination_context
from cms.visibility import in_reader_language
from events import app_settings
from events.choices import EventKind, SpeakerRole
from events.filters import EventFilterSet, without_invalid_filters
from events.hooks import EVENT_PAGE_SECTIONS_HOOK
from events.live_links import with_live_links
from events.models import EventIndexPage, EventPage, EventSpeaker
from events.recordings import recording_for
from working_groups.models import MemberProfile, WorkingGroupPage

GROUP_UPCOMING_EVENTS = 5


@dataclass(frozen=True)
class ViewerTimes:
    """An event's start and end in the visitor's own time zone (when that shows a different clock)."""

    start: datetime
    end: datetime
    zone: str

    @property
    def same_day(self) -> bool:
        return self.start.date() == self.end.date()


def viewer_time_zone(request) -> str:
    """The time zone of the signed-in member's profile, or "" (visitors: the browser works it out)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    cached = getattr(request, "_events_viewer_time_zone", None)
    if cached is None:
        cached = (
            MemberProfile.objects.filter(user_id=user.pk).values_list("time_zone", flat=True).first() or ""
        )
        request._events_viewer_time_zone = cached
    return cached


def viewer_times(event: EventPage, zone_name: str) -> ViewerTimes | None:
    """The event's times in `zone_name`, or None when the visitor's clock reads the same as the event's."""
    if not zone_name or zone_name == event.time_zone:
        return None
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    start, end = event.start.astimezone(zone), event.end.astimezone(zone)
    if start.replace(tzinfo=None) == event.local_start.replace(tzinfo=None) and start.utcoffset() == (
        event.local_start.utcoffset()
    ):
        return None
    return ViewerTimes(start=start, end=end, zone=zone_name)


def with_viewer_times(events: Iterable[EventPage], request) -> list[EventPage]:
    """The events as a list, each with `viewer_times` for the signed-in member's own zone (or None) and
    `live_link` (events.live_links)."""
    zone_name = viewer_time_zone(request)
    events = list(events)
    for event in events:
        set_viewer_times(event, zone_name)
    # Every listing of events also says which are live now ("Live now — join the discussion").
    return with_live_links(events, getattr(request, "user", None))


def set_viewer_times(event: EventPage, zone_name: str) -> EventPage:
    """Give the event `viewer_zone` (the member's zone, "" when unknown) and `viewer_times` for templates."""
    event.viewer_zone = zone_name
    event.viewer_times = viewer_times(event, zone_name)
    return event


def events_for_user(user) -> QuerySet[EventPage]:
    """Every event this user may see, without StreamField bodies, with the group fetched in the same query.
    In the reader's language, falling back on the English page of an event nobody translated: `locale_code`
    says which language each page is in (a list marks the fallbacks)."""
    events = in_reader_language(EventPage.objects.visible_to(user))  # a translation is not a second event
    return (
        events.defer_streamfields().select_related("group").annotate(locale_code=F("locale__language_code"))
    )


def upcoming_events_for_user(
    user, *, now: datetime | None = None, limit: int | None = None
) -> list[EventPage]:
    """The events this user may see that have not ended yet, soonest first."""
    events = events_for_user(user).upcoming(now or timezone.now())
    if limit is not None:
        events = events[:limit]
    return list(events)


def _site_tree_q(site_root_path: str) -> Q:
    """Below the site's root page or any of its translations (the Dutch home page is a root of the same
    site, at the same depth): a Dutch list falls back on English events that have no Dutch translation. In
    the same query (a page whose path begins with a translation of the root)."""
    root_key = Page.objects.filter(path=site_root_path).values("translation_key")
    under_a_translation = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, len(site_root_path)), translation_key__in=root_key
    )
    return Q(path__startswith=site_root_path) | Q(Exists(under_a_translation))


def listed_events_for_user(user, site_root_path: str) -> QuerySet[EventPage]:
    """The events of one site a calendar lists: conferences and standalone events wherever they live (under
    the index, a group's page, in either language's tree), but not the sessions of a conference (its own
    page lists them)."""
    return (
        events_for_user(user)
        .filter(_site_tree_q(site_root_path))
        .exclude(kind=EventKind.SESSION)
        .prefetch_related("themes")
    )


def upcoming_group_events(group: WorkingGroupPage, request, *, limit: int = GROUP_UPCOMING_EVENTS) -> list:
    """The next events of one group that the visitor may see (members-only meetings for those who may read
    the group's content), sessions left to their conference. The same on the group's translation: an
    event's group is whichever language's page it was linked to."""
    events = (
        events_for_user(request.user)
        .filter(group__translation_key=group.translation_key)
        .exclude(kind=EventKind.SESSION)
        .upcoming(timezone.now())[:limit]
    )
    return with_viewer_times(events, request)


def event_index_for(ancestor: Page) -> EventIndexPage | None:
    """The first live, public event index below `ancestor` (the home page's "all events" link)."""
    return EventIndexPage.objects.live().public().descendant_of(ancestor).order_by("path").first()


def event_index_context(index_page: EventIndexPage, request) -> dict:
    """The site's events the visitor may see, upcoming (soonest first) or past (most recent first), filtered
    and paginated; filters with a refused value are left out (the form says which) rather than emptying the
    list. Also the calendar feeds matching the filters (events.calendar_links)."""
    from events.calendar_links import index_feed_context

    now = timezone.now()
    site_root_path = index_page.path[: -index_page.steplen]
    events = listed_events_for_user(request.user, site_root_path)
    filterset = EventFilterSet(request.GET, queryset=events, request=request, now=now)
    applied = (
        filterset if filterset.is_valid() else without_invalid_filters(filterset, request=request, now=now)
    )
    showing_past = applied.is_valid() and applied.form.cleaned_data.get("when") == "past"
    page = paginate(
        request, applied.qs if applied.is_valid() else events.none(), app_settings.events_per_page()
    )
    page.object_list = with_viewer_times(page.object_list, request)
    when_query = request.GET.copy()
    when_query.pop("page", None)
    when_query.pop("when", None)
    return {
        "filterset": filterset,
        "events": page,
        "showing_past": showing_past,
        "switch_query": when_query.urlencode(),
        **pagination_context(page, request),
        **index_feed_context(index_page, request),
    }


def event_speakers(page: EventPage) -> tuple[list[EventSpeaker], list[EventSpeaker]]:
    """(speakers, moderators) of an event, with party and photo, in the editor's order; one query."""
    parts = list(
        page.speakers.select_related("speaker__organisation", "speaker__photo").order_by("sort_order")
    )
    return (
        [part for part in parts if part.role == SpeakerRole.SPEAKER],
        [part for part in parts if part.role == SpeakerRole.MODERATOR],
    )


def conference_sessions(conference: EventPage, request) -> list[EventPage]:
    """The sessions below a conference that the visitor may see, in time order."""
    sessions = (
        events_for_user(request.user)
        .child_of(conference)
        .prefetch_related(
            Prefetch(
                "speakers", queryset=EventSpeaker.objects.select_related("speaker").order_by("sort_order")
            )
        )
        .order_by("start", "pk")
    )
    return with_viewer_times(sessions, request)


def parent_conference(page: EventPage, request) -> EventPage | None:
    """The conference a session belongs to, if the visitor may see it."""
    if page.kind != EventKind.SESSION:
        return None
    parent_path = page.path[: -page.steplen]
    return events_for_user(request.user).filter(path=parent_path, kind=EventKind.CONFERENCE).first()


def event_page_context(page: EventPage, request) -> dict:
    """What the event page shows besides registration (events.registrations) and calendar links
    (events.calendar_links): times in the visitor's zone, speakers, sessions or the conference, and what is
    left after the event. Never the join link or passcode."""
    speakers, moderators = event_speakers(page)
    set_viewer_times(page, viewer_time_zone(request))
    return {
        "speakers": speakers,
        "moderators": moderators,
        "themes": list(page.themes.order_by("name")),
        "sessions": conference_sessions(page, request) if page.kind == EventKind.CONFERENCE else [],
        "conference": parent_conference(page, request),
        "recording": recording_for(page.recording_url),
        "documents": list(page.documents.select_related("document").order_by("sort_order")),
        "is_past": page.end < timezone.now(),
        "extra_sections": event_page_sections(page, request),
    }


def event_page_sections(page: EventPage, request) -> list[str]:
    """HTML sections other apps add to an event page (e.g. the session's live room), in hook order. Each
    app decides by the access policy what the visitor may see."""
    return [html for fn in hooks.get_hooks(EVENT_PAGE_SECTIONS_HOOK) if (html := fn(request, page))]
