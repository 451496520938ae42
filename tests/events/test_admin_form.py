"""The event form of the Wagtail admin, end to end through the admin's own views: times typed in the event's
zone whatever the editor's admin zone, events placed under the index, a group's page or a conference, and an
end before the start refused."""

import datetime

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

import pytest

from events.choices import EventAudience, EventKind
from events.models import EventPage
from tests.factories.events import EventPageFactory
from working_groups.choices import Visibility

UTC = datetime.UTC


@pytest.fixture
def editor(admin_user):
    """A superuser whose own admin time zone is New York, far from the events' zones."""
    profile = UserProfile.get_for_user(admin_user)
    profile.current_time_zone = "America/New_York"
    profile.save()
    return admin_user


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def form_data(**fields) -> dict:
    data = {
        "title": "Gender due diligence in practice",
        "slug": "gender-due-diligence-in-practice",
        "kind": EventKind.WEBINAR,
        "language": "en",
        "introduction": "How companies add a gender lens to their due diligence.",
        "time_zone": "Europe/Brussels",
        "start": "2030-03-26 14:00",
        "end": "2030-03-26 15:30",
        "attendance": "online",
        "venue": "",
        "room": "",
        "join_url": "https://video.example.org/j/8123456",
        "join_passcode": "gender-2030",
        "description": streamfield([]),
        "agenda": streamfield([("item", {"time": "14:00", "title": "Welcome", "detail": ""})]),
        "speakers": inline_formset([]),
        "group": "",
        "audience": EventAudience.PUBLIC,
        "status": "scheduled",
        "status_notice": "",
        "capacity": "",
        "registration_deadline": "2030-03-25 12:00",
        "registration_questions": inline_formset([]),
        "recording_url": "",
        "documents": inline_formset([]),
        "summary": streamfield([]),
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)


def add_url(parent) -> str:
    return f"/admin/pages/add/events/eventpage/{parent.pk}/"


def test_an_event_is_created_under_the_index_with_times_in_its_own_zone(calendar, admin_client):
    response = admin_client.post(add_url(calendar.index), form_data())
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    event = EventPage.objects.get(slug="gender-due-diligence-in-practice")
    assert event.live
    assert event.get_parent().pk == calendar.index.pk
    # 14:00 in Brussels on 26 March 2030 (UTC+1), not 14:00 in the editor's New York.
    assert event.start == datetime.datetime(2030, 3, 26, 13, tzinfo=UTC)
    assert event.end == datetime.datetime(2030, 3, 26, 14, 30, tzinfo=UTC)
    assert event.registration_deadline == datetime.datetime(2030, 3, 25, 11, tzinfo=UTC)
    assert event.group is None


def test_the_edit_form_shows_the_times_back_in_the_event_zone(calendar, admin_client):
    event = EventPageFactory(
        parent=calendar.index,
        start=datetime.datetime(2030, 7, 1, 7, tzinfo=UTC),
        end=datetime.datetime(2030, 7, 1, 8, tzinfo=UTC),
        time_zone="Africa/Nairobi",
    )
    response = admin_client.get(f"/admin/pages/{event.pk}/edit/")
    assert response.status_code == 200
    assert 'value="2030-07-01 10:00"' in response.text
    assert 'value="2030-07-01 11:00"' in response.text


def test_saving_an_edited_event_keeps_its_times(calendar, admin_client):
    event = EventPageFactory(
        parent=calendar.index,
        slug="kept",
        start=datetime.datetime(2030, 10, 30, 13, tzinfo=UTC),
        end=datetime.datetime(2030, 10, 30, 14, tzinfo=UTC),
    )
    data = form_data(
        title=event.title,
        slug="kept",
        start="2030-10-30 14:00",
        end="2030-10-30 15:00",
        registration_deadline="",
    )
    response = admin_client.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.start == datetime.datetime(2030, 10, 30, 13, tzinfo=UTC)


def test_an_event_under_a_group_page_belongs_to_that_group(calendar, admin_client):
    group = calendar.groups[Visibility.CLOSED]
    data = form_data(slug="group-meeting", kind=EventKind.MEETING, audience=EventAudience.MEMBERS, group="")
    response = admin_client.post(add_url(group), data)
    assert response.status_code == 302
    event = EventPage.objects.get(slug="group-meeting")
    assert event.group_id == group.pk
    assert event.get_parent().pk == group.pk
    assert event.audience == EventAudience.MEMBERS


def test_a_session_is_created_under_its_conference(calendar, admin_client):
    group = calendar.groups[Visibility.OPEN]
    conference = EventPageFactory(
        parent=calendar.index,
        kind=EventKind.CONFERENCE,
        group=group,
        audience=EventAudience.MEMBERS,
        start=datetime.datetime(2030, 5, 12, 7, tzinfo=UTC),
        end=datetime.datetime(2030, 5, 13, 15, tzinfo=UTC),
    )
    data = form_data(
        slug="opening-plenary",
        kind=EventKind.SESSION,
        room="Main hall",
        start="2030-05-12 09:30",
        end="2030-05-12 10:30",
        registration_deadline="",
        audience=EventAudience.PUBLIC,
    )
    response = admin_client.post(add_url(conference), data)
    assert response.status_code == 302
    session = EventPage.objects.get(slug="opening-plenary")
    assert session.get_parent().pk == conference.pk
    assert session.group_id == group.pk
    assert session.audience == EventAudience.MEMBERS  # the conference's audience, whatever was typed
    assert session.room == "Main hall"
    assert session.start == datetime.datetime(2030, 5, 12, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("conference_fields", "created"),
    [({}, True), ({"attendance": "in_person", "venue": "The Hague", "join_url": ""}, False)],
)
def test_a_session_may_leave_its_join_link_to_an_online_conference(
    calendar, admin_client, conference_fields, created
):
    conference = EventPageFactory(
        parent=calendar.index,
        kind=EventKind.CONFERENCE,
        start=datetime.datetime(2030, 5, 12, 7, tzinfo=UTC),
        end=datetime.datetime(2030, 5, 13, 15, tzinfo=UTC),
        **conference_fields,
    )
    data = form_data(
        slug="shared-room",
        kind=EventKind.SESSION,
        start="2030-05-12 09:30",
        end="2030-05-12 10:30",
        registration_deadline="",
        join_url="",
        join_passcode="",
    )
    response = admin_client.post(add_url(conference), data)
    assert EventPage.objects.filter(slug="shared-room").exists() is created
    if not created:
        assert response.status_code == 200
        assert "Give the join link of this session, or one on its online conference." in response.text


def test_an_event_below_a_conference_must_be_a_session(calendar, admin_client):
    conference = EventPageFactory(parent=calendar.index, kind=EventKind.CONFERENCE)
    response = admin_client.post(
        add_url(conference), form_data(slug="not-a-session", registration_deadline="")
    )
    assert response.status_code == 200
    assert "An event below a conference is a session of it." in response.text
    assert not EventPage.objects.filter(slug="not-a-session").exists()


def test_a_session_outside_a_conference_is_refused(calendar, admin_client):
    response = admin_client.post(add_url(calendar.index), form_data(kind=EventKind.SESSION))
    assert response.status_code == 200
    assert "A session belongs below its conference." in response.text
    assert not EventPage.objects.filter(slug="gender-due-diligence-in-practice").exists()


def test_an_end_before_the_start_is_refused(calendar, admin_client):
    response = admin_client.post(add_url(calendar.index), form_data(end="2030-03-26 13:00"))
    assert response.status_code == 200
    assert "The end must come after the start." in response.text
    assert not EventPage.objects.filter(slug="gender-due-diligence-in-practice").exists()


def test_an_online_event_without_a_join_link_is_refused(calendar, admin_client):
    response = admin_client.post(add_url(calendar.index), form_data(join_url=""))
    assert response.status_code == 200
    assert "Give the join link of an online event." in response.text
    assert not EventPage.objects.filter(slug="gender-due-diligence-in-practice").exists()


def test_the_preview_shows_unsaved_speakers_and_times(calendar, admin_client):
    from events.models import Speaker

    event = EventPageFactory(parent=calendar.index, slug="previewed")
    speaker = Speaker.objects.create(name="Esther Mwangi", role="Founder")
    moderator = Speaker.objects.create(name="Marieke de Vries", role="Coordinator")
    data = form_data(
        title="Previewed webinar",
        slug="previewed",
        start="2030-03-26 16:00",
        end="2030-03-26 17:00",
        registration_deadline="",
        speakers=inline_formset(
            [
                {"speaker": speaker.pk, "role": "speaker", "ORDER": "1"},
                {"speaker": moderator.pk, "role": "moderator", "ORDER": "2"},
            ]
        ),
    )
    preview_url = f"/admin/pages/{event.pk}/edit/preview/"
    assert admin_client.post(preview_url, data).json()["is_valid"]
    text = admin_client.get(preview_url).content.decode()
    assert "Previewed webinar" in text
    assert "Esther Mwangi" in text and "Marieke de Vries" in text
    assert "Tuesday 26 March 2030, 16:00</time>" in text
