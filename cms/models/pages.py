from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import AimBlock, BodyBlock
from cms.hooks import HOME_SECTIONS_HOOK


class HomePage(Page):
    """The site's root page: a hero, the covenant's aims, the latest news and sections other apps add.

    Other apps fill the home page through the `roundtable_home_sections` hook: each registered function is
    called with `(request, page)` and returns safe HTML (e.g. from `render_to_string`) or an empty string.
    `subpage_types` stays open so their index pages can declare `parent_page_types = ["cms.HomePage"]`.
    """

    hero_heading = models.CharField(_("hero heading"), max_length=200)
    hero_intro = models.TextField(_("hero introduction"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_text = models.CharField(_("call-to-action text"), max_length=80, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("call-to-action page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_url = models.URLField(_("call-to-action external address"), blank=True)
    aims_heading = models.CharField(
        _("aims heading"), max_length=200, default=_("What the covenant aims for")
    )
    aims = StreamField([("aim", AimBlock())], verbose_name=_("aims"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_cta_page"),
                FieldPanel("hero_cta_url"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("aims_heading"),
        FieldPanel("aims"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_intro"), index.SearchField("aims")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def clean(self):
        super().clean()
        if self.hero_cta_text and not (self.hero_cta_page_id or self.hero_cta_url):
            raise ValidationError({"hero_cta_page": _("Choose a page or an address for the call to action.")})
        if self.hero_cta_page_id and self.hero_cta_url:
            raise ValidationError({"hero_cta_url": _("Choose a page or an address, not both.")})

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import news_index_for, news_latest

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = news_latest(self, limit=3)
        context["news_index"] = news_index_for(self)
        context["home_sections"] = [
            html for html in (fn(request, self) for fn in hooks.get_hooks(HOME_SECTIONS_HOOK)) if html
        ]
        return context


class StandardPage(Page):
    """A page of running text built from the shared body blocks."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage", "cms.NewsIndexPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
