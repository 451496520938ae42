"""The events' part of the site search (cms.search): events a visitor may see, as on their own page."""

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cms.search import HitResults, SearchHit, SearchProvider, excerpt
from events.models import EventPage


class EventsProvider(SearchProvider):
    kind = "events"
    label = _("Events")
    order = 25
    page_models = (EventPage,)

    def search(self, terms, request):
        visible = EventPage.objects.visible_to(request.user).values("pk")
        events = EventPage.objects.filter(pk__in=visible).defer_streamfields().search(terms, operator="and")

        def to_hits(found):
            return [
                SearchHit(
                    event.title,
                    event.get_url(request),
                    excerpt(event.introduction),
                    f"{event.get_kind_display()} · {formats.date_format(event.local_start, 'DATE_FORMAT')}",
                    language=event.language,
                )
                for event in found
            ]

        return HitResults(events, to_hits)
