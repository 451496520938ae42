"""Factories for the calendar: an event index under the home site and events below it."""

import datetime
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from wagtail.test.utils.wagtail_factories import PageFactory

import factory

from events.choices import AttendanceMode, EventKind
from events.models import EventIndexPage, EventPage
from tests.factories.cms import make_home_site

BRUSSELS = ZoneInfo("Europe/Brussels")


class EventIndexPageFactory(PageFactory):
    title = "Events"
    slug = "events"
    introduction = "Webinars, group meetings and the yearly forum of the covenant."

    class Meta:
        model = EventIndexPage


class EventPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Due diligence webinar {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    kind = EventKind.WEBINAR
    introduction = "Parties share how they map smelters and refiners in their tin supply chain."
    start = factory.Sequence(
        lambda n: datetime.datetime(2030, 3, 26, 14, 0, tzinfo=BRUSSELS) + datetime.timedelta(days=n)
    )
    end = factory.LazyAttribute(lambda obj: obj.start + datetime.timedelta(hours=1, minutes=30))
    time_zone = "Europe/Brussels"
    attendance = AttendanceMode.ONLINE
    join_url = "https://video.example.org/j/8123456"
    join_passcode = "tin-2030"

    class Meta:
        model = EventPage


def make_event_index(home=None, **fields) -> EventIndexPage:
    """An event index below the home site (made if not given)."""
    return EventIndexPageFactory(parent=home or make_home_site(), **fields)
