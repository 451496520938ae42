"""The event page's own rules: times in order, a venue or join link as attendance needs, a known zone."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import pytest

from events.choices import AttendanceMode, EventKind
from events.models import EventPage
from tests.factories.events import BRUSSELS, EventPageFactory, make_event_index


@pytest.fixture
def events_index(db):
    return make_event_index()


def test_an_end_before_the_start_is_refused(events_index):
    event = EventPageFactory.build(start=datetime.datetime(2030, 3, 26, 14, tzinfo=BRUSSELS))
    event.end = event.start - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "end" in error.value.message_dict


def test_the_database_refuses_an_end_before_the_start_too(events_index):
    event = EventPageFactory(parent=events_index)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventPage.objects.filter(pk=event.pk).update(end=event.start)


@pytest.mark.parametrize(
    ("attendance", "venue", "join_url", "missing"),
    [
        (AttendanceMode.ONLINE, "", "", "join_url"),
        (AttendanceMode.IN_PERSON, "", "", "venue"),
        (AttendanceMode.HYBRID, "Covenant office, The Hague", "", "join_url"),
        (AttendanceMode.HYBRID, "", "https://video.example.org/j/1", "venue"),
    ],
)
def test_attendance_needs_its_venue_or_join_link(events_index, attendance, venue, join_url, missing):
    event = EventPageFactory.build(attendance=attendance, venue=venue, join_url=join_url)
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert set(error.value.message_dict) == {missing}


def test_a_session_in_the_tree_takes_its_online_conferences_link(events_index):
    conference = EventPageFactory(parent=events_index, kind=EventKind.CONFERENCE)
    session = EventPageFactory(parent=conference, kind=EventKind.SESSION, join_url="", join_passcode="")
    session.full_clean()
    conference.attendance, conference.venue = AttendanceMode.IN_PERSON, "The Hague"
    conference.save()
    session = EventPage.objects.get(pk=session.pk)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert set(error.value.message_dict) == {"join_url"}


def test_an_unknown_time_zone_is_refused(events_index):
    event = EventPageFactory.build(time_zone="Europe/Atlantis")
    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["path", "depth"])
    assert "time_zone" in error.value.message_dict


def test_times_are_shown_in_the_event_zone_across_daylight_saving(events_index):
    """26 March 2030 is before the change to summer time in Brussels (31 March), 2 April is after it."""
    before = EventPageFactory(
        parent=events_index,
        start=datetime.datetime(2030, 3, 26, 13, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 3, 26, 14, tzinfo=datetime.UTC),
    )
    after = EventPageFactory(
        parent=events_index,
        start=datetime.datetime(2030, 4, 2, 12, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 4, 2, 13, tzinfo=datetime.UTC),
    )
    assert (before.local_start.hour, before.local_start.utcoffset()) == (14, datetime.timedelta(hours=1))
    assert (after.local_start.hour, after.local_start.utcoffset()) == (14, datetime.timedelta(hours=2))


def test_the_admin_offers_an_event_form_with_a_time_zone_list(events_index, client, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/add/events/eventpage/{events_index.pk}/")
    assert response.status_code == 200
    assert '<option value="Europe/Brussels"' in response.text
    assert 'name="join_passcode"' in response.text


def test_a_members_only_event_needs_a_working_group(events_index):
    from events.choices import EventAudience

    event = EventPageFactory.build(audience=EventAudience.MEMBERS, group=None)
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert set(error.value.message_dict) == {"audience"}


def test_a_postponed_or_cancelled_event_needs_a_notice(events_index):
    from events.choices import EventStatus

    event = EventPageFactory.build(status=EventStatus.CANCELLED, status_notice="")
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert set(error.value.message_dict) == {"status_notice"}
    event.status_notice = "The speakers cannot travel."
    event.clean()


def test_group_meetings_are_allowed_under_a_group_page_without_editing_its_class():
    """events contributes its page type through working_groups' GROUP_SUBPAGE_TYPES_HOOK."""
    from events.models import EventPage
    from working_groups.models import WorkingGroupPage

    assert WorkingGroupPage.subpage_types == []
    assert EventPage in WorkingGroupPage.clean_subpage_models()
    assert WorkingGroupPage in EventPage.clean_parent_page_models()
