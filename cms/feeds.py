"""RSS 2.0 and Atom feeds of one news index, served from the index page's routes."""

import hashlib
from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from cms.conditional import version_last_modified
from cms.i18n.urls import content_language_of
from cms.links import absolute_url
from cms.models.news import NewsIndexPage, NewsPage
from cms.selectors import news_published
from cms.visibility import in_reader_language

FEED_ITEMS = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page: NewsIndexPage):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        """The feed, or 304 when the reader's copy (If-None-Match / If-Modified-Since) is still current. The
        ETag is the text's hash; Last-Modified the time this text was first served (cms.conditional), so it
        moves forward also when a news item leaves the feed."""
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        identity = f"news-feed\n{request.get_host()}\n{request.path}\n{translation.get_language()}"
        last_modified = int(version_last_modified(identity, etag).timestamp())
        response = get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_vary_headers(response, ["Accept-Language"])
        return response

    def title(self):
        return self.index_page.title

    def link(self):
        return absolute_url(self.index_page.get_url(self.request))

    def description(self):
        return self.index_page.search_description or self.index_page.intro or _("News from the covenant")

    def feed_url(self):
        return absolute_url(self.request.path)

    def items(self):
        """The news of the feed's language (its address: `/nl/.../feed/` is Dutch), with English items that
        have no translation yet standing in, so a Dutch reader never misses news."""
        news = news_published(self.index_page)
        language = content_language_of(self.request.path_info)
        if language != settings.LANGUAGE_CODE:
            indexes = Page.objects.filter(translation_key=self.index_page.translation_key)
            trees = Q(pk__in=[])
            for path in indexes.values_list("path", flat=True):
                trees |= Q(path__startswith=path)
            everywhere = NewsPage.objects.live().public().filter(trees)
            news = (
                NewsPage.objects.filter(pk__in=in_reader_language(everywhere, language).values("pk"))
                .defer_streamfields()
                .order_by("-date", "-first_published_at", "-pk")
            )
        return list(news.prefetch_related("tags")[:FEED_ITEMS])

    def item_title(self, item: NewsPage):
        return item.title

    def item_description(self, item: NewsPage):
        return item.summary

    def item_link(self, item: NewsPage):
        return absolute_url(item.get_url(self.request))

    def item_guid(self, item: NewsPage):
        return self.item_link(item)

    def item_guid_is_permalink(self, item: NewsPage):
        return True

    def item_pubdate(self, item: NewsPage):
        return timezone.make_aware(datetime.combine(item.date, time(9)))

    def item_updateddate(self, item: NewsPage):
        """Atom requires `updated` on every entry: the last publication, never before the item's date."""
        published = self.item_pubdate(item)
        return max(published, item.last_published_at) if item.last_published_at else published

    def item_categories(self, item: NewsPage):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
