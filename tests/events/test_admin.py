"""The "Events" admin menu: the Speaker snippet and the read-only Registration listing (filters, search,
export), and the Secretariat group's permissions on them."""

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from events.models import Registration, Speaker
from events.services.registrations import registration_create
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory

REGISTRATIONS = "registration:index"
SPEAKERS = "wagtailsnippets_events_speaker:list"


@pytest.fixture
def registrations(calendar):
    first = EventPageFactory(parent=calendar.index, title="First webinar", registration_open=True, capacity=1)
    second = EventPageFactory(parent=calendar.index, title="Second webinar", registration_open=True)
    ada = UserFactory(email="ada@example.org", first_name="Ada", last_name="Lovelace")
    grace = UserFactory(email="grace@example.org", first_name="Grace", last_name="Hopper")
    registration_create(user=ada, event=first)
    registration_create(user=grace, event=first)  # waiting list
    registration_create(user=grace, event=second)
    return {"first": first, "second": second}


def test_the_secretariat_group_may_manage_speakers_and_view_registrations(db):
    codenames = set(Group.objects.get(name="Secretariat").permissions.values_list("codename", flat=True))
    assert {
        "add_speaker",
        "change_speaker",
        "delete_speaker",
        "view_speaker",
        "view_registration",
    } <= codenames
    assert not {"add_registration", "change_registration", "delete_registration"} & codenames


def test_the_secretariat_lists_registrations_with_filters_and_search(client, secretariat_user, registrations):
    client.force_login(secretariat_user)
    url = reverse(REGISTRATIONS)
    html = client.get(url).content.decode()
    assert "ada@example.org" in html and "grace@example.org" in html
    response = client.get(url, {"event": registrations["second"].pk})
    assert "grace@example.org" in response.content.decode()
    assert "ada@example.org" not in response.content.decode()
    response = client.get(url, {"status": "waitlisted"})
    assert "grace@example.org" in response.content.decode()
    assert "ada@example.org" not in response.content.decode()
    response = client.get(url, {"q": "lovelace"})
    assert "ada@example.org" in response.content.decode()
    assert "grace@example.org" not in response.content.decode()


def test_registrations_are_read_only_in_the_admin_even_for_superusers(client, registrations):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    html = client.get(reverse(REGISTRATIONS)).content.decode()
    assert reverse("registration:add") not in html
    assert client.get(reverse("registration:add")).status_code in (302, 403)
    registration = Registration.objects.first()
    assert client.get(reverse("registration:edit", args=[registration.pk])).status_code in (302, 403)
    assert client.get(reverse("registration:inspect", args=[registration.pk])).status_code == 200


def test_registrations_export_as_csv_without_formulas(client, secretariat_user, registrations):
    registration_create(user=UserFactory(username="=HYPERLINK(1)"), event=registrations["second"])
    client.force_login(secretariat_user)
    response = client.get(reverse(REGISTRATIONS), {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "ada@example.org" in body
    assert "'=HYPERLINK(1)" in body


def test_the_secretariat_manages_speakers(client, secretariat_user):
    Speaker.objects.create(name="Dr Amina Okafor", role="Researcher")
    client.force_login(secretariat_user)
    response = client.get(reverse(SPEAKERS))
    assert response.status_code == 200 and "Dr Amina Okafor" in response.content.decode()
    response = client.post(
        reverse("wagtailsnippets_events_speaker:add"), {"name": "Jan de Vries", "role": "Buyer"}
    )
    assert response.status_code == 302
    assert Speaker.objects.filter(name="Jan de Vries").exists()


@pytest.mark.parametrize("url_name", [REGISTRATIONS, SPEAKERS])
def test_people_without_admin_rights_are_kept_out(client, db, url_name):
    client.force_login(UserFactory())
    assert client.get(reverse(url_name)).status_code in (302, 403)


def test_the_events_menu_holds_speakers_and_registrations(client, secretariat_user):
    client.force_login(secretariat_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(SPEAKERS) in html and reverse(REGISTRATIONS) in html
