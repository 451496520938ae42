"""The calendar's pages: an index of events and the events themselves.

Who may see an event follows working_groups.access: an event of a group is visible to whoever may see the
group (a private group's events are invisible to outsiders); an event without a group follows its page's
publicity (live, and not behind a Wagtail view restriction).
"""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from cms.blocks import BodyBlock
from events.choices import AttendanceMode, EventKind
from working_groups import access


def default_time_zone() -> str:
    return settings.TIME_ZONE


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class EventPageQuerySet(PageQuerySet):
    """Visibility as a queryset triad, like Wagtail's live_q() / live() / not_live()."""

    def visible_to_q(self, user) -> models.Q:
        """Live, public events that either belong to no group or to a group the user may see."""
        group_rule = models.Q(group__isnull=True) | access.group_visible_q(user, "group")
        return self.live_q() & ~self.private_q() & group_rule

    def visible_to(self, user) -> "EventPageQuerySet":
        return self.filter(self.visible_to_q(user))

    def not_visible_to(self, user) -> "EventPageQuerySet":
        return self.exclude(self.visible_to_q(user))

    def of_hidden_groups(self, user) -> "EventPageQuerySet":
        """Events of groups the user may not see, whatever their own publicity (site search and the sitemap
        exclude them through the `roundtable_hidden_pages_q` hook)."""
        return self.filter(group__isnull=False).exclude(access.group_visible_q(user, "group"))

    def upcoming(self, now: datetime) -> "EventPageQuerySet":
        """Events that have not ended yet (a running event still counts), soonest first."""
        return self.filter(end__gte=now).order_by("start", "pk")


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventIndexPage(Page):
    """The covenant's calendar: lists the upcoming events the visitor may see."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        from events.selectors import event_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_index_context(self, request))
        return context


class EventPage(Page):
    """One webinar, meeting, workshop, conference or conference session.

    Start and end are stored as aware datetimes (UTC in the database); `time_zone` is the zone the event is
    announced in. The join link and passcode of an online event are for registered people only: never render
    them on the public page, in a feed or in a search index.
    """

    kind = models.CharField(_("type"), max_length=16, choices=EventKind.choices, default=EventKind.WEBINAR)
    introduction = models.TextField(
        _("introduction"), help_text=_("One or two public sentences shown in listings and search results.")
    )
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"), db_index=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("The zone the event is announced in, e.g. Europe/Brussels."),
    )
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=AttendanceMode.choices, default=AttendanceMode.ONLINE
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True, help_text=_("Name and address."))
    join_url = models.URLField(
        _("join link"), blank=True, help_text=_("Shown only to people who registered, never in public.")
    )
    join_passcode = models.CharField(_("passcode"), max_length=64, blank=True)
    description = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    group = models.ForeignKey(
        "working_groups.WorkingGroupPage",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        # Protect rather than set null: an event of a private group must never become public by accident.
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("Events of a group are seen by whoever may see the group."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_open = models.BooleanField(_("registration open"), default=False)

    objects = EventPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone", widget=forms.Select(choices=time_zone_choices)),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance"),
                FieldPanel("venue"),
                FieldPanel("join_url"),
                FieldPanel("join_passcode"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("description"),
        FieldPanel("group"),
        MultiFieldPanel([FieldPanel("capacity"), FieldPanel("registration_open")], heading=_("Registration")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("start"),
        index.FilterField("group"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="event_ends_after_start"
            )
        ]

    def serve(self, request, *args, **kwargs):
        """An event of a group the visitor may not see answers 404, like the group itself."""
        if self.group_id is not None:
            access.require_visible_group(request.user, self.group)
        return super().serve(request, *args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must come after the start.")
        if self.attendance in (AttendanceMode.IN_PERSON, AttendanceMode.HYBRID) and not self.venue:
            errors["venue"] = _("Give the venue of an event people attend in person.")
        if self.attendance in (AttendanceMode.ONLINE, AttendanceMode.HYBRID) and not self.join_url:
            errors["join_url"] = _("Give the join link of an online event.")
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime:
        """The start in the event's own time zone."""
        return self.start.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.zone)

    @property
    def is_online(self) -> bool:
        return self.attendance in (AttendanceMode.ONLINE, AttendanceMode.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.attendance in (AttendanceMode.IN_PERSON, AttendanceMode.HYBRID)
