"""`/api/v1/events/`: the calendar as data.

The events an anonymous visitor may see (`EventPage.objects.visible_to(AnonymousUser())`: live, without a
view restriction, not of a private group, not members-only), filtered by the calendar's own FilterSet
(`when=upcoming` by default, or `past`; type, theme, group, attendance, language, dates). The list is the
calendar's: conferences and standalone events; sessions appear inside their conference and by id or slug.

Never in any answer: the join link and the passcode (not even a session's conference's), registrations,
the speakers' accounts or gender answers.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from wagtail.models import Site

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.base import PublicReadOnlyViewSet
from api.resources import Resource
from api.serializers import GroupRefSerializer, ThemeRefSerializer, visible_groups
from cms.recordings import recording_for
from events.choices import EventKind
from events.filters import EventFilterSet
from events.models import EventDocument, EventPage, EventSpeaker


class SpeakerSerializer(serializers.Serializer):
    name = serializers.CharField(source="speaker.name")
    role = serializers.CharField(source="speaker.role", help_text="Job title or function.")
    organisation = serializers.CharField(source="speaker.affiliation")
    part = serializers.CharField(source="role", help_text="speaker or moderator")


class RecordingSerializer(serializers.Serializer):
    url = serializers.URLField()
    provider = serializers.CharField()
    embed_url = serializers.URLField(allow_null=True, help_text="A privacy-friendly player address.")


class EventDocumentSerializer(serializers.Serializer):
    title = serializers.CharField(source="display_title")
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, part: EventDocument) -> str:
        return self.context["request"].build_absolute_uri(part.document.url)


class EventRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event) -> str:
        return event.get_full_url(self.context["request"]) or ""


class SessionSerializer(EventRefSerializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    room = serializers.CharField(allow_blank=True)
    status = serializers.CharField()
    speakers = SpeakerSerializer(many=True, source="speakers.all")


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    status = serializers.CharField()
    status_notice = serializers.CharField(allow_blank=True)
    introduction = serializers.CharField()
    start = serializers.DateTimeField(help_text="UTC.")
    end = serializers.DateTimeField(help_text="UTC.")
    time_zone = serializers.CharField(help_text="The zone the event is announced in.")
    local_start = serializers.SerializerMethodField(help_text="The start in the event's own time zone.")
    local_end = serializers.SerializerMethodField(help_text="The end in the event's own time zone.")
    attendance = serializers.CharField()
    venue = serializers.CharField(allow_blank=True)
    room = serializers.CharField(allow_blank=True)
    language = serializers.CharField()
    registration_open = serializers.BooleanField()
    themes = ThemeRefSerializer(many=True, source="themes.all")
    group = serializers.SerializerMethodField()
    speakers = SpeakerSerializer(many=True, source="speakers.all")
    recording = serializers.SerializerMethodField()
    documents = EventDocumentSerializer(many=True, source="documents.all")
    sessions = SessionSerializer(many=True, source="public_sessions", help_text="A conference's sessions.")
    conference = serializers.SerializerMethodField(help_text="A session's conference.")
    url = serializers.SerializerMethodField()
    ical_url = serializers.SerializerMethodField(help_text="A subscribable iCalendar feed of this event.")

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_local_start(self, event) -> str:
        return event.local_start.isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_local_end(self, event) -> str:
        return event.local_end.isoformat()

    @extend_schema_field(GroupRefSerializer(allow_null=True))
    def get_group(self, event):
        group = getattr(event, "public_group", None)
        return GroupRefSerializer(group, context=self.context).data if group else None

    @extend_schema_field(RecordingSerializer(allow_null=True))
    def get_recording(self, event):
        recording = recording_for(event.recording_url)
        return RecordingSerializer(recording).data if recording else None

    @extend_schema_field(EventRefSerializer(allow_null=True))
    def get_conference(self, event):
        conference = getattr(event, "public_conference", None)
        return EventRefSerializer(conference, context=self.context).data if conference else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event) -> str:
        return event.get_full_url(self.context["request"]) or ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_ical_url(self, event) -> str:
        return self.context["request"].build_absolute_uri(reverse("events:event_feed", args=[event.pk]))


def _speakers() -> Prefetch:
    return Prefetch(
        "speakers",
        queryset=EventSpeaker.objects.select_related("speaker__organisation").order_by("sort_order", "pk"),
    )


class EventViewSet(PublicReadOnlyViewSet):
    """Webinars, meetings, workshops and conferences anyone may see, upcoming by default."""

    queryset = EventPage.objects.none()
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    ordering_fields = ["id", "start", "end", "title"]

    def public_queryset(self) -> QuerySet[EventPage]:
        site = Site.find_for_request(self.request)
        events = EventPage.objects.visible_to(AnonymousUser()).defer_streamfields()
        if site is not None:
            events = events.filter(path__startswith=site.root_page.path)
        return events

    def list_queryset(self, queryset):
        return self._with_parts(queryset.exclude(kind=EventKind.SESSION))

    def detail_queryset(self, queryset):
        return self._with_parts(queryset)

    @staticmethod
    def _with_parts(queryset):
        return queryset.prefetch_related(
            "themes",
            _speakers(),
            Prefetch(
                "documents", queryset=EventDocument.objects.select_related("document").order_by("sort_order")
            ),
        )

    def decorate(self, objects):
        """The visible groups, a conference's visible sessions and a session's visible conference, for the
        whole page in three queries (plus the sessions' speakers)."""
        groups = visible_groups(event.group_id for event in objects)
        conferences = [event for event in objects if event.kind == EventKind.CONFERENCE]
        sessions_by_parent: dict[str, list[EventPage]] = {}
        if conferences:
            sessions = (
                self.public_queryset()
                .filter(reduce(or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in conferences)))
                .prefetch_related(_speakers())
                .order_by("start", "pk")
            )
            for session in sessions:
                sessions_by_parent.setdefault(session.path[: -session.steplen], []).append(session)
        parent_paths = {event.path[: -event.steplen] for event in objects if event.kind == EventKind.SESSION}
        parents = {}
        if parent_paths:
            parents = {
                parent.path: parent
                for parent in self.public_queryset().filter(path__in=parent_paths, kind=EventKind.CONFERENCE)
            }
        for event in objects:
            event.public_group = groups.get(event.group_id)
            event.public_sessions = sessions_by_parent.get(event.path, [])
            event.public_conference = (
                parents.get(event.path[: -event.steplen]) if event.kind == EventKind.SESSION else None
            )


RESOURCE = Resource(prefix="events", viewset=EventViewSet, basename="event")
