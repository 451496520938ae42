"""The sitemap of the requested site: every live page an anonymous visitor may open, nothing hidden by
other apps (private working groups answer through the `roundtable_hidden_pages_q` hook)."""

from collections import defaultdict
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from cms.links import absolute_url
from cms.visibility import pages_findable_by


class PublicPagesSitemap(Sitemap):
    def items(self):
        """The pages of every language: the site's root page and its translations are each a tree."""
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        in_trees = Q(pk__in=[])
        for path in roots.values_list("path", flat=True):
            in_trees |= Q(path__startswith=path)
        pages = pages_findable_by(AnonymousUser(), Page.objects.filter(in_trees))
        self._alternates = self._translations_by_key(pages)
        return pages.order_by("path").defer_streamfields().specific()

    @staticmethod
    def _translations_by_key(pages) -> dict[str, list[dict]]:
        """{address: its alternates} of the pages that have a findable translation, x-default included."""
        keys = pages.values("translation_key").annotate(count=Count("pk")).filter(count__gt=1)
        by_key = defaultdict(list)
        rows = pages.filter(translation_key__in=keys.values("translation_key")).select_related("locale")
        for page in rows.order_by("locale__language_code"):
            code = page.locale.language_code
            by_key[page.translation_key].append({"lang_code": code, "location": absolute_url(page.get_url())})
        by_location = {}
        for alternates in by_key.values():
            default = [a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE]
            if default:
                alternates = [*alternates, {"lang_code": "x-default", "location": default[0]["location"]}]
            for alternate in alternates:
                by_location.setdefault(alternate["location"], alternates)
        return by_location

    def _urls(self, page, protocol, domain):
        """Addresses on the site's public address (cms.links: BASE_URL), as the feeds and e-mails have
        them, whatever host the `Site` record names."""
        urls = super()._urls(page, protocol, domain)
        for url_info in urls:
            parts = urlsplit(url_info["location"])
            url_info["location"] = absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))
            alternates = getattr(self, "_alternates", {}).get(url_info["location"])
            if alternates:
                url_info["alternates"] = alternates
        return urls


sitemaps = {"pages": PublicPagesSitemap}
