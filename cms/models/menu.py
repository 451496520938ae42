from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from cms.models.links import LinkItem


@register_setting(icon="list-ul")
class MainMenu(BaseSiteSetting, ClusterableModel):
    """The main navigation of one site, edited by the secretariat."""

    panels = [InlinePanel("items", heading=_("Menu items"), label=_("Menu item"))]

    class Meta:
        verbose_name = _("main menu")

    def save(self, *args, **kwargs):
        from cms.chrome import chrome_cache_clear

        super().save(*args, **kwargs)
        chrome_cache_clear()


class MainMenuItem(LinkItem):
    menu = ParentalKey(MainMenu, related_name="items", on_delete=models.CASCADE)

    class Meta(LinkItem.Meta):
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")
