"""The public register of commitments: a Wagtail page that lists, filters and exports published public
commitments, and serves one page per commitment.

Its routes call commitments.views.register, imported plainly: that module and what it imports (selectors,
filters, export, charts) read the model modules `commitment`, `updates` and `choices`, never this one, so
there is no models → views → models cycle.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.search import index

from commitments.models.commitment import commitment_slug
from commitments.views import register as register_views


class CommitmentRegisterPage(RoutablePageMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "commitments/register_page.html"

    class Meta:
        db_table = "working_groups_commitmentregisterpage"
        verbose_name = _("commitment register")

    @path("")
    def register(self, request):
        return register_views.register(request, self)

    @path("export/csv/")
    def export_csv(self, request):
        return register_views.export(request, self, "csv")

    @path("export/json/")
    def export_json(self, request):
        return register_views.export(request, self, "json")

    @re_path(r"^(?P<pk>\d+)/(?P<slug>[-\w]+)/$")
    def commitment(self, request, pk, slug):
        return register_views.commitment_detail(request, self, int(pk), slug)

    def commitment_url(self, commitment, request=None, base: str | None = None) -> str:
        """The address of one commitment's page; pass `base` (this page's URL) when building many."""
        return self.commitment_url_for(commitment.pk, commitment.title, request, base)

    def commitment_url_for(self, pk: int, title: str, request=None, base: str | None = None) -> str:
        """The `commitment` route, written out rather than reversed: lists build thousands of these."""
        base = self.get_url(request) if base is None else base
        return f"{base}{pk}/{commitment_slug(title)}/"
