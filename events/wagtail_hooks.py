"""The events app's contributions to pages of other apps: the upcoming events on the home page, and the
events of groups a visitor may not see left out of site search and the sitemap."""

from django.db.models import Q
from django.template.loader import render_to_string

from wagtail import hooks

from cms.models.pages import HOME_SECTIONS_HOOK
from cms.visibility import HIDDEN_PAGES_HOOK
from events.models import EventPage
from events.selectors import event_index_for, upcoming_events_for_user

HOME_EVENTS = 3


@hooks.register(HOME_SECTIONS_HOOK)
def upcoming_events_section(request, home_page) -> str:
    """The next events the visitor may see; nothing at all when there are none."""
    events = upcoming_events_for_user(request.user, limit=HOME_EVENTS)
    if not events:
        return ""
    context = {"events": events, "event_index": event_index_for(home_page)}
    return render_to_string("events/home_section.html", context, request=request)


@hooks.register(HIDDEN_PAGES_HOOK)
def hidden_event_pages(user) -> Q:
    """Events the group or audience rules hide from the user, as a Q over Page (one subquery, no extra round
    trip)."""
    return Q(pk__in=EventPage.objects.hidden_by_audience(user).values("pk"))
