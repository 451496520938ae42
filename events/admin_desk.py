"""The events on the secretariat's desk (working_groups.desk): events in the next days with their
registrations against capacity and the waiting list. The secretariat sees every event, a chair their groups'
events; the query count does not grow with the number of events."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from events import app_settings
from events.choices import EventStatus, RegistrationStatus
from events.models import EventPage, Registration
from working_groups.desk import DeskItem, DeskRow, DeskScope


def _registrations_of_event(status: str):
    """How many registrations in `status` the row's event holds, in whichever language they were made: a
    translation's registrations are its original's (events.access.registration_target), so the count goes by
    the translation key and a Dutch row shows the same figures as its English original."""
    counted = (
        Registration.objects.filter(event__translation_key=OuterRef("translation_key"), status=status)
        .order_by()
        .values("event__translation_key")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_registration_counts(events):
    """Annotate `confirmed_count` and `waitlisted_count` (one query for the whole list)."""
    return events.annotate(
        confirmed_count=_registrations_of_event(RegistrationStatus.CONFIRMED),
        waitlisted_count=_registrations_of_event(RegistrationStatus.WAITLISTED),
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
    # One row per event: the original in the default language (a translation is not a second event).
    events = EventPage.objects.filter(
        start__gte=now, start__lte=until, locale__language_code=settings.LANGUAGE_CODE
    ).exclude(status=EventStatus.CANCELLED)
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
