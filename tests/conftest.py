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
def fresh_register_choices():
    """The register's filter choices live in the shared cache, cleared by the writes that change them; a
    test's rows are rolled back without such a write, so each test starts without the lists of another."""
    from django.apps import apps

    if apps.is_installed("commitments"):
        from commitments.filter_choices import register_choices_forget

        register_choices_forget()
    yield
