from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable

from cms.destinations import destination_choices


class LinkItem(Orderable):
    """A titled link to a page of the site, a named part of the site (cms.destinations) or an external
    address (exactly one of the three)."""

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
    link_destination = models.CharField(
        _("part of the site"),
        max_length=64,
        blank=True,
        choices=destination_choices,
        help_text=_("The forums, the parties directory, the library, the commitment register, …"),
    )

    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.WAGTAIL_CONTENT_LANGUAGES,
        help_text=_(
            "Shown only in this language; empty: in every language. Without links of a language, readers of "
            "that language see the English ones."
        ),
    )

    panels = [
        FieldPanel("language"),
        FieldPanel("title"),
        PageChooserPanel("link_page"),
        FieldPanel("link_destination"),
        FieldPanel("link_url"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if sum(map(bool, (self.link_page_id, self.link_url, self.link_destination))) != 1:
            message = _("Choose a page, a part of the site or enter an external address: exactly one.")
            raise ValidationError({"link_page": message, "link_destination": message, "link_url": message})
