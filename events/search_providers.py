"""The events' part of the site search (cms.search): events a visitor may see, as on their own page."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms.search import ChainedResults, HitResults, SearchHit, SearchProvider, excerpt
from cms.visibility import in_reader_language
from events.models import EventPage


class EventsProvider(SearchProvider):
    kind = "events"
    label = _("Events")
    order = 25
    page_models = (EventPage,)

    def search(self, terms, request):
        visible = in_reader_language(EventPage.objects.visible_to(request.user))
        found = EventPage.objects.defer_streamfields()
        language = get_language()
        # Events in the visitor's language first, then the others, each by best match.
        events = ChainedResults(
            found.filter(pk__in=visible.filter(language=language).values("pk")).search(terms, operator="and"),
            found.filter(pk__in=visible.exclude(language=language).values("pk")).search(
                terms, operator="and"
            ),
        )

        def to_hits(found):
            return [
                SearchHit(
                    event.title,
                    event.get_url(request),
                    excerpt(event.introduction),
                    str(event.get_kind_display()),
                    language=event.language,
                    when=event.start,
                    time_zone=event.time_zone,
                )
                for event in found
            ]

        return HitResults(events, to_hits)
