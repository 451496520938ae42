"""The forums' part of the site search (cms.search): threads and posts through forums.search, which checks
each post against the text *this reader* sees (access policy, hidden posts, the Chatham House Rule)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.destinations import Destination
from cms.search import HitResults, SearchHit, SearchProvider
from forums.search import search_posts


class DiscussionsProvider(SearchProvider):
    kind = "discussions"
    label = _("Threads and posts")
    order = 60

    def search(self, terms, request):
        results = search_posts(request.user, terms)

        def to_hits(found):
            return [
                SearchHit(
                    result.thread_title,
                    result.post_url,
                    result.excerpt,
                    f"{result.forum_title} · {result.author.label}",
                    when=result.created_at,
                )
                for result in found
            ]

        return HitResults(results, to_hits)


def menu_destinations() -> list[Destination]:
    return [Destination("forums", _("Forums"), lambda site: reverse("forums:index"))]
