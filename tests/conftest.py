import pytest

from tests.factories.users import UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def secretariat_user(db):
    """A member of the Secretariat group (created by a cms migration) with access to the Wagtail admin."""
    from django.contrib.auth.models import Group

    person = UserFactory(is_staff=False)
    person.groups.add(Group.objects.get(name="Secretariat"))
    return person
