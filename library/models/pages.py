"""The library's page in the site tree: lists resources with facets and serves one page per resource."""

from importlib import import_module

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.search import index

from library.models.resources import resource_slug


def _views():
    return import_module("library.views")


class LibraryPage(RoutablePageMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "library/library_page.html"

    class Meta:
        verbose_name = _("library")

    @path("")
    def index_route(self, request):
        return _views().library_index(request, self)

    @re_path(r"^(?P<pk>\d+)/(?P<slug>[-\w]+)/$")
    def resource_route(self, request, pk, slug):
        return _views().resource_detail(request, self, int(pk), slug)

    def resource_url_for(self, pk: int, title: str, request=None, base: str | None = None) -> str:
        """The address of one resource's page, written out rather than reversed (lists build many)."""
        base = self.get_url(request) if base is None else base
        return f"{base}{pk}/{resource_slug(title)}/"

    def get_sitemap_urls(self, request=None):
        """The library and every resource an anonymous visitor may open, titled in this page's language (three
        queries)."""
        from library.models.resources import Resource

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        language = self.locale.language_code
        resources = (
            Resource.objects.visible_to(AnonymousUser())
            .only("pk", "title", "summary", "updated_at")
            .prefetch_related("tags", "translations")
            .order_by("pk")
        )
        urls.extend(
            {
                "location": self.resource_url_for(r.pk, r.text_in(language).title, base=base),
                "lastmod": r.updated_at,
            }
            for r in resources
        )
        return urls
