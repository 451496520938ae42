"""The events app's contributions to pages of other apps: the upcoming events on the home page and on
working groups' pages and members' areas, and the events of groups a visitor may not see left out of site
search and the sitemap."""

from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.models import Site

from cms.hooks import (
    ACCOUNT_MENU_HOOK,
    ERASE_HOOK,
    HEADER_LINKS_HOOK,
    HIDDEN_PAGES_HOOK,
    HOME_SECTIONS_HOOK,
    PERSONAL_DATA_HOOK,
    SEARCH_PROVIDERS_HOOK,
)
from cms.navigation import NavLink, link_to
from events.models import EventDocument, EventPage
from events.privacy import EventsPersonalData, events_erase
from events.selectors import event_index_for, listed_events_for_user, upcoming_group_events, with_viewer_times
from working_groups.hooks import (
    DESK_ITEMS_HOOK,
    GROUP_PAGE_PANELS_HOOK,
    GROUP_SUBPAGE_TYPES_HOOK,
    MEMBERS_AREA_PANELS_HOOK,
)
from working_groups.selectors import GroupPagePanel, MembersAreaPanel

HOME_EVENTS = 3


@hooks.register(GROUP_SUBPAGE_TYPES_HOOK)
def group_meetings_page_types() -> list[str]:
    """A working group's meetings live under its page (EventPage.parent_page_types names the group page)."""
    return ["events.EventPage"]


@hooks.register(HOME_SECTIONS_HOOK)
def upcoming_events_section(request, home_page) -> str:
    """The next events of the site the visitor may see (conferences rather than their sessions); nothing at
    all when there are none."""
    events = listed_events_for_user(request.user, home_page.path).upcoming(timezone.now())[:HOME_EVENTS]
    events = with_viewer_times(events, request)
    if not events:
        return ""
    context = {"events": events, "event_index": event_index_for(home_page)}
    return render_to_string("events/home_section.html", context, request=request)


def _event_index_of_site(request):
    site = Site.find_for_request(request)
    return event_index_for(site.root_page) if site else None


def _upcoming_meetings_html(request, group) -> str:
    context = {
        "events": upcoming_group_events(group, request),
        "event_index": _event_index_of_site(request),
        "group": group,
    }
    return render_to_string("events/includes/upcoming_meetings.html", context, request=request)


@hooks.register(GROUP_PAGE_PANELS_HOOK)
def group_page_meetings_panel(request, group) -> GroupPagePanel:
    """The group's next meetings on its front page (members-only ones for those who may read the group)."""
    return GroupPagePanel(
        heading=_("Upcoming meetings"), html=_upcoming_meetings_html(request, group), order=20
    )


@hooks.register(MEMBERS_AREA_PANELS_HOOK)
def members_area_meetings_panel(request, group) -> MembersAreaPanel:
    return MembersAreaPanel(
        heading=_("Upcoming meetings"), html=_upcoming_meetings_html(request, group), order=20
    )


@hooks.register(HIDDEN_PAGES_HOOK)
def hidden_event_pages(user) -> Q:
    """Events the group or audience rules hide from the user, as a Q over Page (one subquery, no extra round
    trip)."""
    return Q(pk__in=EventPage.objects.hidden_by_audience(user).values("pk"))


@hooks.register("register_admin_viewset")
def register_events_admin():
    """The "Events" menu: speakers and registrations (events.admin_viewsets)."""
    from events.admin_viewsets import EventsViewSetGroup

    return EventsViewSetGroup()


@hooks.register(GROUP_PAGE_PANELS_HOOK)
def group_page_calendar_panel(request, group) -> GroupPagePanel | None:
    """The public group's calendar feed: advertised in the page's head and offered as subscribe links."""
    from events.calendar_links import group_calendar_panel

    return group_calendar_panel(request, group)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def panel_balance_warning(request, page) -> None:
    """Warn the editor after a save when an event's panel is all of one gender or one stakeholder type."""
    from events.admin_panels import warn_about_panel_balance

    warn_about_panel_balance(request, page)


hooks.register(PERSONAL_DATA_HOOK, EventsPersonalData)
hooks.register(ERASE_HOOK, events_erase)


@hooks.register("before_serve_document")
def protect_event_documents(document, request):
    """Slides and documents of an event are served only to those who may see the event (a members-only
    event's or a private group's slides are not public), checked with EventPage.objects.visible_to."""
    event_ids = EventDocument.objects.filter(document=document).values("page_id")
    if not event_ids.exists():
        return
    if not EventPage.objects.visible_to(request.user).filter(pk__in=event_ids).exists():
        raise Http404


@hooks.register(SEARCH_PROVIDERS_HOOK)
def events_search_provider():
    from events.search_providers import EventsProvider

    return EventsProvider()


@hooks.register("register_admin_urls")
def events_admin_urls():
    from django.urls import path

    from events.admin_series import duplicate

    return [path("events/<int:pk>/duplicate/", duplicate, name="events_duplicate")]


@hooks.register("register_page_listing_more_buttons")
def event_listing_buttons(page, user, next_url=None):
    """In any page listing (the events listing, the explorer): duplicate an event, download its attendees."""
    from events.admin_series import event_buttons

    yield from event_buttons(page, user, next_url)


@hooks.register("register_page_header_buttons")
def event_header_buttons(page, user, view_name, next_url=None):
    """The same actions in the header of an event's edit page."""
    from events.admin_series import event_buttons

    yield from event_buttons(page, user, next_url)


@hooks.register(DESK_ITEMS_HOOK)
def upcoming_events_on_the_desk(user, scope):
    from events.admin_desk import upcoming_events_item

    return upcoming_events_item(user, scope)


@hooks.register(HEADER_LINKS_HOOK)
def my_events_link(request) -> list[NavLink]:
    return [link_to(request, _("My events"), "events:my_events", 20)]


@hooks.register(ACCOUNT_MENU_HOOK)
def my_calendar_link(request) -> list[NavLink]:
    return [link_to(request, _("My calendar"), "events:my_calendar", 50)]
