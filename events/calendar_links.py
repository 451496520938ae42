"""Links from pages to people's calendars: "add to calendar" for Google Calendar and Outlook on the web, the
.ics download, and the feeds a page advertises (<link rel="alternate" type="text/calendar"> and webcal://
subscribe links). The join link goes into an add-to-calendar link only for someone registered for the event.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.links import absolute_url
from events import access as event_access
from events.choices import EventAudience
from events.feeds import filter_params
from events.ical import Attendance, event_description, event_location
from events.registrations import is_registered
from working_groups import access

if TYPE_CHECKING:
    from events.access import JoinDetails
    from events.models import EventIndexPage, EventPage
    from working_groups.models import WorkingGroupPage

GOOGLE_CALENDAR_URL = "https://calendar.google.com/calendar/render"
OUTLOOK_WEB_URL = "https://outlook.live.com/calendar/0/action/compose"


@dataclass(frozen=True)
class CalendarFeed:
    title: str
    url: str
    webcal_url: str


def webcal_url(url: str) -> str:
    """The webcal:// form of an http(s) address, which calendar applications open as a subscription."""
    _scheme, _sep, rest = url.partition("://")
    return f"webcal://{rest}"


def feed(request, title: str, path: str) -> dict:
    url = absolute_url(path)
    return asdict(CalendarFeed(title=title, url=url, webcal_url=webcal_url(url)))


def site_name() -> str:
    return getattr(settings, "WAGTAIL_SITE_NAME", "") or "Roundtable"


def public_calendar_title() -> str:
    return _("%(site)s events") % {"site": site_name()}


def group_calendar_title(group: WorkingGroupPage) -> str:
    return _("%(group)s: events") % {"group": group.title}


def group_is_public(group: WorkingGroupPage | None) -> bool:
    """Whether anonymous visitors may see the group (and so whether it has a public feed)."""
    return group is not None and access.decide(group.visibility, None, False).see


def event_is_public(event: EventPage) -> bool:
    """Whether the event is in public feeds (the visitor already sees the live page): no members-only
    audience, and no group or a group anonymous visitors may see."""
    if event.audience == EventAudience.MEMBERS:
        return False
    return event.group_id is None or group_is_public(event.group)


def _utc_stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _utc_iso(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def google_calendar_url(event: EventPage, *, page_url: str, join: JoinDetails | None) -> str:
    """`join`: the join details to write, only for someone holding a confirmed place."""
    attendance = Attendance.REGISTERED if join else Attendance.PUBLIC
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc_stamp(event.start)}/{_utc_stamp(event.end)}",
        "details": event_description(event, page_url, attendance, join=join),
        "location": event_location(event, join),
        "ctz": event.time_zone,
    }
    return f"{GOOGLE_CALENDAR_URL}?{urlencode(query)}"


def outlook_web_url(event: EventPage, *, page_url: str, join: JoinDetails | None) -> str:
    """`join`: the join details to write, only for someone holding a confirmed place."""
    attendance = Attendance.REGISTERED if join else Attendance.PUBLIC
    query = {
        "subject": event.title,
        "startdt": _utc_iso(event.start),
        "enddt": _utc_iso(event.end),
        "body": event_description(event, page_url, attendance, join=join),
        "location": event_location(event, join),
        "path": "/calendar/action/compose",
        "rru": "addevent",
    }
    return f"{OUTLOOK_WEB_URL}?{urlencode(query)}"


def personal_calendar_url(request) -> str:
    return reverse("events:my_calendar") if request.user.is_authenticated else ""


def calendar_context(page: EventPage, request) -> dict:
    """The event page's add-to-calendar links and the feeds it advertises. Join details go into the
    Google / Outlook links (and the download) only for a visitor holding a confirmed place."""
    join = event_access.effective_join_details(page) if page.is_online else None
    if join and not is_registered(request.user, page):
        join = None
    with_join_details = bool(join)
    page_url = absolute_url(page.get_url(request))
    feeds = []
    if event_is_public(page):
        feeds.append(feed(request, page.title, reverse("events:event_feed", args=[page.pk])))
        if page.group_id:
            feeds.append(
                feed(
                    request,
                    group_calendar_title(page.group),
                    reverse("events:group_feed", args=[page.group.slug]),
                )
            )
    return {
        "add_to_calendar": {
            "google": google_calendar_url(page, page_url=page_url, join=join),
            "outlook": outlook_web_url(page, page_url=page_url, join=join),
            "ics": reverse("events:event_download", args=[page.pk]),
            "with_join_details": with_join_details,
        },
        "calendar_feeds": feeds,
        "personal_calendar_url": personal_calendar_url(request),
    }


def index_feed_context(index_page: EventIndexPage, request) -> dict:
    """The feeds of the event index: the whole public calendar, and — when the listing is filtered — the
    same filters as a feed. `calendar_feed_url` is the most specific of them."""
    public_path = reverse("events:public_feed")
    feeds = []
    params = filter_params(request.GET)
    if params:
        query = QueryDict(mutable=True)
        for key, values in sorted(params.items()):
            query.setlist(key, values)
        feeds.append(feed(request, _("These filtered events"), f"{public_path}?{query.urlencode()}"))
    feeds.append(feed(request, public_calendar_title(), public_path))
    return {
        "calendar_feed_url": feeds[0]["url"],
        "calendar_feeds": feeds,
        "personal_calendar_url": personal_calendar_url(request),
    }


def group_calendar_panel(request, group: WorkingGroupPage):
    """The group page's feed: a <link rel="alternate"> and subscribe links, only for a group anonymous
    visitors may see (private groups have no public feed)."""
    from working_groups.selectors import GroupPagePanel

    if not group_is_public(group):
        return None
    context = {
        "calendar_feeds": [
            feed(request, group_calendar_title(group), reverse("events:group_feed", args=[group.slug]))
        ],
        "personal_calendar_url": personal_calendar_url(request),
        "with_heading": False,
    }
    return GroupPagePanel(
        heading=_("Calendar"),
        html=render_to_string("events/includes/subscribe_links.html", context, request=request),
        head_html=render_to_string("events/includes/feed_head_links.html", context, request=request),
        order=30,
    )
