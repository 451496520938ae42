"""The library's finding aid: full-text search, facets and sorting, as a django-filter set.

Within one facet the chosen values widen the list (gold *or* cobalt); across facets they narrow it (gold *and*
guidance). Each facet's counts are therefore taken over the list filtered by every *other* facet, so a count
says how many resources a visitor gets by ticking that box (one query per facet, whatever the size of the
library). Many-to-many facets filter through `pk__in` subqueries, so a resource is never listed twice.
"""

from django import forms
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

import django_filters

from cms.selectors import search_terms
from commitments.models import DueDiligenceStep
from commitments.vocabularies import VocabularyMultipleChoiceFilter, translation_keys
from library.choices import Facet, Language, Mineral, Region, ResourceKind
from library.models import Resource, ResourceTag, ResourceTranslation
from working_groups.models import StakeholderType, Theme
from working_groups.themes import ThemeMultipleChoiceFilter

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title (A to Z)")),
]
SORTS = {"newest": ("-published_on", "-pk"), "oldest": ("published_on", "pk"), "title": ("title", "pk")}
#: The facets a visitor ticks, in the order the page shows them.
FACET_FILTERS = ("kind", "theme", "step", "mineral", "language", "region", "stakeholder")
TAG_FACETS = {
    "language": Facet.LANGUAGE,
    "mineral": Facet.MINERAL,
    "region": Facet.REGION,
    "stakeholder": Facet.STAKEHOLDER,
}


def _tagged(facet: str, values):
    return ResourceTag.objects.filter(facet=facet, value__in=values).values("resource_id")


class LibraryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search the library"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 200}),
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), choices=ResourceKind.choices, widget=forms.CheckboxSelectMultiple
    )
    theme = ThemeMultipleChoiceFilter(
        label=_("Theme"),
        to_field_name="slug",
        queryset=Theme.objects.all(),
        method="filter_theme",
        widget=forms.CheckboxSelectMultiple,
    )
    step = VocabularyMultipleChoiceFilter(
        label=_("OECD due-diligence step"),
        to_field_name="number",
        queryset=DueDiligenceStep.objects.all(),
        method="filter_step",
        widget=forms.CheckboxSelectMultiple,
    )
    mineral = django_filters.MultipleChoiceFilter(
        label=_("Mineral or metal"),
        choices=Mineral.choices,
        method="filter_tag",
        widget=forms.CheckboxSelectMultiple,
    )
    language = django_filters.MultipleChoiceFilter(
        label=_("Language"),
        choices=Language.choices,
        method="filter_tag",
        widget=forms.CheckboxSelectMultiple,
    )
    region = django_filters.MultipleChoiceFilter(
        label=_("Region"), choices=Region.choices, method="filter_tag", widget=forms.CheckboxSelectMultiple
    )
    stakeholder = django_filters.MultipleChoiceFilter(
        label=_("For stakeholder type"),
        choices=StakeholderType.choices,
        method="filter_tag",
        widget=forms.CheckboxSelectMultiple,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None
    )

    class Meta:
        model = Resource
        fields = ["q", "kind", "theme", "step", "mineral", "language", "region", "stakeholder", "sort"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        self.user = getattr(request, "user", None)
        self._search_ids: list[int] | None = None
        if data is not None and not data.get("sort"):
            data = data.copy()
            data["sort"] = "relevance" if search_terms(data.get("q", "")) else "newest"
        super().__init__(data, queryset, request=request, **kwargs)

    # --- filters ---

    def search_ids(self, value: str) -> list[int]:
        """Ids of the visible resources matching every word, best match first (one search per request)."""
        if self._search_ids is None:
            terms = search_terms(value)
            visible = Resource.objects.filter(pk__in=Resource.objects.visible_to(self.user).values("pk"))
            matches = visible.only("pk").search(terms, operator="and")
            self._search_ids = [resource.pk for resource in matches] if terms else []
        return self._search_ids

    def filter_search(self, queryset, name, value):
        if not search_terms(value):
            return queryset
        return queryset.filter(pk__in=self.search_ids(value))

    def filter_theme(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            pk__in=Resource.themes.through.objects.filter(theme__in=value).values("resource_id")
        )

    def filter_step(self, queryset, name, value):
        if not value:
            return queryset
        through = Resource.due_diligence_steps.through.objects.filter(
            duediligencestep__translation_key__in=translation_keys(value)
        )
        return queryset.filter(pk__in=through.values("resource_id"))

    def filter_tag(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=_tagged(TAG_FACETS[name], value))

    def filter_sort(self, queryset, name, value):
        if value == "title":
            # By the title the reader sees: the translation into their language, else the resource's own.
            translated = ResourceTranslation.objects.filter(
                resource=OuterRef("pk"), language=(get_language() or "").split("-")[0]
            ).values("title")[:1]
            return queryset.order_by(Coalesce(Subquery(translated), "title"), "pk")
        return queryset.order_by(*SORTS.get(value, SORTS["newest"]))

    # --- facets ---

    def queryset_without(self, facet: str):
        """The list filtered by everything but `facet` (its counts), unsorted."""
        queryset = self.queryset
        for name, filter_ in self.filters.items():
            if name in {facet, "sort"}:
                continue
            value = self.form.cleaned_data.get(name)
            queryset = filter_.filter(queryset, value)
        return queryset

    @property
    def relevance_order(self) -> list[int] | None:
        """Search ids in order of relevance, when the visitor searched and sorts by best match."""
        data = self.form.cleaned_data
        if data.get("sort") == "relevance" and search_terms(data.get("q") or ""):
            return self.search_ids(data["q"])
        return None

    @property
    def form(self):
        """The filter form; a field with an error points at its message (`aria-describedby`)."""
        form = super().form
        if form.is_bound:
            for name, errors in form.errors.items():
                if name in form.fields and errors:
                    form.fields[name].widget.attrs["aria-describedby"] = f"{form[name].auto_id}_error"
        return form
