"""The admin form of event pages.

Editors type times as the wall-clock time in the event's own zone (a webinar "at 14:00 Brussels time"),
whatever their own admin time zone; the form shows stored times back in that zone. It also places the event:
under a working group's page the event belongs to that group, and a session inherits its conference's group
and audience (and may leave its join link empty to use its online conference's).
"""

import zoneinfo
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from cms.time_zones import time_zone_choices
from events.choices import EventKind

TIME_FIELDS = ("start", "end", "registration_deadline")


def as_wall_clock(value: datetime | None, zone: zoneinfo.ZoneInfo) -> datetime | None:
    """An aware datetime as the naive wall-clock time it shows in `zone`."""
    return None if value is None else timezone.make_naive(value, zone)


def in_zone(value: datetime | None, zone: zoneinfo.ZoneInfo) -> datetime | None:
    """Read the wall-clock time of `value` (however the form made it aware) as a time in `zone`."""
    if value is None:
        return None
    wall_clock = (
        timezone.make_naive(value, timezone.get_current_timezone()) if timezone.is_aware(value) else value
    )
    return wall_clock.replace(tzinfo=zone)


class EventPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "time_zone" in self.fields:
            self.fields["time_zone"].widget = forms.Select(choices=time_zone_choices())
        if self.instance.pk and self.instance.time_zone:
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            for name in TIME_FIELDS:
                if name in self.fields:
                    self.initial[name] = as_wall_clock(getattr(self.instance, name), zone)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name in zoneinfo.available_timezones():
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in TIME_FIELDS:
                if name in cleaned:
                    cleaned[name] = in_zone(cleaned[name], zone)
        self._place_in_tree(cleaned)
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must come after the start."))
        return cleaned

    def _place_in_tree(self, cleaned: dict) -> None:
        parent = getattr(self, "parent_page", None)
        if parent is None:
            return
        parent = parent.specific
        from events.models import EventPage
        from working_groups.models import WorkingGroupPage

        if isinstance(parent, WorkingGroupPage):
            cleaned["group"] = parent
        elif isinstance(parent, EventPage):
            if parent.kind != EventKind.CONFERENCE:
                self.add_error(None, _("Only a conference has sessions below it."))
            elif cleaned.get("kind") != EventKind.SESSION:
                self.add_error("kind", _("An event below a conference is a session of it."))
            else:
                # A session may leave its join link empty and use its conference's (EventPage.clean).
                self.instance.conference_in_form = parent
            cleaned["group"] = parent.group
            cleaned["audience"] = parent.audience
        elif cleaned.get("kind") == EventKind.SESSION:
            self.add_error("kind", _("A session belongs below its conference."))
