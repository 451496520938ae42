"""Fixtures of the working-groups tests: one group of each visibility and a person in every role."""

from dataclasses import dataclass

import pytest

from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index, make_secretariat_user
from working_groups.choices import JoiningPolicy, Role, Visibility

PERSONAS = ["anonymous", "outsider", "member", "observer", "chair", "secretariat"]


@dataclass
class World:
    index: object
    groups: dict
    people: dict

    def user(self, persona):
        return self.people.get(persona)


@pytest.fixture
def group_index(db):
    return make_group_index()


@pytest.fixture
def world(group_index):
    """An open, a closed and a private group; member, observer and chair belong to all three."""
    groups = {
        Visibility.OPEN: make_group(
            group_index, Visibility.OPEN, title="Open tin roundtable", joining_policy=JoiningPolicy.OPEN
        ),
        Visibility.CLOSED: make_group(group_index, Visibility.CLOSED, title="Closed cobalt circle"),
        Visibility.PRIVATE: make_group(
            group_index,
            Visibility.PRIVATE,
            title="Private grievance panel",
            joining_policy=JoiningPolicy.INVITATION,
        ),
    }
    people = {
        "anonymous": None,
        "outsider": UserFactory(),
        "member": UserFactory(),
        "observer": UserFactory(),
        "chair": UserFactory(),
        "secretariat": make_secretariat_user(),
    }
    for group in groups.values():
        add_member(group, people["member"], Role.MEMBER)
        add_member(group, people["observer"], Role.OBSERVER)
        add_member(group, people["chair"], Role.CHAIR)
    return World(index=group_index, groups=groups, people=people)


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the e-mails) of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def email_queue(settings):
    """E-mail tasks are recorded, not run (django-tasks' DummyBackend); `run()` runs them as a worker would
    and returns what each returned."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    class Queue:
        @property
        def results(self):
            return [
                result
                for result in default_task_backend.results
                if result.task.name == "send_templated_email"
            ]

        def run(self):
            return [result.task.call(*result.args, **result.kwargs) for result in self.results]

    return Queue()


@pytest.fixture
def request_group(group_index):
    """A closed group that people join on request."""
    return make_group(
        group_index, Visibility.CLOSED, title="Cobalt traceability", joining_policy=JoiningPolicy.REQUEST
    )
