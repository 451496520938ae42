"""A host site with only cms still has the personal-data download and the account deletion (cms.privacy);
the installed apps add their parts through cms's privacy and audit hooks."""

import json

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

import pytest
from allauth.account.models import EmailAddress

from cms import audit
from cms.hooks import (
    ACCOUNT_ERASERS_HOOK,
    AUDIT_ENTRIES_ABOUT_HOOK,
    ERASE_HOOK,
    ERASURE_BLOCKERS_HOOK,
    PERSONAL_DATA_HOOK,
)
from cms.privacy import PersonalData
from cms.privacy.erasure import ErasureRefused, account_erase
from cms.privacy.export import personal_data_export
from tests.cms.privacy_parts import downloaded_sections, keep_parts_of, listed_sections
from tests.factories.users import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def reauthenticated(client, user) -> None:
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content


class NotesPersonalData(PersonalData):
    """A made-up app's part of the download."""

    title = "Notes"
    sections = {"notes": "The notes you wrote", "note_settings": "Your note settings"}
    erased = ("Your notes go.",)
    kept = ("Notes you shared stay, without your name.",)

    def export(self, user):
        return {"note_settings": {"weekly": True}, "notes": [user.pk]}


class SloppyPersonalData(PersonalData):
    """A part whose download holds a section its description does not name."""

    title = "Sloppy"
    sections = {"described": "A section that is described"}

    def export(self, user):
        return {"described": [], "undescribed": []}


def test_the_download_holds_the_account_and_each_apps_sections():
    person = UserFactory(first_name="Ines", last_name="Vale")
    with hooks.register_temporarily(PERSONAL_DATA_HOOK, NotesPersonalData):
        data = personal_data_export(person)
    assert data["format"] == "roundtable-personal-data"
    assert data["account"]["email"] == person.email
    assert data["account"]["first_name"] == "Ines"
    assert data["notes"] == [person.pk]
    assert downloaded_sections(data)[-2:] == ["notes", "note_settings"]  # in the order the part lists them


def test_two_apps_may_not_claim_the_same_section():
    class AlsoNotes(NotesPersonalData):
        pass

    person = UserFactory()
    with (
        hooks.register_temporarily(PERSONAL_DATA_HOOK, NotesPersonalData),
        hooks.register_temporarily(PERSONAL_DATA_HOOK, AlsoNotes),
        pytest.raises(ValueError, match="'notes'"),
    ):
        personal_data_export(person)


def test_a_part_downloads_exactly_the_sections_it_describes():
    with (
        hooks.register_temporarily(PERSONAL_DATA_HOOK, SloppyPersonalData),
        pytest.raises(ValueError, match="undescribed"),
    ):
        personal_data_export(UserFactory())


def test_the_member_downloads_their_data_from_your_data(client):
    person = UserFactory()
    client.force_login(person)
    page = client.get(reverse("privacy_overview"))
    assert page.status_code == 200
    assert reverse("privacy_download") in page.content.decode()

    reauthenticated(client, person)
    response = client.post(reverse("privacy_download"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["account"]["email"] == person.email


def test_your_data_lists_exactly_the_sections_of_the_download(client):
    """Whatever apps this host site installs (the cuts run this test with cms alone), the page names each
    section the download holds, in its order, with what it holds; an app's part adds its own."""
    person = UserFactory()
    client.force_login(person)
    with hooks.register_temporarily(PERSONAL_DATA_HOOK, NotesPersonalData):
        page = client.get(reverse("privacy_overview")).content.decode()
        sections = downloaded_sections(personal_data_export(person))

    assert listed_sections(page) == sections
    assert sections[0] == "account" and sections[-2:] == ["notes", "note_settings"]
    assert "<h3>Notes</h3>" in page and "The notes you wrote" in page
    assert "<h3>Your account</h3>" in page and "your two-factor methods (never their secrets)" in page


def test_a_site_with_only_cms_describes_only_the_account(client, monkeypatch):
    """On a host site with cms alone the page speaks of the account, and of no app it does not have."""
    keep_parts_of(monkeypatch, set())
    person = UserFactory()
    client.force_login(person)
    page = client.get(reverse("privacy_overview")).content.decode()

    assert listed_sections(page) == ["account"] == downloaded_sections(personal_data_export(person))
    download = page[page.index('id="download-heading"') : page.index('id="delete-heading"')].lower()
    for word in (
        "profile",
        "groups you",
        "membership",
        "commitment",
        "event",
        "forum",
        "live room",
        "thread",
    ):
        assert word not in download


def test_the_deletion_page_says_what_goes_and_stays_of_the_installed_apps_only(client, monkeypatch):
    """With cms alone the page speaks of the account and the permission record; an app's part adds its own
    sentences to "What goes" and "What stays"."""
    person = UserFactory()
    reauthenticated(client, person)
    with hooks.register_temporarily(PERSONAL_DATA_HOOK, NotesPersonalData):
        with_notes = client.get(reverse("account_delete")).content.decode()
    keep_parts_of(monkeypatch, set())
    page = client.get(reverse("account_delete")).content.decode()

    goes, stays = with_notes.split("What stays")
    assert "Your account: your name" in goes and "Your notes go." in goes
    assert "changes to your permissions" in stays and "Notes you shared stay" in stays
    assert "Your notes go." not in page and "Notes you shared stay" not in page
    main = page[page.index("<h1>") : page.index("download your data")].lower()
    for word in ("profile", "membership", "commitment", "event", "speaker", "posts", "deleted account"):
        assert word not in main


def test_erasure_deletes_the_account_its_addresses_and_sessions_and_asks_every_app():
    person = UserFactory()
    person_pk = person.pk
    assert EmailAddress.objects.filter(user=person).exists()
    signed_in = Client()
    signed_in.force_login(person)
    erased = []
    with hooks.register_temporarily(ERASE_HOOK, lambda user: erased.append(user.pk)):
        account_erase(user=person, actor=person)
    assert erased == [person_pk]
    assert not get_user_model().objects.filter(pk=person_pk).exists()
    assert not EmailAddress.objects.filter(email=person.email).exists()
    assert not Session.objects.exists()


def test_an_apps_blocker_stops_the_erasure_and_changes_nothing():
    person = UserFactory()
    with (
        hooks.register_temporarily(ERASURE_BLOCKERS_HOOK, lambda user: ["Hand the chair over first."]),
        pytest.raises(ErasureRefused) as refused,
    ):
        account_erase(user=person, actor=person)
    assert refused.value.reasons == ["Hand the chair over first."]
    assert get_user_model().objects.filter(pk=person.pk).exists()


def test_the_member_deletes_their_own_account(client):
    person = UserFactory()
    reauthenticated(client, person)
    assert client.get(reverse("account_delete")).status_code == 200
    person_pk = person.pk
    response = client.post(reverse("account_delete"), {"email": person.email})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=person_pk).exists()


def test_the_log_forgets_the_person_in_the_entries_each_app_names():
    person = UserFactory(first_name="Ines", last_name="Vale")
    person.is_staff = True
    person.save()
    log(person, "wagtail.edit", title="Ines Vale — Tin group", data={"group": "Tin group", "who": person.pk})
    entries_about = lambda user, emails: Q(action="wagtail.edit", data__who=user.pk)  # noqa: E731
    with hooks.register_temporarily(AUDIT_ENTRIES_ABOUT_HOOK, entries_about):
        account_erase(user=person, actor=person)
    labels = sorted(ModelLogEntry.objects.values_list("action", "label"))
    assert labels == [
        ("roundtable.account.erased", audit.FORMER_MEMBER_LABEL),
        ("roundtable.account.staff_granted", audit.FORMER_MEMBER_LABEL),
        ("wagtail.edit", f"{audit.FORMER_MEMBER_LABEL} — Tin group"),
    ]


def test_a_superuser_deletes_an_account_from_the_admin(client):
    root = UserFactory(is_superuser=True, is_staff=True)
    person = UserFactory(first_name="Ines", last_name="Vale")
    client.force_login(root)
    url = reverse("roundtable_admin_account_delete")

    found = client.get(url, {"q": "ines vale"})
    assert found.status_code == 200
    assert f"?account={person.pk}" in found.content.decode()

    response = client.post(f"{url}?email={person.email}", {"lookup": person.email, "email": person.email})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email=person.email).exists()


def test_only_superusers_and_those_an_app_names_delete_accounts(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*_admin_access())
    client.force_login(staff)
    url = reverse("roundtable_admin_account_delete")
    assert client.get(url).status_code in (302, 403)
    with hooks.register_temporarily(ACCOUNT_ERASERS_HOOK, lambda user: user.pk == staff.pk):
        assert client.get(url).status_code == 200


def _admin_access():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(codename="access_admin")
