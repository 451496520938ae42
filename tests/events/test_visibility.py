"""The events access matrix: anonymous, signed-in outsider, member and secretariat, crossed with events
without a group, of an open, a closed and a private group, and with the event page's own publicity."""

import datetime

from django.utils import timezone

import pytest

from cms.visibility import pages_findable_by
from events.models import EventPage
from events.selectors import upcoming_events_for_user
from tests.factories.cms import restrict_to_logged_in
from tests.factories.events import EventPageFactory
from working_groups.choices import Visibility

from .conftest import PERSONAS, SEES


@pytest.mark.parametrize("persona", PERSONAS)
def test_visible_to_follows_the_group_policy(calendar, persona):
    user = calendar.people[persona]
    visible = set(EventPage.objects.visible_to(user).values_list("pk", flat=True))
    hidden = set(EventPage.objects.not_visible_to(user).values_list("pk", flat=True))
    expected = {calendar.events[scope].pk for scope in SEES[persona]}
    assert visible == expected
    assert hidden == {event.pk for event in calendar.events.values()} - expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_unpublished_events_are_invisible_to_everyone(calendar, persona):
    for event in calendar.events.values():
        event.unpublish()
    assert not EventPage.objects.visible_to(calendar.people[persona]).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_events_behind_a_view_restriction_are_not_listed(calendar, persona):
    """An event without a group follows its page's publicity: a restricted page is left out of every list."""
    restrict_to_logged_in(calendar.events["no group"])
    visible = set(EventPage.objects.visible_to(calendar.people[persona]).values_list("pk", flat=True))
    assert calendar.events["no group"].pk not in visible


@pytest.mark.parametrize("persona", PERSONAS)
def test_upcoming_events_leave_out_past_and_invisible_events(calendar, persona):
    now = timezone.now()
    past = EventPageFactory(
        parent=calendar.index,
        title="Last year's webinar",
        start=now - datetime.timedelta(days=300),
        end=now - datetime.timedelta(days=300, hours=-1),
    )
    running = EventPageFactory(
        parent=calendar.index,
        title="Webinar running now",
        start=now - datetime.timedelta(minutes=30),
        end=now + datetime.timedelta(minutes=30),
    )
    upcoming = upcoming_events_for_user(calendar.people[persona], now=now)
    assert past not in upcoming
    assert upcoming[0] == running
    assert {event.pk for event in upcoming[1:]} == {calendar.events[scope].pk for scope in SEES[persona]}
    assert [event.start for event in upcoming] == sorted(event.start for event in upcoming)


def test_upcoming_events_cost_the_same_queries_for_one_and_many(calendar, django_assert_num_queries):
    member = calendar.people["member"]
    with django_assert_num_queries(
        4
    ) as one:  # view restrictions, roles, secretariat, events with their group
        list(upcoming_events_for_user(member, limit=1))
    for number in range(20):
        EventPageFactory(
            parent=calendar.index, title=f"Extra webinar {number}", group=calendar.groups[Visibility.PRIVATE]
        )
    member = type(member).objects.get(pk=member.pk)
    with django_assert_num_queries(len(one.captured_queries)):
        titles = [event.group.title for event in upcoming_events_for_user(member) if event.group]
    assert len(titles) == 23


@pytest.mark.parametrize("persona", PERSONAS)
def test_site_search_and_listings_of_other_apps_leave_out_events_of_hidden_groups(calendar, persona):
    findable = set(pages_findable_by(calendar.people[persona]).values_list("pk", flat=True))
    for scope, event in calendar.events.items():
        assert (event.pk in findable) is (scope in SEES[persona])


def test_the_sitemap_leaves_out_events_of_private_groups(calendar, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    for scope, event in calendar.events.items():
        assert (event.url in response.text) is (scope != Visibility.PRIVATE)


# persona -> the groups whose members-only events the persona may see: the groups they belong to, whatever
# the group's visibility (an open group's members-only meeting is still for its members)
READS = {
    "anonymous": set(),
    "outsider": set(),
    "chair": {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE},
    "member": {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE},
    "secretariat": {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE},
}


@pytest.fixture
def members_only(calendar):
    """A members-only meeting below each group's page, and a chair of every group."""
    from events.choices import EventAudience, EventKind
    from tests.factories.users import UserFactory
    from tests.factories.working_groups import add_member
    from working_groups.choices import Role

    chair = UserFactory()
    meetings = {}
    for visibility, group in calendar.groups.items():
        add_member(group, chair, role=Role.CHAIR)
        meetings[visibility] = EventPageFactory(
            parent=group,
            title=f"Members' meeting ({visibility})",
            kind=EventKind.MEETING,
            group=group,
            audience=EventAudience.MEMBERS,
        )
    calendar.people["chair"] = chair
    return meetings


@pytest.mark.parametrize("persona", list(READS))
def test_members_only_events_are_seen_only_by_who_may_read_the_group(calendar, members_only, persona):
    user = calendar.people[persona]
    visible = set(EventPage.objects.visible_to(user).values_list("pk", flat=True))
    hidden = set(EventPage.objects.not_visible_to(user).values_list("pk", flat=True))
    hidden_by_audience = set(EventPage.objects.hidden_by_audience(user).values_list("pk", flat=True))
    for visibility, meeting in members_only.items():
        readable = visibility in READS[persona]
        assert (meeting.pk in visible) is readable
        assert (meeting.pk in hidden) is not readable
        assert (meeting.pk in hidden_by_audience) is not readable


@pytest.mark.parametrize("persona", list(READS))
def test_a_members_only_event_page_answers_404_to_who_may_not_read_the_group(
    calendar, members_only, client_for, persona
):
    client = client_for(calendar.people[persona])
    for visibility, meeting in members_only.items():
        response = client.get(meeting.url)
        if visibility in READS[persona]:
            assert response.status_code == 200
        else:
            assert response.status_code == 404
            assert meeting.title not in response.text


@pytest.mark.parametrize("persona", list(READS))
def test_site_search_leaves_out_members_only_events_of_unreadable_groups(calendar, members_only, persona):
    findable = set(pages_findable_by(calendar.people[persona]).values_list("pk", flat=True))
    for visibility, meeting in members_only.items():
        assert (meeting.pk in findable) is (visibility in READS[persona])
