from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable


class LinkItem(Orderable):
    """A titled link to a page of the site or to an external address (exactly one of the two)."""

    title = models.CharField(_("title"), max_length=80)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    link_url = models.URLField(_("external address"), blank=True)

    panels = [FieldPanel("title"), PageChooserPanel("link_page"), FieldPanel("link_url")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if bool(self.link_page_id) == bool(self.link_url):
            message = _("Choose a page or enter an external address, not both.")
            raise ValidationError({"link_page": message, "link_url": message})
