from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock

NEWS_PER_PAGE = 10


class NewsIndexPage(RoutablePageMixin, Page):
    """The news listing, filterable by tag and year, with RSS and Atom feeds (`feed/rss/`, `feed/atom/`)."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.NewsPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    @path("")
    def news_list(self, request):
        from cms.filters import NewsFilterSet
        from cms.selectors import news_for_index

        filterset = NewsFilterSet(request.GET or None, queryset=news_for_index(self), index_page=self)
        paginator = Paginator(filterset.qs, NEWS_PER_PAGE)
        news_page = paginator.get_page(request.GET.get("page"))
        context = self.get_context(request)
        context.update(
            filterset=filterset,
            news_page=news_page,
            elided_page_range=paginator.get_elided_page_range(news_page.number, on_each_side=2, on_ends=1),
            filter_query=_query_without_page(request),
        )
        return render(request, self.get_template(request), context)

    @path("feed/rss/", name="rss")
    def rss_feed(self, request):
        from cms.feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from cms.feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("cms.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(Page):
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), help_text=_("One or two sentences shown in lists and feeds."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("tags")], heading=_("About this item")),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("related_pages", heading=_("Related pages"), label=_("Related page")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import news_related_pages

        context = super().get_context(request, *args, **kwargs)
        context["related"] = news_related_pages(self, request.user)
        return context


class NewsPageRelatedPage(Orderable):
    news_page = ParentalKey(NewsPage, related_name="related_pages", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")
        verbose_name_plural = _("related pages")
