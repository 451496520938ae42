"""django-filter sets of the commitment register (public) and of the commitment listings in the admin.

Facets over many-to-many relations filter through `pk__in` subqueries, so a commitment with three parties
is still one row and the register needs no DISTINCT.
"""

from datetime import timedelta

from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from cms.selectors import search_terms
from cms.widgets import LeanSelect
from commitments import app_settings
from commitments.filter_choices import choices_for
from commitments.models.choices import (
    OPEN_STATUSES,
    CommitmentKind,
    CommitmentStatus,
    CommitmentVisibility,
    WorkflowState,
)
from commitments.models.commitment import Commitment, DueDiligenceStep, SdgTarget
from commitments.models.updates import ProgressUpdate
from commitments.vocabularies import VocabularyChoiceFilter, translation_keys
from working_groups.models import Organisation, StakeholderType, Theme, WorkingGroupPage
from working_groups.themes import ThemeChoiceFilter

SORTS = {
    "updated": ("-updated_at", "-pk"),
    "title": ("title", "pk"),
    "target": ("target_date", "title", "pk"),
}
SORT_CHOICES = [
    ("updated", _("Recently updated")),
    ("title", _("Title (A to Z)")),
    ("target", _("Target date (soonest first)")),
    ("progress", _("Progress (furthest first)")),
]


def overdue_q(today=None) -> Q:
    """Still open (planned, in progress, delayed) and past its target date, or without a published progress
    update for longer than the reporting period (counted from publication when there is none yet)."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=app_settings.commitment_report_days())
    stale = Q(last_reported_on__lt=cutoff) | Q(last_reported_on__isnull=True, published_at__date__lt=cutoff)
    return Q(status__in=OPEN_STATUSES) & (Q(target_date__lt=today) | stale)


def sort_commitments(queryset, sort: str):
    if sort == "progress":
        return queryset.order_by(F("progress").desc(nulls_last=True), "title", "pk")
    return queryset.order_by(*SORTS.get(sort, SORTS["updated"]))


def _through(field: str, **lookups):
    """Commitment ids related through the many-to-many `field` to rows matching `lookups`."""
    through = getattr(Commitment, field).through
    return through.objects.filter(**lookups).values("commitment_id")


class CachedChoices(BaseChoiceIterator):
    """A select's options from commitments.filter_choices (the shared cache), read when it is rendered:
    the empty choice, then the filter's options for this reader."""

    def __init__(self, name: str, empty_label, user) -> None:
        self.name = name
        self.empty_label = empty_label
        self.user = user

    def __iter__(self):
        yield ("", self.empty_label)
        yield from choices_for(self.name, self.user)


#: The register's filters whose options come from commitments.filter_choices.
CACHED_CHOICE_FILTERS = ("theme", "party", "group", "step", "sdg")


class CommitmentRegisterFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search commitments"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    theme = ThemeChoiceFilter(
        label=_("Theme"),
        to_field_name="slug",
        queryset=Theme.objects.all(),
        method="filter_theme",
        empty_label=_("All themes"),
        widget=LeanSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CommitmentStatus.choices, empty_label=_("Any status"), widget=LeanSelect
    )
    stakeholder_type = django_filters.ChoiceFilter(
        label=_("Stakeholder type of a party"),
        choices=StakeholderType.choices,
        method="filter_stakeholder_type",
        empty_label=_("All stakeholder types"),
        widget=LeanSelect,
    )
    party = django_filters.ModelChoiceFilter(
        label=_("Party"),
        to_field_name="slug",
        queryset=Organisation.objects.none(),
        method="filter_party",
        empty_label=_("All parties"),
        widget=LeanSelect,
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        queryset=WorkingGroupPage.objects.none(),
        empty_label=_("All working groups"),
        widget=LeanSelect,
    )
    step = VocabularyChoiceFilter(
        label=_("OECD due-diligence step"),
        to_field_name="number",
        queryset=DueDiligenceStep.objects.all(),
        method="filter_step",
        empty_label=_("All steps"),
        widget=LeanSelect,
    )
    sdg = VocabularyChoiceFilter(
        label=_("SDG target"),
        to_field_name="code",
        queryset=SdgTarget.objects.all(),
        method="filter_sdg",
        empty_label=_("All SDG targets"),
        widget=LeanSelect,
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue commitments"), method="filter_overdue", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None, widget=LeanSelect
    )

    class Meta:
        model = Commitment
        fields = [
            "q",
            "theme",
            "status",
            "stakeholder_type",
            "party",
            "group",
            "step",
            "sdg",
            "overdue",
            "sort",
        ]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        if data is not None and not data.get("sort"):
            data = data.copy()
            data["sort"] = "updated"
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        in_register = Commitment.objects.public_register().values("pk")
        self.filters["party"].queryset = Organisation.objects.filter(
            pk__in=_through("parties", commitment_id__in=in_register).values("organisation_id")
        ).order_by("name")
        if not self.is_bound or self.data.get("group"):
            # Only to check a submitted group: Wagtail's public() reads the view restrictions as it is built.
            self.filters["group"].queryset = (
                WorkingGroupPage.objects.live()
                .public()
                .visible_to(user)
                .defer_streamfields()
                .order_by("title")
            )

    @property
    def form(self):
        """The form, its selects offering the cached lists (commitments.filter_choices); what a visitor
        submits is still checked against each filter's queryset."""
        if not hasattr(self, "_form"):
            form = super().form
            user = getattr(self.request, "user", None)
            for name in CACHED_CHOICE_FILTERS:
                field = form.fields[name]
                field.widget.choices = CachedChoices(name, field.empty_label, user)
        return self._form

    def filter_search(self, queryset, name, value):
        terms = search_terms(value)
        if not terms:
            return queryset
        matches = Commitment.objects.public_register().search(terms, operator="and", order_by_relevance=False)
        return queryset.filter(pk__in=[commitment.pk for commitment in matches])

    def filter_theme(self, queryset, name, value):
        return queryset.filter(pk__in=_through("themes", theme=value))

    def filter_stakeholder_type(self, queryset, name, value):
        return queryset.filter(pk__in=_through("parties", organisation__stakeholder_type=value))

    def filter_party(self, queryset, name, value):
        return queryset.filter(pk__in=_through("parties", organisation=value))

    def filter_step(self, queryset, name, value):
        return queryset.filter(
            pk__in=_through(
                "due_diligence_steps", duediligencestep__translation_key__in=translation_keys(value)
            )
        )

    def filter_sdg(self, queryset, name, value):
        return queryset.filter(
            pk__in=_through("sdg_targets", sdgtarget__translation_key__in=translation_keys(value))
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset

    def filter_sort(self, queryset, name, value):
        return sort_commitments(queryset, value)


class CommitmentAdminFilterSet(WagtailFilterSet):
    workflow_state = django_filters.ChoiceFilter(label=_("Workflow state"), choices=WorkflowState.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CommitmentStatus.choices)
    visibility = django_filters.ChoiceFilter(label=_("Visibility"), choices=CommitmentVisibility.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CommitmentKind.choices)
    parties = django_filters.ModelChoiceFilter(label=_("Party"), queryset=Organisation.objects.all())
    themes = ThemeChoiceFilter(label=_("Theme"), queryset=Theme.objects.all())
    overdue = django_filters.BooleanFilter(label=_("Report overdue"), method="filter_overdue")

    class Meta:
        model = Commitment
        fields = ["workflow_state", "status", "visibility", "kind", "parties", "themes", "overdue"]

    def filter_overdue(self, queryset, name, value):
        """Published and overdue (the desk's "Overdue commitment reports"), or everything else."""
        overdue = Q(workflow_state=WorkflowState.PUBLISHED) & overdue_q()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ProgressUpdateAdminFilterSet(WagtailFilterSet):
    workflow_state = django_filters.ChoiceFilter(label=_("Workflow state"), choices=WorkflowState.choices)

    class Meta:
        model = ProgressUpdate
        fields = ["workflow_state"]
