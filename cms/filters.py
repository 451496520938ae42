from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

import django_filters

from cms.models.news import NewsPage


class NewsFilterSet(django_filters.FilterSet):
    """Filter a news index by tag (slug in the URL) and year; choices come from the index's own news."""

    tag = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="tags",
        to_field_name="slug",
        queryset=Tag.objects.none(),
        empty_label=_("All topics"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="date", lookup_expr="year", empty_label=_("All years")
    )

    class Meta:
        model = NewsPage
        fields = ["tag", "year"]

    def __init__(self, data=None, queryset=None, *, index_page=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        news = NewsPage.objects.live().public()
        if index_page is not None:
            news = news.descendant_of(index_page)
        self.filters["tag"].queryset = (
            Tag.objects.filter(cms_newspagetag_items__content_object__in=news.values("pk"))
            .distinct()
            .order_by("name")
        )
        self.filters["year"].extra["choices"] = [
            (str(day.year), str(day.year)) for day in news.dates("date", "year", order="DESC")
        ]

    @property
    def form(self):
        """The filter form; a field with an error points at its message (`aria-describedby`)."""
        form = super().form
        if form.is_bound:
            for name, errors in form.errors.items():
                if name in form.fields and errors:
                    form.fields[name].widget.attrs["aria-describedby"] = f"{form[name].auto_id}_error"
        return form
