"""django-filter on thread lists: forum, tag, stakeholder type of the participants, unanswered, my threads and
dates. Every choice offered comes from what the person may read, so a facet never names a private forum."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

import django_filters

from forums.models import Forum, Post, Thread
from working_groups.models import StakeholderType


class ThreadFilterSet(django_filters.FilterSet):
    forum = django_filters.ModelChoiceFilter(
        label=_("Forum"), to_field_name="slug", queryset=Forum.objects.none(), empty_label=_("All forums")
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"),
        field_name="tags",
        to_field_name="slug",
        queryset=Tag.objects.none(),
        empty_label=_("All tags"),
    )
    stakeholder_type = django_filters.ChoiceFilter(
        label=_("With a post by"),
        choices=StakeholderType.choices,
        empty_label=_("Any stakeholder type"),
        method="filter_stakeholder_type",
    )
    unanswered = django_filters.BooleanFilter(
        label=_("Only threads without replies"), method="filter_unanswered", widget=forms.CheckboxInput
    )
    mine = django_filters.BooleanFilter(
        label=_("Only threads I started or posted in"), method="filter_mine", widget=forms.CheckboxInput
    )
    active_from = django_filters.DateFilter(
        label=_("Active from"),
        field_name="last_post_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    active_to = django_filters.DateFilter(
        label=_("Active until"),
        field_name="last_post_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Thread
        fields = ["forum", "tag", "stakeholder_type", "unanswered", "mine", "active_from", "active_to"]

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.user = user
        readable = Forum.objects.visible_to(user)
        self.filters["forum"].queryset = readable.order_by("title")
        self.filters["tag"].queryset = (
            Tag.objects.filter(forums_threadtag_items__content_object__forum__in=readable)
            .distinct()
            .order_by("name")
        )
        if not user.is_authenticated:
            del self.filters["mine"]

    def filter_stakeholder_type(self, queryset, name, value):
        if not value:
            return queryset
        # Chatham House threads are left out: where a type is not shown on their posts (too few
        # organisations of it, forums.presenters.chatham_type_label), a filter must not reveal it either.
        spoke = Post.objects.filter(
            thread=OuterRef("pk"),
            thread__chatham_house=False,
            deleted_at__isnull=True,
            hidden=False,
            author__profile__organisation__stakeholder_type=value,
        )
        return queryset.filter(Exists(spoke))

    def filter_unanswered(self, queryset, name, value):
        return queryset.filter(post_count__lte=1) if value else queryset

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        wrote = Post.objects.filter(thread=OuterRef("pk"), author=self.user, deleted_at__isnull=True)
        return queryset.filter(Q(author=self.user) | Q(Exists(wrote)))
