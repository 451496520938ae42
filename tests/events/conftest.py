"""Fixtures of the events tests: an event without a group and one in an open, a closed and a private group,
and a visitor of each kind (anonymous, outsider, member of every group, secretariat)."""

from dataclasses import dataclass

from django.core.cache import cache

import pytest

from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index, make_secretariat_user
from working_groups.choices import Visibility

PERSONAS = ["anonymous", "outsider", "member", "secretariat"]
SCOPES = ["no group", Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE]

# persona -> the scopes whose events the persona sees
SEES = {
    "anonymous": {"no group", Visibility.OPEN, Visibility.CLOSED},
    "outsider": {"no group", Visibility.OPEN, Visibility.CLOSED},
    "member": set(SCOPES),
    "secretariat": set(SCOPES),
}


@dataclass
class Calendar:
    home: object
    index: object
    groups: dict
    events: dict
    people: dict


@pytest.fixture(autouse=True)
def clear_cache():
    """Built feeds are cached under their ETag; rows (and their ids) do not outlive a test, so neither may
    the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def calendar(db):
    group_index = make_group_index()
    home = group_index.get_parent().specific
    events_index = make_event_index(home)
    groups = {
        visibility: make_group(group_index, visibility, title=f"{visibility.label} tin group")
        for visibility in (Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE)
    }
    people = {
        "anonymous": None,
        "outsider": UserFactory(),
        "member": UserFactory(),
        "secretariat": make_secretariat_user(),
    }
    for group in groups.values():
        add_member(group, people["member"])
    events = {
        scope: EventPageFactory(parent=events_index, title=f"Meeting ({scope})", group=groups.get(scope))
        for scope in SCOPES
    }
    return Calendar(home=home, index=events_index, groups=groups, events=events, people=people)


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in
