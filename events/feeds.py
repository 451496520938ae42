"""What each calendar feed holds (selectors), and the one aggregate that tells whether a feed changed.

Every feed costs a constant number of queries whatever its size: the events come in one query (StreamFields
deferred, nothing fetched per event), the personal feed's registrations in one more, and the conditional
request state (ETag / Last-Modified) in one query over the same rows, whose ETag also keys the cached copy
of the built feed. Public feeds hold only what an
anonymous visitor may see (EventPage.objects.visible_to(None)), never with join details; the personal feed
holds what its owner may see, with join details only for events they hold a confirmed place at.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.http import urlencode

import django_filters

from cms.conditional import version_last_modified
from cms.emails import absolute_url
from cms.links import base_url
from cms.visibility import in_reader_language
from events import app_settings
from events.access import JoinDetails, join_details
from events.choices import EventAudience, EventKind, RegistrationStatus
from events.filters import EventFilterSet
from events.ical import Attendance, uid_domain
from events.live_links import discussion_urls
from events.models import CalendarFeedKey, EventPage, Registration
from working_groups import access
from working_groups.models import WorkingGroupPage

# Filters of the listing that a feed does not apply (the listing's upcoming / past switch).
FEED_IGNORED_FILTERS = ("when",)
# Bump when the feed's text changes shape, so cached copies (ETags) are not reused across a deploy.
FEED_FORMAT = "1"
# Fields of EventPage that the VEVENT builder reads; the rest (StreamFields, admin fields) stay behind.
FEED_FIELDS = (
    "id",
    "title",
    "url_path",
    "kind",
    "introduction",
    "start",
    "end",
    "time_zone",
    "attendance",
    "venue",
    "room",
    "join_url",
    "join_passcode",
    "audience",
    "status",
    "status_notice",
    "ical_sequence",
    "first_published_at",
    "last_published_at",
)
# Public feeds do not even load the join details.
PUBLIC_FEED_FIELDS = tuple(name for name in FEED_FIELDS if name not in ("join_url", "join_passcode"))


@dataclass
class FeedSelection:
    """The events of a personal feed and how its reader takes part in each."""

    events: QuerySet[EventPage]
    # event pk -> Attendance, for the events the reader registered for
    registered: dict[int, str] = field(default_factory=dict)
    # conference path -> (Attendance, the conference with its join details), for its sessions
    conferences: dict[str, tuple[str, EventPage]] = field(default_factory=dict)
    # what changes the feed's text without touching an event (the reader's registrations), for the ETag
    state: tuple = ()
    last_change: datetime | None = None
    # event pk -> absolute address of its live discussion (events.live_links), for registered events
    discussion_urls: dict[int, str] = field(default_factory=dict)

    def _conference_of(self, event: EventPage) -> tuple[str, EventPage] | None:
        if event.kind != EventKind.SESSION:
            return None
        return self.conferences.get(event.path[: -EventPage.steplen])

    def attendance_for(self, events: list[EventPage]) -> dict[int, str]:
        """pk -> Attendance for `events` (PUBLIC when absent). A session takes its conference's."""
        attendance = dict(self.registered)
        for event in events:
            conference = self._conference_of(event)
            if conference and event.pk not in attendance:
                attendance[event.pk] = conference[0]
        return attendance

    def join_details_for(self, events: list[EventPage]) -> dict[int, JoinDetails]:
        """pk -> join details for the `events` the reader holds a confirmed place at (a session: at its
        conference), by events.access.join_details: a session without a link takes its conference's."""
        attendance = self.attendance_for(events)
        found = {}
        for event in events:
            if attendance.get(event.pk) != Attendance.REGISTERED:
                continue
            conference = self._conference_of(event)
            details = join_details(event, conference[1] if conference else None)
            discussion = self.discussion_urls.get(event.pk, "")
            if discussion:
                details = replace(details, discussion_url=discussion)
            if details or discussion:
                found[event.pk] = details
        return found


@dataclass(frozen=True)
class FeedState:
    etag: str
    last_modified: datetime | None


def feed_window_start(now: datetime | None = None) -> datetime:
    """Feeds reach back feed_past_days(); everything ahead is included."""
    return (now or timezone.now()) - timedelta(days=app_settings.feed_past_days())


def _in_window(
    events: QuerySet[EventPage], now: datetime | None = None, fields: tuple[str, ...] = FEED_FIELDS
) -> QuerySet[EventPage]:
    return events.filter(end__gte=feed_window_start(now)).only(*fields).order_by("start", "pk")


def public_events(now: datetime | None = None, language: str | None = None) -> QuerySet[EventPage]:
    """The whole public calendar: what an anonymous visitor may see, less members-only events (which an open
    group's page shows to anyone, but which are not announced to the world). In one content language
    (default: the site's): the events of that locale and the untranslated originals, each event once."""
    events = EventPage.objects.visible_to(None).exclude(audience=EventAudience.MEMBERS)
    events = in_reader_language(events, language or settings.LANGUAGE_CODE)
    return _in_window(events, now, PUBLIC_FEED_FIELDS)


class FeedFilterSet(EventFilterSet):
    """The listing's filters (whatever EventFilterSet accepts) over a feed. The feed keeps its own window
    (feed_past_days back, everything ahead) instead of the listing's upcoming / past split, so an event
    does not vanish from subscribed calendars the moment it ends."""

    def filter_queryset(self, queryset):
        return django_filters.FilterSet.filter_queryset(self, queryset).order_by("start", "pk")


def filtered_public_events(params, request=None, now: datetime | None = None) -> FeedFilterSet:
    """The public calendar narrowed by the listing's filters. The filterset's `qs` is only ever a subset of
    the public events; check `is_valid()` before using it."""
    return FeedFilterSet(params, queryset=public_events(now), request=request)


def filter_params(params) -> dict[str, list[str]]:
    """The query parameters the listing's filters read (with django-filter's range suffixes), non-empty only:
    what a filtered feed's address carries over from the listing's address. The listing's upcoming / past
    switch is left out: a feed has its own window."""
    names = tuple(name for name in EventFilterSet.base_filters if name not in FEED_IGNORED_FILTERS)
    kept = {}
    for key in params:
        if any(key == name or key.startswith(f"{name}_") for name in names):
            values = [value for value in params.getlist(key) if value]
            if values:
                kept[key] = values
    return kept


def filter_summary(filterset: EventFilterSet) -> str:
    """The chosen filter values in words ("Webinar · English"), for a filtered feed's name. No query: model
    choices are named by the instances the form already fetched."""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if name in FEED_IGNORED_FILTERS or value is None or value in ("", [], ()):
            continue
        form_field = filterset.form.fields[name]
        for item in value if isinstance(value, list | tuple | QuerySet) else [value]:
            if isinstance(item, Model):
                parts.append(str(item))
            elif isinstance(form_field, forms.ChoiceField):
                parts.append(str(dict(form_field.choices).get(item, item)))
            else:
                parts.append(str(item))
    return " · ".join(parts)


def public_group(slug: str) -> WorkingGroupPage | None:
    """A working group anonymous visitors may see (open or closed); None for a private or unknown one."""
    return (
        WorkingGroupPage.objects.live()
        .public()
        .visible_to(None)
        .filter(slug=slug)
        .only("id", "title", "slug", "url_path", "visibility", "last_published_at")
        .order_by("path")
        .first()
    )


def group_events(group: WorkingGroupPage, now: datetime | None = None) -> QuerySet[EventPage]:
    """The public events of a group: members-only meetings never appear here."""
    return public_events(now).filter(group=group)


def event_for(user, pk: int) -> EventPage | None:
    """One event the user may see (for its own feed and its .ics download), or None (also for an id no
    event can have)."""
    if not is_possible_id(pk):
        return None
    return EventPage.objects.visible_to(user).only(*FEED_FIELDS).filter(pk=pk).first()


FEED_KEY_SELECTOR_LENGTH = 8
FEED_KEY_MIN_LENGTH = 43  # secrets.token_urlsafe(32): 256 random bits


def feed_key_owner(key: str) -> CalendarFeedKey | None:
    """The live key with this value and its (active) owner; None for an unknown or revoked key.

    The database is asked only for keys sharing the first characters (a selector, not the secret); the whole
    key is then compared in constant time, so response times tell an attacker at most those first 48 bits
    of a 256-bit key, never how much of the rest they guessed right.
    """
    if not key or len(key) < FEED_KEY_MIN_LENGTH:
        return None
    candidates = CalendarFeedKey.objects.select_related("user").filter(
        key__startswith=key[:FEED_KEY_SELECTOR_LENGTH], user__is_active=True
    )
    found = None
    for candidate in candidates:
        if hmac.compare_digest(candidate.key.encode(), key.encode()):
            found = candidate
    return found


def personal_events(user, now: datetime | None = None) -> FeedSelection:
    """The user's own calendar: events they registered for (confirmed, or waitlisted: TENTATIVE), the
    sessions of conferences they registered for, and the events of their working groups — only what they
    may still see. Join details go only with a confirmed place (at the event or at its conference)."""
    registrations = list(
        Registration.objects.filter(
            user=user, status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
        )
        .select_related("event")
        .only(
            "event_id",
            "status",
            "updated_at",
            "event__path",
            "event__kind",
            "event__attendance",
            "event__join_url",
            "event__join_passcode",
        )
        .order_by("event_id")
    )
    registered: dict[int, str] = {}
    conferences: dict[str, tuple[str, EventPage]] = {}
    for registration in registrations:
        confirmed = registration.status == RegistrationStatus.CONFIRMED
        state = Attendance.REGISTERED if confirmed else Attendance.WAITLISTED
        registered[registration.event_id] = state
        if registration.event.kind == EventKind.CONFERENCE:
            conferences[registration.event.path] = (state, registration.event)
    wanted = Q(pk__in=list(registered)) | Q(group_id__in=list(access.user_group_roles(user)))
    for path in conferences:
        wanted |= Q(path__startswith=path, kind=EventKind.SESSION)
    events = _in_window(EventPage.objects.visible_to(user).filter(wanted), now).only(*FEED_FIELDS, "path")
    # The live rooms of the events (and conferences' sessions) with a place: part of the ETag, as their
    # addresses are written into those events.
    rooms = {
        pk: absolute_url(url)
        for pk, url in discussion_urls(
            row.event for row in registrations if row.status == RegistrationStatus.CONFIRMED
        ).items()
    }
    return FeedSelection(
        events=events,
        registered=registered,
        conferences=conferences,
        state=tuple((row.event_id, row.status, row.updated_at.isoformat()) for row in registrations)
        + tuple(sorted(rooms.items())),
        last_change=max((row.updated_at for row in registrations), default=None),
        discussion_urls=rooms,
    )


def feed_state(events: QuerySet[EventPage], *, feed_key: str, extra: tuple = ()) -> FeedState:
    """The ETag and Last-Modified of a feed, from one query over its events. The ETag covers every input of
    the feed's text: which events (their ids, not a count and a sum that two changes could cancel out, such
    as one group going private while another opens), each event's last publication (Wagtail changes a live
    page's fields only by publishing it: an edit, a cancellation, a switch to members-only), its SEQUENCE
    and its address (url_path changes when a parent is renamed or the page is moved, neither of which
    re-publishes the event); and the language, the feed's identity and `extra` (e.g. the reader's
    registrations). It is weak because DTSTAMP differs on every build. Built feeds are cached under it
    (cached_feed_body), so a gap here would serve stale text, not only answer 304."""
    rows = events.order_by("pk").values_list("pk", "ical_sequence", "last_published_at", "url_path")
    digest = hashlib.sha256()
    last_published = None
    for pk, sequence, published, url_path in rows:
        stamp = published.isoformat() if published else ""
        digest.update(f"{pk}\t{sequence}\t{stamp}\t{url_path}\n".encode())
        if published and (last_published is None or published > last_published):
            last_published = published
    fingerprint = repr(
        (
            FEED_FORMAT,
            feed_key,
            uid_domain(),
            base_url(),
            translation.get_language(),
            app_settings.feed_refresh_hours(),
            digest.hexdigest(),
            extra,
        )
    )
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return FeedState(etag=f'W/"{etag}"', last_modified=last_published)


def canonical_query(request: HttpRequest) -> str:
    """The query string as far as a feed reads it: the listing's filter parameters (events.feeds.
    filter_params), sorted, each value once. Anything else (`?x=1`, `?utm_source=…`, a cache buster) is
    ignored, so it neither builds the feed again nor takes up another place in the cache."""
    params = filter_params(request.GET)
    return urlencode(sorted({(name, value) for name, values in params.items() for value in values}))


def feed_identity(request: HttpRequest) -> str:
    """What names a feed apart from its content: its address (scheme, host, path and canonical query) and
    the language. It holds a personal feed's secret key: hash it before it goes anywhere."""
    language = translation.get_language() or ""
    return "\n".join(
        (FEED_FORMAT, request.scheme, request.get_host(), request.path, canonical_query(request), language)
    )


def feed_cache_key(request: HttpRequest, state: FeedState) -> str:
    """Where a built feed is cached: its identity and its ETag, hashed, so that a personal feed's secret
    key never reaches the cache and a change to anything the ETag covers moves to a new key at once."""
    digest = hashlib.sha256(f"{feed_identity(request)}\n{state.etag}".encode()).hexdigest()
    return f"events:feed:{digest}"


def feed_last_modified(
    request: HttpRequest, state: FeedState, last_change: datetime | None = None
) -> datetime:
    """The feed's Last-Modified: when its current version (ETag) was first served, never before the newest
    change of its events or `last_change` (cms.conditional: it moves forward also when an event leaves)."""
    floor = max(filter(None, (state.last_modified, last_change)), default=None)
    return version_last_modified(feed_identity(request), state.etag, floor=floor)


# Ids above what the database's primary keys can hold name nothing: answered as unknown, never sent to the
# database (SQLite raises OverflowError on a 30-digit integer).
MAX_ID = connection.ops.integer_field_range("AutoField")[1] or 2**31 - 1


def is_possible_id(pk: int) -> bool:
    return 0 < pk <= MAX_ID


def cached_feed_body(key: str) -> bytes | None:
    """The feed built earlier under `key`, or None (not cached, caching off, or the cache unreachable:
    cms.cache_backend.ResilientRedisCache answers a miss)."""
    if app_settings.feed_cache_seconds() <= 0:
        return None
    body = cache.get(key)
    return body if isinstance(body, bytes) else None


def cache_feed_body(key: str, body: bytes) -> None:
    """Keep a built feed for feed_cache_seconds(), unless it is larger than feed_cache_max_bytes()."""
    timeout = app_settings.feed_cache_seconds()
    if timeout > 0 and len(body) <= app_settings.feed_cache_max_bytes():
        cache.set(key, body, timeout)
