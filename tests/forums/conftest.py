"""Fixtures of the forums tests: a forum in an open, a closed and a private group and a public forum, a thread
in each, and a visitor of every kind (anonymous, outsider, member, observer, chair, secretariat)."""

from dataclasses import dataclass

import pytest

from forums import services
from tests.factories.forums import ForumFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import (
    OrganisationFactory,
    add_member,
    make_group,
    make_group_index,
    make_secretariat_user,
)
from working_groups.choices import JoiningPolicy, Role, Visibility
from working_groups.models import StakeholderType

SCOPES = [Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE, "public"]
PERSONAS = ["anonymous", "outsider", "member", "observer", "chair", "secretariat"]


@dataclass
class Dialogue:
    groups: dict
    forums: dict
    threads: dict
    people: dict
    parties: dict


@pytest.fixture
def dialogue(db):
    index = make_group_index()
    groups = {
        Visibility.OPEN: make_group(
            index, Visibility.OPEN, title="Open tin roundtable", joining_policy=JoiningPolicy.OPEN
        ),
        Visibility.CLOSED: make_group(index, Visibility.CLOSED, title="Closed cobalt circle"),
        Visibility.PRIVATE: make_group(index, Visibility.PRIVATE, title="Private procurement panel"),
    }
    parties = {
        "company": OrganisationFactory(name="Nordvik Mining", stakeholder_type=StakeholderType.COMPANY),
        "union": OrganisationFactory(name="Metalworkers Union", stakeholder_type=StakeholderType.TRADE_UNION),
        "ngo": OrganisationFactory(name="Fair Metals Watch", stakeholder_type=StakeholderType.CIVIL_SOCIETY),
    }
    people = {
        "anonymous": None,
        "outsider": UserFactory(first_name="Olga", last_name="Outsider"),
        "member": UserFactory(first_name="Samuel", last_name="Mensah"),
        "observer": UserFactory(first_name="Hanneke", last_name="Observer"),
        "chair": UserFactory(first_name="Lotte", last_name="Jansen"),
        "secretariat": make_secretariat_user(),
    }
    organisation_of = {"member": parties["union"], "chair": parties["company"], "observer": parties["ngo"]}
    for persona, organisation in organisation_of.items():
        people[persona].profile.organisation = organisation
        people[persona].profile.save()
    roles = {"member": Role.MEMBER, "observer": Role.OBSERVER, "chair": Role.CHAIR}
    for group in groups.values():
        for persona, role in roles.items():
            add_member(group, people[persona], role)
    forums = {scope: ForumFactory(title=f"Forum {scope}", group=group) for scope, group in groups.items()}
    forums["public"] = ForumFactory(title="Consultation on recycling guidance")
    threads = {}
    for scope, forum in forums.items():
        threads[scope] = services.thread_create(
            author=people["chair"],
            forum=forum,
            title=f"Smelter audits ({scope})",
            body_markdown=f"How do we share **audit results** in the {scope} forum?",
        )
    return Dialogue(groups=groups, forums=forums, threads=threads, people=people, parties=parties)


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def fresh(dialogue):
    """A person's cached roles are dropped between steps (as each request starts with a fresh user)."""
    from django.contrib.auth import get_user_model

    def reload(persona):
        user = dialogue.people[persona]
        return None if user is None else get_user_model().objects.get(pk=user.pk)

    return reload


@pytest.fixture
def chatham_types_shown(settings):
    """Chatham House threads show every stakeholder type, however few organisations of it there are: for
    tests of name hiding. The rule that hides rare types is tested in test_chatham_labels.py."""
    settings.ROUNDTABLE_FORUMS_CHATHAM_MIN_ORGANISATIONS = 1
