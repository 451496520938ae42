"""The calendar's pages: an index of events and the events themselves.

Who may see an event follows working_groups.access: an event of a group is visible to whoever may see the
group (a private group's events are invisible to outsiders), and a members-only event only to the group's
members and the secretariat. An event without a group follows its page's publicity (live, and not behind a
Wagtail view restriction). Events live under the event index, under a working group's page (group meetings)
or under a conference (its sessions).
"""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from cms.blocks import BodyBlock
from events.admin_panels import PanelBalancePanel
from events.blocks import AgendaBlock
from events.choices import EVENT_LANGUAGES, AttendanceMode, EventAudience, EventKind, EventStatus
from events.forms import EventPageForm
from working_groups import access
from working_groups.models import original_theme_q

# A change of any of these raises the event's SEQUENCE, so calendar clients take the new time or place: the
# room and the join link (the place in a registered person's copy) are places too.
SCHEDULE_FIELDS = ("start", "end", "time_zone", "venue", "room", "attendance", "join_url", "status")


def default_time_zone() -> str:
    return settings.TIME_ZONE


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class EventPageQuerySet(PageQuerySet):
    """Visibility as a queryset triad, like Wagtail's live_q() / live() / not_live()."""

    @staticmethod
    def audience_q(user) -> models.Q:
        """The group and audience rules alone: an event of a group the user may see, and for members-only
        events a group the user belongs to (even an open group's members-only meeting is for its members)."""
        group_rule = models.Q(group__isnull=True) | access.group_visible_q(user, "group")
        members_rule = ~models.Q(audience=EventAudience.MEMBERS) | access.group_member_q(user, "group")
        return group_rule & members_rule

    @staticmethod
    def view_restrictions() -> list:
        """Every view restriction of the site, with its page and groups: one query, two when the site has any.
        Read once and passed to `restricted_from_q` or `EventPage.is_seen_by` for many people."""
        from wagtail.models import PageViewRestriction

        return list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))

    @staticmethod
    def restrictions_not_passed(
        user, session=None, restrictions: list | None = None
    ) -> list[tuple[str, int]]:
        """The pages (path, depth) under a Wagtail view restriction this person does not pass: "signed in"
        when they are not, "these groups" when they belong to none of them (superusers pass), and a password
        unless `session` (a browser session that entered it) says it was passed. `restrictions`: the site's,
        as `view_restrictions()` read them (else read here). The person's groups are read only when a "these
        groups" restriction asks."""
        from wagtail.models import BaseViewRestriction, PageViewRestriction

        if restrictions is None:
            restrictions = EventPageQuerySet.view_restrictions()
        signed_in = bool(user is not None and user.is_authenticated)
        passed = (
            set(session.get(PageViewRestriction.passed_view_restrictions_session_key, []))
            if session
            else set()
        )
        own_groups: set[int] | None = None  # read only if a "these groups" restriction asks
        hidden = []
        for restriction in restrictions:
            kind = restriction.restriction_type
            if kind == BaseViewRestriction.NONE:
                continue
            if kind == BaseViewRestriction.LOGIN and signed_in:
                continue
            if kind == BaseViewRestriction.GROUPS and signed_in:
                if user.is_superuser:
                    continue
                if own_groups is None:
                    own_groups = set(user.groups.values_list("pk", flat=True))
                if own_groups & {group.pk for group in restriction.groups.all()}:
                    continue
            if kind == BaseViewRestriction.PASSWORD and restriction.pk in passed:
                continue
            hidden.append((restriction.page.path, restriction.page.depth))
        return hidden

    @classmethod
    def restricted_from_q(cls, user, session=None, restrictions: list | None = None) -> models.Q:
        """Pages under a view restriction this person does not pass (`restrictions_not_passed`). One query
        (two when a "these groups" restriction exists: the person's groups), none with `restrictions`."""
        hidden = models.Q(pk__in=[])
        for path, depth in cls.restrictions_not_passed(user, session, restrictions):
            hidden |= models.Q(path__startswith=path, depth__gte=depth)
        return hidden

    @classmethod
    def seen_by_q(cls, user, session=None) -> models.Q:
        """May this person see the event: the one rule for a single person (its page, registration, e-mails,
        the live room). Live, the group and audience rules, and the page's view restrictions they pass.
        `EventPage.is_seen_by` answers the same for one loaded page, in memory."""
        return models.Q(live=True) & cls.audience_q(user) & ~cls.restricted_from_q(user, session)

    def seen_by(self, user, session=None) -> "EventPageQuerySet":
        return self.filter(self.seen_by_q(user, session))

    def visible_to_q(self, user) -> models.Q:
        """Listings, feeds and the API: like seen_by_q, but no page under any view restriction is listed."""
        return self.live_q() & ~self.private_q() & self.audience_q(user)

    def visible_to(self, user) -> "EventPageQuerySet":
        return self.filter(self.visible_to_q(user))

    def not_visible_to(self, user) -> "EventPageQuerySet":
        return self.exclude(self.visible_to_q(user))

    def hidden_by_audience(self, user) -> "EventPageQuerySet":
        """Events the group or audience rules hide from the user, whatever their own publicity (site search
        and the sitemap exclude them through the `roundtable_hidden_pages_q` hook)."""
        return self.exclude(self.audience_q(user))

    def upcoming(self, now: datetime) -> "EventPageQuerySet":
        """Events that have not ended yet (a running event still counts), soonest first."""
        return self.filter(end__gte=now).order_by("start", "pk")

    def past(self, now: datetime) -> "EventPageQuerySet":
        """Events that have ended, most recent first."""
        return self.filter(end__lt=now).order_by("-start", "-pk")


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventIndexPage(Page):
    """The covenant's calendar: lists the upcoming (or past) events the visitor may see."""

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

    def serve(self, request, *args, **kwargs):
        """A refused filter value answers 400 (the form says why beside the field; valid filters apply)."""
        response = super().serve(request, *args, **kwargs)
        filterset = (getattr(response, "context_data", None) or {}).get("filterset")
        if filterset is not None and filterset.is_bound and not filterset.is_valid():
            response.status_code = 400
        return response


class EventPage(Page):
    """One webinar, meeting, workshop, conference or conference session.

    Start and end are stored as aware datetimes (UTC in the database); `time_zone` is the zone the event is
    announced in, and the admin reads and writes the times in that zone. The join link and passcode of an
    online event are for registered people only: never render them on the public page, in a public feed, in a
    search index or in an e-mail to anyone else. A session without a link of its own uses its conference's:
    read them through events.access.join_details / effective_join_details, never from the fields.
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
        help_text=_("Start and end are read in this zone, e.g. Europe/Brussels."),
    )
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=AttendanceMode.choices, default=AttendanceMode.ONLINE
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True, help_text=_("Name and address."))
    room = models.CharField(
        _("room"), max_length=100, blank=True, help_text=_("For sessions of a conference.")
    )
    join_url = models.URLField(
        _("join link"), blank=True, help_text=_("Shown only to people who registered, never in public.")
    )
    join_passcode = models.CharField(_("passcode"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=EVENT_LANGUAGES, default="en")
    themes = ParentalManyToManyField(
        "working_groups.Theme",
        verbose_name=_("themes"),
        blank=True,
        limit_choices_to=original_theme_q,
        related_name="events",
    )
    description = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    agenda = StreamField(AgendaBlock(), verbose_name=_("agenda"), blank=True)
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
    audience = models.CharField(
        _("audience"), max_length=16, choices=EventAudience.choices, default=EventAudience.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.SCHEDULED, db_index=True
    )
    status_notice = models.TextField(
        _("notice"),
        blank=True,
        help_text=_("Why the event was postponed or cancelled, and what happens next."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_open = models.BooleanField(_("registration open"), default=False)
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty to accept until the start."),
    )
    recording_url = models.URLField(
        _("recording"),
        blank=True,
        help_text=_("A YouTube or Vimeo link is shown as a player, others as a link."),
    )
    summary = StreamField(BodyBlock(), verbose_name=_("summary"), blank=True)
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = EventPageManager()
    base_form_class = EventPageForm

    #: The conference above a new session that is not in the tree yet, set by the admin form (which knows
    #: the parent), so that clean() can tell whether the session may leave its join link empty.
    conference_in_form: "EventPage | None" = None

    # The edit form in tabs, in the order the secretariat prepares an event (events/admin_listing.py lists
    # them; docs/secretariat.md describes the tabs).
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("language")]),
        FieldPanel("introduction"),
        FieldPanel("description"),
        FieldPanel("agenda"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("group"), FieldPanel("audience")], heading=_("Who")),
    ]
    schedule_panels = [
        MultiFieldPanel(
            [
                FieldPanel("time_zone"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance"),
                FieldPanel("venue"),
                FieldPanel("room"),
                FieldPanel("join_url"),
                FieldPanel("join_passcode"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("status_notice")], heading=_("Status")),
    ]
    registration_panels = [
        FieldRowPanel([FieldPanel("registration_open"), FieldPanel("capacity")]),
        FieldPanel("registration_deadline"),
        InlinePanel("registration_questions", label=_("Questions")),
    ]
    speaker_panels = [
        InlinePanel("speakers", label=_("Speakers and moderators")),
        PanelBalancePanel(),
    ]
    after_panels = [
        FieldPanel("recording_url"),
        InlinePanel("documents", label=_("Slides and documents")),
        FieldPanel("summary"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(schedule_panels, heading=_("Schedule and place")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(speaker_panels, heading=_("Speakers and panel balance")),
            ObjectList(after_panels, heading=_("After the event")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("description"),
        index.SearchField("summary"),
        index.FilterField("kind"),
        index.FilterField("start"),
        index.FilterField("group"),
    ]
    parent_page_types = ["events.EventIndexPage", "working_groups.WorkingGroupPage", "events.EventPage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="event_ends_after_start"
            )
        ]

    def serve(self, request, *args, **kwargs):
        """An event the visitor may not see answers 404, like a private group."""
        if (
            not EventPage.objects.filter(pk=self.pk)
            .filter(EventPageQuerySet.audience_q(request.user))
            .exists()
        ):
            from django.http import Http404

            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from events.calendar_links import calendar_context
        from events.registrations import registration_context
        from events.selectors import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(self, request))
        context.update(registration_context(self, request))
        context.update(calendar_context(self, request))
        return context

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must come after the start.")
        if self.attendance in (AttendanceMode.IN_PERSON, AttendanceMode.HYBRID) and not self.venue:
            errors["venue"] = _("Give the venue of an event people attend in person.")
        if self.is_online and not self.join_url and not self._takes_conference_join_link():
            errors["join_url"] = (
                _("Give the join link of this session, or one on its online conference.")
                if self.is_session
                else _("Give the join link of an online event.")
            )
        if self.audience == EventAudience.MEMBERS and not self.group_id:
            errors["audience"] = _("A members-only event needs a working group.")
        if self.status != EventStatus.SCHEDULED and not self.status_notice:
            errors["status_notice"] = _("Tell people why the event was postponed or cancelled.")
        if self.registration_deadline and self.start and self.registration_deadline > self.start:
            errors["registration_deadline"] = _("The registration deadline must not come after the start.")
        if errors:
            raise ValidationError(errors)

    def is_seen_by(self, user, session=None, restrictions: list | None = None) -> bool:
        """`EventPageQuerySet.seen_by_q` for this page as loaded (its group with it), answered in memory: for
        a read that decides many people at once (people joining a live room). `restrictions`: the site's,
        read once (`EventPageQuerySet.view_restrictions`)."""
        if not self.live:
            return False
        if not access.is_secretariat(user):
            member_of = access.user_group_roles(user)
            if self.group_id is not None and not access.can_see_group(user, self.group):
                return False
            if self.audience == EventAudience.MEMBERS and self.group_id not in member_of:
                return False
        hidden = EventPageQuerySet.restrictions_not_passed(user, session, restrictions)
        return not any(self.path.startswith(path) and self.depth >= depth for path, depth in hidden)

    def _takes_conference_join_link(self) -> bool:
        """Whether a session without its own link has its conference's (events.access.join_details)."""
        if not self.is_session:
            return False
        from events.access import join_details, registration_page

        conference = self.conference_in_form
        if conference is None and self.path:
            conference = registration_page(self)
        return bool(join_details(self, conference))

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or set(update_fields) & set(SCHEDULE_FIELDS)):
            self._bump_sequence_if_moved()
        return super().save(*args, **kwargs)

    def _bump_sequence_if_moved(self) -> None:
        stored = EventPage.objects.filter(pk=self.pk).values(*SCHEDULE_FIELDS, "ical_sequence").first()
        if stored is None:
            return
        if any(stored[name] != getattr(self, name) for name in SCHEDULE_FIELDS):
            self.ical_sequence = max(stored["ical_sequence"], self.ical_sequence) + 1

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

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_session(self) -> bool:
        return self.kind == EventKind.SESSION
