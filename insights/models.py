"""The public annual overview: a page the secretariat publishes with the covenant-wide figures of a year."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from insights.app_settings import FIRST_YEAR, min_cell, rounding_base


class AnnualOverviewPage(Page):
    """Aggregate participation and commitment figures of the whole covenant for one year, with the same
    small-number protection as the insights pages and no per-group breakdown."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = [*Page.content_panels, FieldPanel("year"), FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types: list[str] = []
    template = "insights/annual_overview_page.html"

    class Meta:
        verbose_name = _("annual participation overview")
        verbose_name_plural = _("annual participation overviews")

    def get_context(self, request, *args, **kwargs):
        from insights.charts import bar_chart
        from insights.snapshots import published_annual_figures

        context = super().get_context(request, *args, **kwargs)
        period, figures = published_annual_figures(self.year)
        context["period"] = period
        context["figures"] = [
            (figure, bar_chart(figure.title, figure.table, figure.unit)) for figure in figures
        ]
        context["min_cell"] = min_cell()
        context["rounding_base"] = rounding_base()
        return context


class FiguresSnapshot(models.Model):
    """The published figures of one scope, closed period and filter choice, frozen when first asked for
    after the period closed (insights.snapshots). Later changes to the data never move them."""

    scope = models.CharField(_("scope"), max_length=200)
    period = models.CharField(_("period"), max_length=20)
    filters = models.CharField(_("filters"), max_length=200, blank=True)
    #: {language code: [figure, …]}: the numbers are the same in every language, frozen once.
    figures = models.JSONField(_("figures"), default=dict)
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")
        constraints = [
            models.UniqueConstraint(fields=["scope", "period", "filters"], name="figures_snapshot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.period} {self.filters}".strip()
