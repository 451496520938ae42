from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from cms.models.links import LinkItem


@register_setting(icon="site")
class SiteContactSettings(BaseSiteSetting, ClusterableModel):
    """Who runs the site and how to reach them; shown in the footer of every page."""

    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("address"),
            ],
            heading=_("Contact"),
        ),
        InlinePanel("footer_links", heading=_("Footer links"), label=_("Footer link")),
        InlinePanel("social_links", heading=_("Social media"), label=_("Social media link")),
    ]

    class Meta:
        verbose_name = _("site and contact settings")

    def save(self, *args, **kwargs):
        from cms.chrome import chrome_cache_clear

        super().save(*args, **kwargs)
        chrome_cache_clear()


class FooterLink(LinkItem):
    settings = ParentalKey(SiteContactSettings, related_name="footer_links", on_delete=models.CASCADE)

    class Meta(LinkItem.Meta):
        verbose_name = _("footer link")
        verbose_name_plural = _("footer links")


class SocialLink(Orderable):
    settings = ParentalKey(SiteContactSettings, related_name="social_links", on_delete=models.CASCADE)
    network = models.CharField(_("network"), max_length=40, help_text=_("For example LinkedIn or Mastodon."))
    url = models.URLField(_("address"))

    panels = [FieldPanel("network"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("social media link")
        verbose_name_plural = _("social media links")

    def __str__(self):
        return self.network
