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


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path_factory):
    """Private files (the library's) of every test go to a temporary folder, never the checkout's."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private-media")
