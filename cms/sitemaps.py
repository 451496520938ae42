"""The sitemap of the requested site: every live page an anonymous visitor may open, nothing hidden by
other apps (private working groups answer through the `roundtable_hidden_pages_q` hook)."""

from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth.models import AnonymousUser

from wagtail.contrib.sitemaps import Sitemap

from cms.visibility import pages_findable_by


class PublicPagesSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        pages = root.get_descendants(inclusive=True)
        return pages_findable_by(AnonymousUser(), pages).order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        """Addresses on the host the sitemap was asked from (the `Site` record may name another, like
        `localhost:80` in the demo), as the feeds do."""
        urls = super()._urls(page, protocol, domain)
        for url_info in urls:
            parts = urlsplit(url_info["location"])
            url_info["location"] = self.request.build_absolute_uri(
                urlunsplit(("", "", parts.path, parts.query, parts.fragment))
            )
        return urls


sitemaps = {"pages": PublicPagesSitemap}
