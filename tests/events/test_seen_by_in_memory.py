"""The one rule for seeing an event, asked two ways: `EventPage.objects.seen_by(user)` in the database and
`event.is_seen_by(user)` over a loaded page (a crowd joining a live room is decided in memory, from facts
read for everyone at once). They must agree for every kind of event and every kind of person, with the
people's facts read one by one or all together (working_groups.access.prime_people)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group

from wagtail.models import Locale, PageViewRestriction

import pytest

from events.choices import EventAudience
from events.models import EventPage, EventPageQuerySet
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from working_groups.access import prime_people, user_group_roles
from working_groups.choices import Role


@pytest.fixture
def world(calendar):
    """Events of every group kind and audience, live and not, and events under each kind of restriction."""
    board = Group.objects.create(name="Board")
    events = []
    for group in (None, *calendar.groups.values()):
        for audience in EventAudience.values:
            if group is None and audience == EventAudience.MEMBERS:
                continue  # refused by the page's validation: a members-only event needs a group
            events.append(
                EventPageFactory(
                    parent=calendar.index, title=f"{group} {audience}", group=group, audience=audience
                )
            )
    unpublished = EventPageFactory(parent=calendar.index, title="Draft", group=calendar.groups["open"])
    unpublished.unpublish()
    events.append(unpublished)
    for kind in (PageViewRestriction.LOGIN, PageViewRestriction.GROUPS, PageViewRestriction.PASSWORD):
        parent = EventPageFactory(parent=calendar.index, title=f"Under {kind}")
        restriction = PageViewRestriction.objects.create(page=parent, restriction_type=kind, password="tin")
        if kind == PageViewRestriction.GROUPS:
            restriction.groups.add(board)
        events += [parent, EventPageFactory(parent=parent, title=f"Below {kind}")]
    observer, insider = UserFactory(), UserFactory()
    add_member(calendar.groups["private"], observer, Role.OBSERVER)
    insider.groups.add(board)
    people = {
        **calendar.people,
        "observer": observer,
        "insider": insider,
        "superuser": UserFactory(is_superuser=True),
        "inactive member": add_member(calendar.groups["closed"], UserFactory(is_active=False)).user,
    }
    return events, people


def _fresh(person):
    if person is None:
        return AnonymousUser()
    return get_user_model().objects.get(pk=person.pk)


def _in_database(event, user, session=None) -> bool:
    return EventPage.objects.seen_by(user, session).filter(pk=event.pk).exists()


def _loaded(events):
    return list(EventPage.objects.filter(pk__in=[event.pk for event in events]).select_related("group"))


def test_in_memory_agrees_with_the_database_for_every_event_and_person(world):
    events, people = world
    restrictions = EventPageQuerySet.view_restrictions()
    disagreements = []
    for name, person in people.items():
        user = _fresh(person)
        for event in _loaded(events):
            if event.is_seen_by(user, restrictions=restrictions) != _in_database(event, user):
                disagreements.append((name, event.title))
    assert disagreements == []


def test_facts_read_for_everyone_at_once_give_the_same_answers(world):
    events, people = world
    users = [_fresh(person) for person in people.values() if person is not None]
    prime_people(users)
    for user in users:
        for event in _loaded(events):
            assert event.is_seen_by(user) == _in_database(event, _fresh(user)), (user, event.title)


def test_a_password_restriction_is_passed_in_memory_only_by_the_session_that_entered_it(world):
    events, people = world
    event = next(event for event in _loaded(events) if event.title == f"Below {PageViewRestriction.PASSWORD}")
    restriction = PageViewRestriction.objects.get(restriction_type=PageViewRestriction.PASSWORD)
    session = {PageViewRestriction.passed_view_restrictions_session_key: [restriction.pk]}
    member = _fresh(people["member"])
    assert not event.is_seen_by(member)
    assert event.is_seen_by(member, session) == _in_database(event, member, session) is True


def test_roles_read_for_many_people_count_for_the_groups_translations_as_one_person_s_do(calendar):
    closed = calendar.groups["closed"]
    dutch = closed.copy_for_translation(Locale.objects.get(language_code="nl"), copy_parents=True)
    chair, member = UserFactory(), calendar.people["member"]
    add_member(closed, chair, Role.CHAIR)
    one_by_one = {person.pk: user_group_roles(_fresh(person)) for person in (chair, member)}
    together = [_fresh(chair), _fresh(member)]
    prime_people(together)
    assert {user.pk: user_group_roles(user) for user in together} == one_by_one
    assert one_by_one[chair.pk][dutch.pk] == Role.CHAIR
