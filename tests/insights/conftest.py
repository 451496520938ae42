"""Shared builders for the insights tests: people with a stated (or unstated) gender and a party."""

import datetime

from django.utils import timezone

import pytest

from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.users import UserFactory
from tests.factories.working_groups import (
    OrganisationFactory,
    add_member,
    make_group,
    make_group_index,
)
from working_groups.choices import Role

THIS_YEAR = timezone.localdate().year
JOINED = timezone.make_aware(datetime.datetime(THIS_YEAR, 1, 15, 12, 0))


class People:
    """Makes people: `make(gender, stakeholder_type, consent=True)`; one party per stakeholder type."""

    def __init__(self):
        self.parties = {}

    def party(self, stakeholder_type):
        if stakeholder_type not in self.parties:
            self.parties[stakeholder_type] = OrganisationFactory(stakeholder_type=stakeholder_type)
        return self.parties[stakeholder_type]

    def make(self, gender="", stakeholder_type=None, consent=True, self_description=""):
        user = UserFactory()
        profile = user.profile
        profile.gender = gender
        profile.gender_self_description = self_description
        profile.gender_consent_at = timezone.now() if consent and gender else None
        profile.organisation = self.party(stakeholder_type) if stakeholder_type else None
        profile.save()
        return user


@pytest.fixture(autouse=True)
def year_closed(monkeypatch):
    """The tests look at this year's figures as published once it has closed (insights.snapshots), so
    they hold on any day of the year; test_snapshots.py moves the clock itself."""
    after = timezone.make_aware(datetime.datetime(THIS_YEAR + 1, 1, 1, 1, 0))
    monkeypatch.setattr("insights.snapshots._now", lambda: after)
    return after


@pytest.fixture
def people(db):
    return People()


@pytest.fixture
def group_index(db):
    return make_group_index()


@pytest.fixture
def groups(group_index):
    return make_group(group_index, title="Tin and tungsten"), make_group(group_index, title="Gold")


def join(group, users, role=Role.MEMBER, joined_at=JOINED):
    for user in users:
        membership = add_member(group, user, role=role)
        membership.joined_at = joined_at
        membership.save(update_fields=["joined_at"])


@pytest.fixture
def event_index(group_index):
    return make_event_index(home=group_index.get_parent())


def make_event(event_index, group=None, month=3, **fields):
    start = timezone.make_aware(datetime.datetime(THIS_YEAR, month, 10, 14, 0))
    return EventPageFactory(parent=event_index, group=group, start=start, **fields)
