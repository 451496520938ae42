"""One event, two languages: a registration made on the Dutch translation of an event is a registration for
the event itself — its capacity and waiting list, its attendee list and CSV, the live room, "my events",
the personal calendar, the admin listing and the desk. Adversary tests: register on /nl/, then look from
the English side."""

import csv
import datetime
import io

from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.i18n.translations import translate_page
from events.choices import RegistrationStatus
from events.models import Registration, RegistrationQuestion
from events.registrations import is_registered, registration_context
from events.services.registrations import RegistrationError, registration_cancel, registration_create
from forums import services as forum_services
from forums.live import access as live_access
from forums.live import services as live_services
from tests.factories.events import EventPageFactory
from tests.factories.forums import ForumFactory
from tests.factories.users import UserFactory

ANSWERS = [{"question": "Your party", "answer": "X"}]


@pytest.fixture
def webinar(calendar):
    """A public webinar, open for registration with two places, and its Dutch translation."""
    event = EventPageFactory(
        parent=calendar.index,
        title="Tin smelters webinar",
        registration_open=True,
        capacity=2,
        start=timezone.now() + datetime.timedelta(days=3),
        end=timezone.now() + datetime.timedelta(days=3, hours=1),
    )
    RegistrationQuestion.objects.create(page=event, label="Your party", required=True, sort_order=0)
    return event


@pytest.fixture
def webinar_nl(webinar):
    dutch = translate_page(webinar, "nl", title="Webinar over tinsmelters", slug="webinar-tinsmelters")
    question = dutch.registration_questions.get()
    question.label = "Uw partij"
    question.save()
    return dutch


def register_on(client, page, answer="Tin Traders BV"):
    """Register through the form of the page as shown to the visitor (its panel's address)."""
    html = client.get(page.url).content.decode()
    assert 'name="question_' in html
    question_field = html[html.index('name="question_') + 6 :].split('"')[0]
    action = reverse("events:register", args=[page.pk])
    return client.post(action, {question_field: answer, "next": page.url})


def test_a_registration_on_the_dutch_page_counts_for_the_english_event(client, calendar, webinar, webinar_nl):
    dutch_reader = UserFactory()
    client.force_login(dutch_reader)
    response = register_on(client, webinar_nl)
    assert response.status_code == 302 and response["Location"] == webinar_nl.url
    registration = Registration.objects.get(user=dutch_reader)
    assert registration.event_id == webinar.pk  # the original holds it
    assert registration.status == RegistrationStatus.CONFIRMED
    # The answer is stored under the original question, whatever the language of the form.
    assert registration.answers == [{"question": "Your party", "answer": "Tin Traders BV"}]
    assert is_registered(dutch_reader, webinar) and is_registered(dutch_reader, webinar_nl)

    # An English visitor sees one place left, not two.
    client.force_login(UserFactory())
    english = client.get(webinar.url).content.decode()
    assert "1 / 2" in english


def test_the_dutch_form_asks_in_dutch(client, webinar, webinar_nl):
    client.force_login(UserFactory())
    html = client.get(webinar_nl.url).content.decode()
    assert "Uw partij" in html and "Your party" not in html


def test_the_capacity_and_waiting_list_are_shared(webinar, webinar_nl):
    first, second, third = UserFactory.create_batch(3)
    assert registration_create(user=first, event=webinar_nl, answers=ANSWERS).status == "confirmed"
    assert registration_create(user=second, event=webinar, answers=ANSWERS).status == "confirmed"
    late = registration_create(user=third, event=webinar_nl, answers=ANSWERS)
    assert late.status == RegistrationStatus.WAITLISTED and late.event_id == webinar.pk
    # Cancelling on the English page frees the place the Dutch waiting list takes.
    registration_cancel(user=second, event=webinar)
    late.refresh_from_db()
    assert late.status == RegistrationStatus.CONFIRMED


def test_nobody_registers_twice_through_two_languages(webinar, webinar_nl):
    person = UserFactory()
    registration_create(user=person, event=webinar, answers=ANSWERS)
    with pytest.raises(RegistrationError):
        registration_create(user=person, event=webinar_nl, answers=ANSWERS)
    assert Registration.objects.filter(user=person).count() == 1


def test_cancelling_on_the_dutch_page_cancels_the_one_registration(client, webinar, webinar_nl):
    person = UserFactory()
    registration_create(user=person, event=webinar, answers=ANSWERS)
    client.force_login(person)
    response = client.post(reverse("events:cancel", args=[webinar_nl.pk]), {"next": webinar_nl.url})
    assert response.status_code == 302
    assert Registration.objects.get(user=person).status == RegistrationStatus.CANCELLED


def test_the_attendee_list_and_csv_show_dutch_registrations(client, calendar, webinar, webinar_nl):
    person = UserFactory(first_name="Femke", last_name="de Vries")
    client.force_login(person)
    register_on(client, webinar_nl)
    client.force_login(calendar.people["secretariat"])
    for page in (webinar, webinar_nl):  # from either language, the same list
        assert "Femke de Vries" in client.get(reverse("events:attendees", args=[page.pk])).content.decode()
        response = client.get(reverse("events:attendees_csv", args=[page.pk]))
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][-1] == "Your party"
        assert rows[1][0] == "Femke de Vries" and rows[1][-1] == "Tin Traders BV"


def test_the_dutch_panel_shows_the_shared_figures_to_organisers(rf, calendar, webinar, webinar_nl):
    registration_create(user=UserFactory(), event=webinar, answers=ANSWERS)
    request = rf.get(webinar_nl.url)
    request.user = calendar.people["secretariat"]
    panel = registration_context(webinar_nl, request)["registration_panel"]
    assert panel["places_left"] == 1 and panel["confirmed_count"] == 1
    assert panel["event"].pk == webinar_nl.pk  # titles in the visitor's language
    assert panel["attendees_url"] == reverse("events:attendees", args=[webinar.pk])


@pytest.mark.parametrize("room_on", ["english", "dutch"])
def test_the_live_room_lets_in_someone_registered_on_the_dutch_page(calendar, webinar, webinar_nl, room_on):
    forum = ForumFactory(title="Webinars")
    thread = forum_services.thread_create(
        author=calendar.people["secretariat"],
        forum=forum,
        title="Tin smelters webinar: live discussion",
        body_markdown="Questions for the speakers.",
        event=webinar if room_on == "english" else webinar_nl,
    )
    room = live_services.live_room_open(thread=thread)
    registered, stranger = UserFactory(), UserFactory()
    registration_create(user=registered, event=webinar_nl, answers=ANSWERS)
    assert live_access.room_access(registered, room).enter is True
    assert live_access.room_access(stranger, room).enter is False


def test_my_events_show_the_dutch_page_to_a_dutch_reader(client, webinar, webinar_nl):
    person = UserFactory()
    registration_create(user=person, event=webinar_nl, answers=ANSWERS)
    client.force_login(person)
    client.cookies["django_language"] = "nl"
    dutch = client.get(reverse("events:my_events")).content.decode()
    assert "Webinar over tinsmelters" in dutch and webinar_nl.url in dutch
    client.cookies["django_language"] = "en"
    english = client.get(reverse("events:my_events")).content.decode()
    assert "Tin smelters webinar" in english and "Webinar over tinsmelters" not in english


def test_the_personal_calendar_carries_a_dutch_registration(client, webinar, webinar_nl):
    from events.services.feed_keys import feed_key_get_or_create

    person = UserFactory()
    registration_create(user=person, event=webinar_nl, answers=ANSWERS)
    key = feed_key_get_or_create(person)
    body = client.get(reverse("events:personal_feed", args=[key.key])).content.decode()
    assert "Tin smelters webinar" in body
    assert "video.example.org" in body  # the join link goes with the confirmed place


def test_the_admin_listing_and_desk_count_the_event_once_with_its_registrations(
    client, calendar, webinar, webinar_nl
):
    from working_groups.desk import desk_items

    for person in UserFactory.create_batch(3):
        registration_create(user=person, event=webinar_nl, answers=ANSWERS)
    client.force_login(calendar.people["secretariat"])
    html = client.get(reverse("event_listing:index")).content.decode()
    assert html.count("2 / 2, 1 waiting") == 2  # the English row and the Dutch row
    events = next(item for item in desk_items(calendar.people["secretariat"]) if item.key == "events")
    assert events.count == 1
    assert events.rows[0].detail == "2 / 2, 1 waiting"


def test_registrations_made_on_translations_before_move_to_the_original(webinar, webinar_nl):
    """The data migration events/0005: old registrations on a Dutch page join the original's."""
    from importlib import import_module

    migration = import_module("events.migrations.0005_registrations_of_translations")
    only_dutch, both, _third = UserFactory.create_batch(3)
    Registration.objects.create(event=webinar_nl, user=only_dutch, status=RegistrationStatus.CONFIRMED)
    Registration.objects.create(event=webinar, user=both, status=RegistrationStatus.CANCELLED)
    Registration.objects.create(event=webinar_nl, user=both, status=RegistrationStatus.WAITLISTED)
    migration.move_to_originals(django_apps, None)
    assert not Registration.objects.filter(event=webinar_nl).exists()
    assert dict(Registration.objects.filter(event=webinar).values_list("user_id", "status")) == {
        only_dutch.pk: RegistrationStatus.CONFIRMED,
        both.pk: RegistrationStatus.WAITLISTED,
    }
