"""Reads of the cms app that pages, feeds and templates share."""

import re

from django.db.models import Prefetch, QuerySet

from wagtail.images import get_image_model
from wagtail.models import Page

from cms.models.news import NewsIndexPage, NewsPage
from cms.visibility import pages_findable_by

NEWS_CARD_RENDITION = "fill-640x320"


def news_published(ancestor: Page) -> QuerySet[NewsPage]:
    """Live, public news items below `ancestor`, newest first, without their bodies."""
    return (
        NewsPage.objects.live()
        .public()
        .descendant_of(ancestor)
        .defer_streamfields()
        .order_by("-date", "-first_published_at", "-pk")
    )


def news_for_index(ancestor: Page) -> QuerySet[NewsPage]:
    """News items ready for a list of cards: tags and card-sized image renditions fetched up front."""
    images = get_image_model().objects.prefetch_renditions(NEWS_CARD_RENDITION)
    return news_published(ancestor).prefetch_related("tags", Prefetch("image", queryset=images))


def news_latest(ancestor: Page, limit: int = 3) -> list[NewsPage]:
    return list(news_for_index(ancestor)[:limit])


def news_related_pages(news_page: NewsPage, user) -> list[Page]:
    """The related pages an editor chose, in their order, leaving out those this visitor could not open."""
    page_ids = [link.page_id for link in news_page.related_pages.all()]
    pages = pages_findable_by(user, Page.objects.filter(pk__in=page_ids)).specific().defer_streamfields()
    by_id = {page.pk: page for page in pages}
    return [by_id[page_id] for page_id in page_ids if page_id in by_id]


def news_index_for(ancestor: Page) -> NewsIndexPage | None:
    """The first live, public news index below `ancestor` (the home page's "all news" link)."""
    return NewsIndexPage.objects.live().public().descendant_of(ancestor).order_by("path").first()


SEARCH_WORD = re.compile(r"\w+(?:['-]\w+)*")


def search_terms(query: str) -> str:
    """The words of a visitor's query, without the search backend's own syntax (quotes, brackets, `*`, NUL):
    an unbalanced quote must find nothing rather than break SQLite's FTS5 or PostgreSQL's tsquery parser."""
    return " ".join(SEARCH_WORD.findall(query))


def pages_search(query: str, user):
    """Full-text search over the live, public pages this user may find, returning specific pages."""
    terms = search_terms(query)
    if not terms:
        return Page.objects.none()
    return pages_findable_by(user).specific().search(terms)
