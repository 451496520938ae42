"""The events on the secretariat's desk (working_groups.desk): events in the next days with their
registrations against capacity and the waiting list. The secretariat sees every event, a chair their groups'
events; the query count does not grow with the number of events."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from events import app_settings
from events.choices import EventStatus, RegistrationStatus
from events.models import EventPage
from working_groups.desk import DeskItem, DeskRow, DeskScope


def with_registration_counts(events):
    """Annotate `confirmed_count` and `waitlisted_count` (one query for the whole list)."""
    return events.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )


def registrations_summary(event) -> str:
    """ "12 / 30, 3 waiting" (or "12 / no limit") from the annotated counts."""
    capacity = event.capacity if event.capacity is not None else _("no limit")
    summary = _("%(confirmed)s / %(capacity)s") % {"confirmed": event.confirmed_count, "capacity": capacity}
    if event.waitlisted_count:
        summary += ", " + _("%(count)s waiting") % {"count": event.waitlisted_count}
    return summary


def upcoming_events_item(user, scope: DeskScope) -> list[DeskItem]:
    now = timezone.now()
    until = now + timedelta(days=app_settings.desk_upcoming_event_days())
    events = EventPage.objects.filter(start__gte=now, start__lte=until).exclude(status=EventStatus.CANCELLED)
    if not scope.secretariat:
        events = events.filter(group_id__in=scope.group_ids)
    count = events.count()
    rows = []
    if count:
        shown = with_registration_counts(events.defer_streamfields()).order_by("start", "pk")
        for event in shown[: app_settings.desk_event_rows()]:
            when = formats.date_format(timezone.localtime(event.start), "SHORT_DATETIME_FORMAT")
            rows.append(
                DeskRow(
                    label=f"{when} — {event.title}",
                    detail=registrations_summary(event),
                    url=reverse("events:attendees", args=[event.pk]),
                )
            )
    url = ""
    if scope.secretariat:
        dates = {"start_from": now.date().isoformat(), "start_to": until.date().isoformat()}
        url = f"{reverse('event_listing:index')}?{urlencode(dates)}"
    label = _("Events in the next %(days)s days") % {"days": app_settings.desk_upcoming_event_days()}
    return [DeskItem("events", label, count, url, order=50, rows=tuple(rows))]
