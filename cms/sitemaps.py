"""The sitemap of the requested site: every live page an anonymous visitor may open, nothing hidden by
other apps (private working groups answer through the `roundtable_hidden_pages_q` hook)."""

from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth.models import AnonymousUser

from wagtail.contrib.sitemaps import Sitemap

from cms.links import absolute_url
from cms.visibility import pages_findable_by


class PublicPagesSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        pages = root.get_descendants(inclusive=True)
        return pages_findable_by(AnonymousUser(), pages).order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        """Addresses on the site's public address (cms.links: BASE_URL), as the feeds and e-mails have
        them, whatever host the `Site` record names."""
        urls = super()._urls(page, protocol, domain)
        for url_info in urls:
            parts = urlsplit(url_info["location"])
            url_info["location"] = absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))
        return urls


sitemaps = {"pages": PublicPagesSitemap}
