"""The secretariat's events in the admin: the listing (columns, filters, same queries for 10 or 1,000 events),
the edit form's tabs, duplicating an event for a series and the attendee CSV offered only to organisers."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from events.choices import EventKind, RegistrationStatus
from events.models import EventPage, Registration
from events.services.registrations import registration_create
from tests.factories.bulk_events import bulk_events
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from working_groups.choices import Role, Visibility

LISTING = "event_listing:index"


def listing_rows(html: str) -> str:
    table = html[html.find('class="listing full-width') :]
    return table[table.find("<tbody") : table.find("</tbody>")]


@pytest.fixture
def webinar(calendar):
    event = EventPageFactory(
        parent=calendar.index,
        title="Smelter audits webinar",
        kind=EventKind.WEBINAR,
        group=calendar.groups[Visibility.OPEN],
        registration_open=True,
        capacity=1,
        start=timezone.now() + datetime.timedelta(days=3),
        end=timezone.now() + datetime.timedelta(days=3, hours=1),
    )
    registration_create(user=UserFactory(), event=event)
    registration_create(user=UserFactory(), event=event)  # waiting list
    return event


def test_the_listing_shows_date_status_type_group_and_registrations(client_for, calendar, webinar):
    html = client_for(calendar.people["secretariat"]).get(reverse(LISTING)).content.decode()
    for heading in ("Date", "Status", "Type", "Working group", "Registrations / capacity / waiting"):
        assert heading in html
    rows = listing_rows(html)
    assert "Smelter audits webinar" in rows
    assert "Live · upcoming" in rows
    assert "1 / 1, 1 waiting" in rows
    assert timezone.localtime(webinar.start).strftime("%Y-%m-%d %H:%M") in rows


def test_the_listing_filters_by_dates_type_group_and_status(client_for, calendar, webinar):
    client = client_for(calendar.people["secretariat"])
    past = EventPageFactory(
        parent=calendar.index,
        title="Conference of last year",
        kind=EventKind.CONFERENCE,
        start=timezone.now() - datetime.timedelta(days=300),
        end=timezone.now() - datetime.timedelta(days=299),
    )
    draft = EventPageFactory(
        parent=calendar.index, title="Draft workshop", kind=EventKind.WORKSHOP, live=False
    )

    def titles(**params) -> set[str]:
        rows = listing_rows(client.get(reverse(LISTING), params).content.decode())
        return {page.title for page in (webinar, past, draft) if page.title in rows}

    soon = timezone.localdate() + datetime.timedelta(days=10)
    assert titles(start_from=timezone.localdate().isoformat(), start_to=soon.isoformat()) == {webinar.title}
    assert titles(kind=EventKind.CONFERENCE) == {past.title}
    assert titles(group=calendar.groups[Visibility.OPEN].pk) == {webinar.title}
    assert titles(status="past") == {past.title}
    assert titles(status="draft") == {draft.title}
    assert webinar.title in titles(status="upcoming") and past.title not in titles(status="upcoming")


def _listing_queries(client) -> int:
    client.get(reverse(LISTING))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(LISTING)).status_code == 200
    return len(captured)


def test_the_listing_costs_the_same_queries_for_10_or_1000_events(client_for, calendar):
    client = client_for(calendar.people["secretariat"])
    user = UserFactory()
    ids = bulk_events(calendar.index, 6, group=calendar.groups[Visibility.OPEN], capacity=3)
    Registration.objects.bulk_create(
        [Registration(event_id=pk, user=user, status=RegistrationStatus.WAITLISTED) for pk in ids]
    )
    few = _listing_queries(client)  # 10 events: the 4 of the calendar and 6 more
    ids = bulk_events(
        calendar.index, 990, prefix="Many", group=calendar.groups[Visibility.CLOSED], capacity=3
    )
    Registration.objects.bulk_create(
        [Registration(event_id=pk, user=user, status=RegistrationStatus.CONFIRMED) for pk in ids]
    )
    assert EventPage.objects.count() == 1000
    many = _listing_queries(client)
    assert many == few


def test_the_edit_form_comes_in_tabs(client_for, calendar, webinar):
    html = (
        client_for(calendar.people["secretariat"])
        .get(reverse("wagtailadmin_pages:edit", args=[webinar.pk]))
        .content.decode()
    )
    for tab in (
        "Content",
        "Schedule and place",
        "Registration",
        "Speakers and panel balance",
        "After the event",
    ):
        assert f">{tab}<" in html or f"{tab}\n" in html
    tabs = html[html.find('role="tablist"') :]
    assert (
        tabs.index("Schedule and place")
        < tabs.index("Speakers and panel balance")
        < tabs.index("After the event")
    )


def test_duplicating_copies_the_event_a_week_later_as_a_draft_without_registrations(
    client_for, calendar, webinar
):
    client = client_for(calendar.people["secretariat"])
    url = reverse("events_duplicate", args=[webinar.pk])
    form = client.get(url).content.decode()
    next_week = (webinar.local_start + datetime.timedelta(weeks=1)).date()
    assert next_week.isoformat() in form
    response = client.post(url, {"date": next_week.isoformat()}, follow=True)
    copy = EventPage.objects.exclude(pk=webinar.pk).get(title=webinar.title)
    assert copy.start == webinar.start + datetime.timedelta(weeks=1)
    assert copy.end - copy.start == webinar.end - webinar.start
    assert copy.live is False and copy.get_parent().pk == webinar.get_parent().pk
    assert copy.slug != webinar.slug and copy.ical_sequence == 0
    assert copy.registrations.count() == 0 and webinar.registrations.count() == 2
    assert copy.capacity == webinar.capacity and copy.group_id == webinar.group_id
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    assert "as a draft" in response.content.decode() and "without registrations" in response.content.decode()


def test_duplicating_twice_on_the_same_day_gives_free_slugs(client_for, calendar, webinar):
    client = client_for(calendar.people["secretariat"])
    url = reverse("events_duplicate", args=[webinar.pk])
    for _ in range(2):
        client.post(url, {"date": "2031-01-07"})
    slugs = set(EventPage.objects.filter(title=webinar.title).values_list("slug", flat=True))
    assert len(slugs) == 3


def admin_chair(group):
    person = UserFactory()
    access, _created = Group.objects.get_or_create(name="Admin access")
    access.permissions.add(Permission.objects.get(codename="access_admin"))
    person.groups.add(access)
    add_member(group, person, role=Role.CHAIR)
    return person


@pytest.mark.parametrize("persona", ["member", "chair", "other chair"])
def test_only_those_who_may_add_pages_duplicate(client_for, calendar, webinar, persona):
    people = {
        "member": calendar.people["member"],
        "chair": admin_chair(calendar.groups[Visibility.OPEN]),
        "other chair": admin_chair(calendar.groups[Visibility.CLOSED]),
    }
    client = client_for(people[persona])
    response = client.post(reverse("events_duplicate", args=[webinar.pk]), {"date": "2031-01-07"})
    assert response.status_code in (302, 403)
    assert "/pages/" not in response.get("Location", "")
    assert EventPage.objects.filter(title=webinar.title).count() == 1


def test_anonymous_visitors_cannot_duplicate(client, webinar):
    response = client.post(reverse("events_duplicate", args=[webinar.pk]), {"date": "2031-01-07"})
    assert response.status_code == 302 and "login" in response.url
    assert EventPage.objects.filter(title=webinar.title).count() == 1


def test_the_listing_offers_duplicate_and_attendee_csv_to_the_secretariat(client_for, calendar, webinar):
    html = client_for(calendar.people["secretariat"]).get(reverse(LISTING)).content.decode()
    assert reverse("events_duplicate", args=[webinar.pk]) in html
    assert reverse("events:attendees_csv", args=[webinar.pk]) in html
    csv = client_for(calendar.people["secretariat"]).get(reverse("events:attendees_csv", args=[webinar.pk]))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")


def test_the_edit_page_header_offers_the_same_actions(client_for, calendar, webinar):
    html = (
        client_for(calendar.people["secretariat"])
        .get(reverse("wagtailadmin_pages:edit", args=[webinar.pk]))
        .content.decode()
    )
    assert reverse("events_duplicate", args=[webinar.pk]) in html
    assert reverse("events:attendees_csv", args=[webinar.pk]) in html


@pytest.mark.parametrize("persona, status", [("member", 404), ("other chair", 404), ("anonymous", 302)])
def test_the_attendee_csv_refuses_those_who_may_not_see_it(client_for, calendar, webinar, persona, status):
    people = {
        "member": calendar.people["member"],
        "other chair": admin_chair(calendar.groups[Visibility.CLOSED]),
        "anonymous": None,
    }
    response = client_for(people[persona]).get(reverse("events:attendees_csv", args=[webinar.pk]))
    assert response.status_code == status
    assert b"@" not in response.content


def test_a_chair_gets_the_csv_of_their_groups_event(client_for, calendar, webinar):
    chair = admin_chair(calendar.groups[Visibility.OPEN])
    response = client_for(chair).get(reverse("events:attendees_csv", args=[webinar.pk]))
    assert response.status_code == 200 and response.content.count(b"\n") == 3


def test_a_chair_with_admin_access_gets_no_events_listing(client_for, calendar, webinar):
    """A chair opens the admin for the dashboard; the page listing is for those who may work on pages."""
    client = client_for(admin_chair(calendar.groups[Visibility.OPEN]))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(LISTING) not in dashboard
    response = client.get(reverse(LISTING))
    assert response.status_code in (302, 403)
    assert webinar.title not in response.content.decode()
    secretariat = client_for(calendar.people["secretariat"]).get(reverse("wagtailadmin_home"))
    assert reverse(LISTING) in secretariat.content.decode()
