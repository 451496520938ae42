"""Events in the Wagtail admin as the secretariat runs them: a flat listing of every event (Wagtail's own page
listing view) with date, status, type, group and registrations against capacity and the waiting list, filtered
by dates, type, group and status; it costs the same number of queries for 10 events or 1,000."""

from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import AdminDateInput

import django_filters

from events.admin_desk import registrations_summary, with_registration_counts
from events.choices import EventKind, EventStatus
from events.models import EventPage


def _groups(request):
    from working_groups.models import WorkingGroupPage

    return WorkingGroupPage.objects.order_by("title")


class PublicationStatus:
    DRAFT = "draft"
    LIVE = "live"
    SCHEDULED = "scheduled"
    UPCOMING = "upcoming"
    PAST = "past"
    CANCELLED = "cancelled"

    choices = [
        (DRAFT, _("Draft")),
        (LIVE, _("Live")),
        (SCHEDULED, _("Scheduled to go live")),
        (UPCOMING, _("Upcoming")),
        (PAST, _("Past")),
        (CANCELLED, _("Cancelled or postponed")),
    ]


class EventListingFilterSet(WagtailFilterSet):
    start_from = django_filters.DateFilter(
        label=_("Starts on or after"), field_name="start", lookup_expr="date__gte", widget=AdminDateInput
    )
    start_to = django_filters.DateFilter(
        label=_("Starts on or before"), field_name="start", lookup_expr="date__lte", widget=AdminDateInput
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Type"), choices=EventKind.choices, widget=forms.CheckboxSelectMultiple
    )
    group = django_filters.ModelChoiceFilter(label=_("Working group"), queryset=_groups)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PublicationStatus.choices, method="filter_status"
    )

    class Meta:
        model = EventPage
        fields = ["start_from", "start_to", "kind", "group", "status"]

    def filter_status(self, queryset, name, value):
        now = timezone.now()
        conditions = {
            PublicationStatus.DRAFT: Q(live=False),
            PublicationStatus.LIVE: Q(live=True),
            PublicationStatus.SCHEDULED: Q(_approved_schedule=True),
            PublicationStatus.UPCOMING: Q(end__gte=now),
            PublicationStatus.PAST: Q(end__lt=now),
            PublicationStatus.CANCELLED: ~Q(status=EventStatus.SCHEDULED),
        }
        return queryset.filter(conditions[value]) if value in conditions else queryset


def publication_status(event) -> str:
    """ "Live · upcoming", "Draft · past", "Scheduled · upcoming · Cancelled", …"""
    if getattr(event, "_approved_schedule", False):
        published = _("Scheduled")
    elif event.live:
        published = _("Live")
    else:
        published = _("Draft")
    parts = [str(published), str(_("past") if event.end < timezone.now() else _("upcoming"))]
    if event.status != EventStatus.SCHEDULED:
        parts.append(str(event.get_status_display()))
    return " · ".join(parts)


def event_date(event) -> str:
    return timezone.localtime(event.start).strftime("%Y-%m-%d %H:%M")


class EventListingIndexView(IndexView):
    default_ordering = "-start"
    # Wagtail renders each page row with its menus; 25 rows render in half the time of Wagtail's 50
    # (bench/bench_admin.py) and still cover a few months of events.
    paginate_by = 25
    page_title = _("Events")

    def get_valid_orderings(self):
        return [*super().get_valid_orderings(), "start", "-start"]

    def get_base_queryset(self):
        # Annotations survive Wagtail's .specific() (select_related would not): one query for the whole page.
        events = with_registration_counts(super().get_base_queryset())
        return events.annotate(group_title=F("group__title"))


class EventListingViewSet(PageListingViewSet):
    model = EventPage
    index_view_class = EventListingIndexView
    icon = "date"
    menu_label = _("All events")
    name = "event_listing"
    add_to_admin_menu = False
    filterset_class = EventListingFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        Column("start", label=_("Date"), accessor=event_date, sort_key="start"),
        Column("status", label=_("Status"), accessor=publication_status),
        Column("kind", label=_("Type"), accessor="get_kind_display", sort_key="kind"),
        Column("group", label=_("Working group"), accessor="group_title"),
        Column(
            "registrations", label=_("Registrations / capacity / waiting"), accessor=registrations_summary
        ),
    ]

    @cached_property
    def menu_item_class(self):
        """Shown only to people who may work on pages (as the listing itself requires), not to a chair who
        opens the admin for the dashboard alone."""
        from wagtail.admin.menu import MenuItem
        from wagtail.permission_policies.pages import PagePermissionPolicy

        required = self.index_view_class.any_permission_required

        class EventListingMenuItem(MenuItem):
            def is_shown(self, request):
                return PagePermissionPolicy().user_has_any_permission(request.user, required)

        return EventListingMenuItem
