"""Calendar feeds (text/calendar) and the member's own calendar page.

Each feed view picks its events through events.feeds, answers a conditional request with 304 before
building anything, and otherwise builds the calendar with events.ical. Anything the visitor may not see,
and any unknown or revoked personal key, answers 404.
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from wagtail.models import Site

from cms.links import absolute_url
from events import calendar_links, feeds
from events.access import JoinDetails, effective_join_details
from events.ical import Attendance, FeedInfo, build_feed, page_urls
from events.models import CalendarFeedKey, EventPage
from events.registrations import is_registered
from events.selectors import event_index_for
from events.services.feed_keys import feed_key_get_or_create, feed_key_reset

CONTENT_TYPE = "text/calendar; charset=utf-8"
# How long shared caches may keep a public feed; calendar clients poll far less often (REFRESH-INTERVAL).
PUBLIC_MAX_AGE = 15 * 60
# A personal key's "last used" time is written at most this often.
KEY_USE_RESOLUTION = timedelta(hours=1)


def _page_urls(events: list[EventPage]) -> dict[int, str]:
    """The pages' full addresses, on the site's public address (cms.links); no query per event."""
    return page_urls(events)


def _feed_response(
    request: HttpRequest,
    *,
    events,
    info: FeedInfo,
    filename: str,
    attendance: Callable[[list[EventPage]], dict[int, str]] | None = None,
    join_details: Callable[[list[EventPage]], dict[int, JoinDetails]] | None = None,
    extra_state: tuple = (),
    last_change=None,
    private: bool = False,
    cacheable: bool = True,
) -> HttpResponse:
    """A conditional request answers 304 before anything is built; otherwise the feed comes from the cache
    (keyed by its address, language and ETag: events.feeds.feed_cache_key) or is built and cached.
    `cacheable` is False where the text could depend on the visitor's session rather than on the address."""
    # The feed's name and address are part of its text (renaming a group or a theme changes the ETag too),
    # and so are the sites' addresses, which the events' page addresses are built from.
    sites = tuple(tuple(root) for root in Site.get_site_root_paths())
    state = feeds.feed_state(
        events, feed_key=f"{info.key}\n{info.name}\n{info.url}\n{sites}", extra=extra_state
    )
    last_modified = feeds.feed_last_modified(request, state, last_change)
    timestamp = int(last_modified.timestamp())
    response = get_conditional_response(request, etag=state.etag, last_modified=timestamp)
    if response is None:
        cache_key = feeds.feed_cache_key(request, state) if cacheable else None
        body = feeds.cached_feed_body(cache_key) if cache_key else None
        if body is None:
            selected = list(events)
            body = build_feed(
                info,
                selected,
                page_urls=_page_urls(selected),
                attendance=attendance(selected) if attendance else None,
                join_details=join_details(selected) if join_details else None,
            )
            if cache_key:
                feeds.cache_feed_body(cache_key, body)
        # HEAD gets the same headers as GET, Content-Length included (RFC 9110 §9.3.2); the server sends
        # no body.
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        response["Content-Length"] = str(len(body))
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = state.etag
    response["Last-Modified"] = http_date(timestamp)
    if private:
        patch_cache_control(response, private=True, no_cache=True)
        response["X-Robots-Tag"] = "noindex"
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Accept-Language"])
    return response


def feed_language(request: HttpRequest) -> str:
    """The content language of a public feed: `?lang=nl` (calendar clients send no language cookie), else
    the site's default language."""
    language = request.GET.get("lang", "")
    codes = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


@require_safe
def public_feed(request: HttpRequest) -> HttpResponse:
    """The whole public calendar, or — with the listing's filter parameters — the filtered part of it."""
    params = feeds.filter_params(request.GET)
    language = feed_language(request)
    if not params:
        key = "public" if language == settings.LANGUAGE_CODE else f"public-{language}"
        info = FeedInfo(key=key, name=calendar_links.public_calendar_title(), url=_index_url(request))
        events = feeds.public_events(language=language)
        return _feed_response(request, events=events, info=info, filename="events.ics")
    # The group facet offers the groups the visitor may see, so a filtered feed's name may depend on who asks.
    filterset = feeds.filtered_public_events(request.GET, request=request)
    if not filterset.is_valid():
        return _bad_filters(filterset)
    summary = feeds.filter_summary(filterset)
    title = calendar_links.public_calendar_title()
    info = FeedInfo(
        key="public?" + "&".join(f"{key}={','.join(values)}" for key, values in sorted(params.items())),
        name=f"{title}: {summary}" if summary else title,
        url=_index_url(request),
    )
    return _feed_response(
        request,
        events=filterset.qs,
        info=info,
        filename="events.ics",
        cacheable=not request.user.is_authenticated,
    )


def _bad_filters(filterset) -> HttpResponse:
    """400 with what was refused, in words ("Until (date_to): Enter a date between …")."""
    lines = [_("This calendar address has filter values that cannot be used:")]
    for name, errors in filterset.form.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        lines.extend(f"{label} ({name}): {error}" for error in errors)
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _index_url(request: HttpRequest) -> str:
    site = Site.find_for_request(request)
    index = event_index_for(site.root_page) if site else None
    return absolute_url(index.get_url(request)) if index else ""


@require_safe
def group_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The public events of a working group anonymous visitors may see; 404 for a private group."""
    group = feeds.public_group(slug)
    if group is None:
        raise Http404
    info = FeedInfo(
        # The calendar's UID never changes (no publish time in it); its name and address may.
        key=f"group-{group.pk}",
        name=calendar_links.group_calendar_title(group),
        url=absolute_url(group.get_url(request)),
    )
    return _feed_response(request, events=feeds.group_events(group), info=info, filename=f"{group.slug}.ics")


@require_safe
def event_feed(request: HttpRequest, pk: int) -> HttpResponse:
    """One event as a subscribable feed (no join details: the address may be shared)."""
    event = feeds.event_for(request.user, pk)
    if event is None:
        raise Http404
    info = FeedInfo(key=f"event-{event.pk}", name=event.title, url=absolute_url(event.get_url(request)))
    events = EventPage.objects.filter(pk=event.pk).only(*feeds.PUBLIC_FEED_FIELDS)
    return _feed_response(
        request,
        events=events,
        info=info,
        filename=f"{slugify(event.title) or 'event'}.ics",
        private=request.user.is_authenticated,
        # Who may fetch it depends on the session (a members-only event): calendar clients come without one.
        cacheable=not request.user.is_authenticated,
    )


@require_safe
def event_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The visitor's own .ics copy of one event: with the join link and passcode if they hold a place."""
    event = feeds.event_for(request.user, pk)
    if event is None:
        raise Http404
    registered = event.is_online and is_registered(request.user, event)
    page_url = absolute_url(event.get_url(request))
    body = build_feed(
        FeedInfo(key=f"event-{event.pk}", name=event.title, url=page_url),
        [event],
        page_urls={event.pk: page_url},
        attendance={event.pk: Attendance.REGISTERED if registered else Attendance.PUBLIC},
        join_details={event.pk: effective_join_details(event)} if registered else None,
    )
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(event.title) or "event"}.ics"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def personal_feed(request: HttpRequest, key: str) -> HttpResponse:
    """The owner's registered events and their groups' events, addressed by a secret key."""
    feed_key = feeds.feed_key_owner(key)
    if feed_key is None:
        raise Http404
    now = timezone.now()
    CalendarFeedKey.objects.filter(pk=feed_key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - KEY_USE_RESOLUTION)
    ).update(last_used_at=now)
    user = feed_key.user
    selection = feeds.personal_events(user, now)
    info = FeedInfo(
        key=f"personal-{user.pk}",
        name=_("%(site)s: my calendar") % {"site": calendar_links.site_name()},
        url=absolute_url(reverse("events:my_calendar")),
    )
    return _feed_response(
        request,
        events=selection.events,
        info=info,
        filename="my-calendar.ics",
        attendance=selection.attendance_for,
        join_details=selection.join_details_for,
        extra_state=selection.state,
        last_change=selection.last_change,
        private=True,
    )


def personal_feed_url(request: HttpRequest, feed_key: CalendarFeedKey) -> str:
    return absolute_url(reverse("events:personal_feed", args=[feed_key.key]))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The address of the member's personal feed, and a button that replaces it with a new one."""
    if request.method == "POST":
        feed_key_reset(request.user)
        messages.success(
            request,
            _(
                "Your calendar has a new address. The old one no longer works: subscribe again with the "
                "new one in your calendar applications."
            ),
        )
        return redirect("events:my_calendar")
    feed_key = feed_key_get_or_create(request.user)
    url = personal_feed_url(request, feed_key)
    response = render(
        request,
        "events/my_calendar.html",
        {
            "feed_url": url,
            "webcal_url": calendar_links.webcal_url(url),
            "feed_key": feed_key,
            "public_feed_url": absolute_url(reverse("events:public_feed")),
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
