"""Delete my account: personal data goes, posts stay as a deleted account's, the last chair hands over first,
nothing shows the person's name afterwards, and the secretariat can do the same from the admin."""

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry
from wagtail.search.backends import get_search_backend

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from cms.privacy.erasure import ErasureRefused, account_erase
from commitments.models import Commitment, ProgressUpdate
from events.choices import RegistrationStatus
from events.models import CalendarFeedKey, Registration, Speaker
from forums.models import NotificationSettings, Post, Reaction, Subscription, Thread
from forums.models.live import Question, QuestionVote
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import make_secretariat_user
from tests.working_groups.privacy_world import (
    OWN_PRIVATE_WORDS,
    OWN_PUBLIC_WORDS,
    PERSON_NAME,
    make_privacy_world,
    reauthenticated,
)
from working_groups import services
from working_groups.choices import Role
from working_groups.models import (
    GenderConsentRecord,
    Invitation,
    JoinRequest,
    MemberProfile,
    Membership,
    MembershipEvent,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_erasure_removes_personal_data_and_keeps_the_dialogue():
    world = make_privacy_world()
    person, pk = world.person, world.person.pk
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
    services.membership_leave(user=person, group=world.open_group)  # a history row naming their address
    question = world.extras["question"]

    account_erase(user=person, actor=person)

    assert not User.objects.filter(pk=pk).exists()
    for model in (MemberProfile, GenderConsentRecord, Membership, JoinRequest, Registration, CalendarFeedKey):
        assert not model.objects.filter(user_id=pk).exists(), model
    for model in (Reaction, Subscription, NotificationSettings, QuestionVote, EmailAddress, Authenticator):
        assert not model.objects.filter(user_id=pk).exists(), model
    assert not Invitation.objects.filter(email__iexact=person.email).exists()
    assert not MembershipEvent.objects.filter(subject_email__iexact=person.email).exists()
    question.refresh_from_db()
    assert question.vote_count == 0

    texts = set(Post.objects.filter(author__isnull=True).values_list("body_markdown", flat=True))
    assert {OWN_PUBLIC_WORDS, OWN_PRIVATE_WORDS} <= texts
    assert Thread.objects.get(pk=world.public_thread.pk).author is None
    assert Commitment.objects.get(pk=world.extras["commitment"].pk).author is None
    assert ProgressUpdate.objects.filter(author__isnull=True, narrative="Half of them audited.").exists()
    assert Question.objects.filter(post__author__isnull=True).exists()


def test_nothing_shows_the_name_afterwards(client):
    world = make_privacy_world()
    first, last = PERSON_NAME
    services.membership_leave(user=world.person, group=world.open_group)
    reader = world.other
    client.force_login(reader)
    before = client.get(world.public_thread.get_absolute_url()).content.decode()
    assert last in before

    account_erase(user=world.person, actor=world.person)

    page = client.get(world.public_thread.get_absolute_url()).content.decode()
    assert last not in page and first not in page
    assert "Deleted account" in page
    assert OWN_PUBLIC_WORDS in page
    found = client.get(reverse("forums:search"), {"q": "point of mine"}).content.decode()
    assert OWN_PUBLIC_WORDS in found and last not in found and first not in found
    for entry in ModelLogEntry.objects.all():
        assert last not in entry.label and world.person.email not in str(entry.data)


def test_the_last_chair_is_told_to_hand_over_first():
    world = make_privacy_world()
    Membership.objects.filter(group=world.open_group).exclude(user=world.person).filter(
        role=Role.CHAIR
    ).delete()
    Membership.objects.filter(group=world.open_group, user=world.person).update(role=Role.CHAIR)

    with pytest.raises(ErasureRefused) as refused:
        account_erase(user=world.person, actor=world.person)

    assert "only chair of “Open tin roundtable”" in str(refused.value)
    assert User.objects.filter(pk=world.person.pk).exists()
    assert Post.objects.filter(author=world.person).exists()


def test_a_freed_place_goes_to_the_waiting_list():
    world = make_privacy_world()
    event = EventPageFactory(parent=world.event.get_parent(), title="Full workshop", capacity=1)
    Registration.objects.create(event=event, user=world.person, status=RegistrationStatus.CONFIRMED)
    waiting = Registration.objects.create(event=event, user=world.other, status=RegistrationStatus.WAITLISTED)

    account_erase(user=world.person, actor=world.person)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_the_confirmation_page_explains_and_checks_the_address(client):
    world = make_privacy_world()
    reauthenticated(client, world.person)
    elsewhere = Client()
    elsewhere.force_login(world.person)
    url = reverse("account_delete")

    page = client.get(url).content.decode()
    assert "we do not rewrite other people" in page and "Deleted account" in page
    goes, stays = page.split("What stays")
    for erased in ("Your account: your name", "Your profile", "Your memberships", "Your event registrations"):
        assert erased in goes
    assert "votes on questions and in polls" in goes
    kept = ("changes to your permissions", "membership changes", "Commitments and progress", "Former speaker")
    assert all(sentence in stays for sentence in kept)

    response = client.post(url, {"email": "someone.else@example.org"})
    assert response.status_code == 200
    assert "not the e-mail address of your account" in response.content.decode()
    assert User.objects.filter(pk=world.person.pk).exists()

    response = client.post(url, {"email": world.person.email.upper()})
    assert response.status_code == 302
    assert not User.objects.filter(pk=world.person.pk).exists()
    assert "_auth_user_id" not in client.session
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(world.person.pk) for s in Session.objects.all()
    )
    assert elsewhere.get(reverse("profile")).status_code == 302  # signed out on the other device too


def test_the_confirmation_page_refuses_the_last_chair(client):
    world = make_privacy_world()
    Membership.objects.filter(group=world.open_group, role=Role.CHAIR).delete()
    Membership.objects.filter(group=world.open_group, user=world.person).update(role=Role.CHAIR)
    reauthenticated(client, world.person)

    response = client.post(reverse("account_delete"), {"email": world.person.email})

    assert response.status_code == 409
    assert "Make another member chair" in response.content.decode()
    assert User.objects.filter(pk=world.person.pk).exists()


def test_deleting_needs_a_recent_password(client):
    world = make_privacy_world()
    client.force_login(world.person)
    response = client.post(reverse("account_delete"), {"email": world.person.email})
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    assert User.objects.filter(pk=world.person.pk).exists()


def test_the_secretariat_deletes_an_account_from_the_admin(client):
    world = make_privacy_world()
    secretariat = make_secretariat_user()
    url = reverse("roundtable_admin_account_delete")
    client.force_login(secretariat)

    page = client.get(url, {"email": world.person.email}).content.decode()
    assert world.person.email in page

    response = client.post(
        f"{url}?email={world.person.email}", {"lookup": world.person.email, "email": world.person.email}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=world.person.pk).exists()
    erased = ModelLogEntry.objects.get(action="roundtable.account.erased")
    assert erased.user_id == secretariat.pk and erased.data == {"requested_by": "the secretariat"}


def test_only_the_secretariat_deletes_accounts_and_never_a_superuser(client):
    world = make_privacy_world()
    url = reverse("roundtable_admin_account_delete")
    client.force_login(world.chair)
    response = client.post(url, {"lookup": world.person.email, "email": world.person.email})
    assert response.status_code in (302, 403)
    assert User.objects.filter(pk=world.person.pk).exists()

    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(make_secretariat_user())
    response = client.post(url, {"lookup": root.email, "email": root.email})
    assert response.status_code == 403
    assert User.objects.filter(pk=root.pk).exists()


def test_a_linked_speaker_entry_loses_the_name_also_in_the_search_index():
    world = make_privacy_world()
    speaker = Speaker.objects.create(name=" ".join(PERSON_NAME), role="Head of sourcing", user=world.person)
    backend = get_search_backend()
    assert [found.pk for found in backend.search(PERSON_NAME[1], Speaker)] == [speaker.pk]

    account_erase(user=world.person, actor=world.person)

    speaker.refresh_from_db()
    assert (speaker.name, speaker.role, speaker.user_id) == ("Former speaker", "", None)
    assert list(backend.search(PERSON_NAME[1], Speaker)) == []


def test_wagtails_own_delete_user_leads_to_the_same_service(client):
    world = make_privacy_world()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("wagtailusers_users:delete", args=[world.person.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("roundtable_admin_account_delete"))
    assert User.objects.filter(pk=world.person.pk).exists()
