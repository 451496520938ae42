"""RSS 2.0 and Atom feeds of one news index, served from the index page's routes."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from cms.models.news import NewsIndexPage, NewsPage
from cms.selectors import news_published

FEED_ITEMS = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page: NewsIndexPage):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.search_description or self.index_page.intro or _("News from the covenant")

    def feed_url(self):
        return self.request.path

    def items(self):
        return list(news_published(self.index_page).prefetch_related("tags")[:FEED_ITEMS])

    def item_title(self, item: NewsPage):
        return item.title

    def item_description(self, item: NewsPage):
        return item.summary

    def item_link(self, item: NewsPage):
        return item.get_url(self.request)

    def item_guid(self, item: NewsPage):
        return self.request.build_absolute_uri(self.item_link(item))

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
