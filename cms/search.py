"""One search across the covenant: every installed app adds what it can find through a hook.

cms names no app above it. An app registers a function under `roundtable_search_providers` that returns a
`SearchProvider`; the provider searches only what the visitor may see, through its app's own `visible_to`
querysets and presenters (so the access policy and the Chatham House Rule apply exactly as on the result's
own page). The search page asks each provider for a count and a slice of hits: a fixed number of queries per
provider, whatever the size of the index.

Pages are the cms's own provider: it leaves out the page types another provider claims (`page_models`), so
an event is found once, as an event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Paginator
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import Page

from cms.hooks import SEARCH_PROVIDERS_HOOK
from cms.selectors import search_terms
from cms.visibility import in_reader_language, pages_findable_by

EXCERPT_WORDS = 40
SECTION_PREVIEW = 3
PER_PAGE = 10


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    excerpt: str = ""
    meta: str = ""
    #: The language of the content (a code like "nl"), when it has one; pages mark it with `lang`.
    language: str = ""
    #: When it happened (an aware datetime), shown after `meta` as a date the template formats in the reader's
    #: language and time zone, like every other date on the site; or in `time_zone` when the content has a
    #: zone of its own (an event shows its date where it takes place, as its card does).
    when: datetime | None = None
    time_zone: str = ""


class HitResults:
    """Lazily turns a search result set (or a list) into hits; sliced and counted like a queryset, so a
    Paginator only reads the slice it shows."""

    def __init__(self, results, to_hit: Callable[[Sequence], list[SearchHit]]):
        self.results = results
        self.to_hit = to_hit
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            results = self.results
            self._count = len(results) if isinstance(results, list) else results.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.to_hit(list(self.results[index]))
        return self.to_hit([self.results[index]])[0]


class ChainedResults:
    """Several result sets read as one, in order (e.g. content in the visitor's language first, then the
    rest): counted with one count each, sliced without reading more than the slice."""

    def __init__(self, *parts):
        self.parts = parts
        self._counts: list[int] | None = None

    def counts(self) -> list[int]:
        if self._counts is None:
            self._counts = [part.count() for part in self.parts]
        return self._counts

    def count(self) -> int:
        return sum(self.counts())

    def __getitem__(self, index: slice) -> list:
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        found = []
        offset = 0
        for part, size in zip(self.parts, self.counts(), strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                found.extend(part[low:high])
            offset += size
        return found


class SearchProvider:
    """Base class of what an app registers: `kind` (a short key), `label` (plural, for headings and facets),
    `order`, the `page_models` it answers for, and `search(terms, request) -> HitResults`."""

    kind = ""
    label = ""
    order = 100
    page_models: tuple[type[Page], ...] = ()

    def search(self, terms: str, request) -> HitResults:
        raise NotImplementedError


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    return Truncator(" ".join(strip_tags(text or "").split())).words(words)


def page_description(page) -> str:
    """What a result shows of a page: its search description, else its summary or introduction."""
    for name in ("search_description", "summary", "introduction", "intro", "description"):
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            return value
    return ""


def page_hits(pages, request, meta: str = "") -> list[SearchHit]:
    hits = []
    for page in pages:
        kind = meta or str(page._meta.verbose_name).capitalize()
        hits.append(SearchHit(page.title, page.get_url(request), excerpt(page_description(page)), kind))
    return hits


class NewsProvider(SearchProvider):
    kind = "news"
    label = _("News")
    order = 20

    def search(self, terms, request):
        from cms.models.news import NewsPage

        findable = in_reader_language(pages_findable_by(request.user, NewsPage.objects.all()))
        news = NewsPage.objects.filter(pk__in=findable.values("pk")).defer_streamfields()
        return HitResults(
            news.search(terms, operator="and"), lambda pages: page_hits(pages, request, str(_("News")))
        )


class PagesProvider(SearchProvider):
    """Every findable page no other provider claims."""

    kind = "pages"
    label = _("Pages")
    order = 10

    def __init__(self, claimed: Sequence[type[Page]] = ()):
        self.claimed = tuple(claimed)

    def search(self, terms, request):
        from cms.models.news import NewsPage

        findable = in_reader_language(pages_findable_by(request.user).not_type(NewsPage, *self.claimed))
        pages = Page.objects.filter(pk__in=findable.values("pk")).specific().defer_streamfields()
        return HitResults(pages.search(terms, operator="and"), lambda found: page_hits(found, request))


@hooks.register(SEARCH_PROVIDERS_HOOK)
def news_search_provider():
    return NewsProvider()


def search_providers() -> list[SearchProvider]:
    providers = [make() for make in hooks.get_hooks(SEARCH_PROVIDERS_HOOK)]
    claimed = [model for provider in providers for model in provider.page_models]
    providers.append(PagesProvider(claimed))
    return sorted(providers, key=lambda provider: (provider.order, provider.kind))


@dataclass
class SearchSection:
    kind: str
    label: str
    count: int
    hits: list[SearchHit] = field(default_factory=list)


@dataclass
class SiteSearch:
    query: str
    kind: str
    sections: list[SearchSection]
    total: int
    page_obj: object = None
    page_range: Sequence = ()


def site_search(query: str, request, kind: str = "", page_number=None) -> SiteSearch:
    """Every provider's count (the facets); the chosen kind's results page by page, or the first few of each
    kind when none is chosen."""
    terms = search_terms(query)
    if not terms:
        return SiteSearch(query, "", [], 0)
    found = []
    for provider in search_providers():
        results = provider.search(terms, request)
        found.append((SearchSection(provider.kind, str(provider.label), results.count()), results))
    sections = [section for section, _results in found]
    total = sum(section.count for section in sections)
    with_hits = [(section, results) for section, results in found if section.count]
    chosen = next(((s, r) for s, r in found if s.kind == kind), None)
    if chosen is None and len(with_hits) == 1:
        chosen = with_hits[0]  # one kind found: its list, page by page
    if chosen is None:
        for section, results in with_hits:
            section.hits = results[:SECTION_PREVIEW]
        return SiteSearch(query, "", sections, total)
    section, results = chosen
    paginator = Paginator(results, PER_PAGE)
    page_obj = paginator.get_page(page_number)
    section.hits = list(page_obj.object_list)
    page_range = paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    return SiteSearch(query, section.kind, sections, total, page_obj, page_range)
