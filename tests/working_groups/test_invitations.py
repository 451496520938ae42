"""Invitations: random token stored hashed, expiry, single use, for people with and without an account."""

import re
from datetime import timedelta

from django.utils import timezone

import pytest

from tests.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.factories.working_groups import add_member, make_group
from working_groups import services
from working_groups.choices import MembershipAction, Role, Visibility
from working_groups.models import Invitation, Membership, MembershipEvent
from working_groups.models.membership import hash_invitation_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(group_index):
    return make_group(
        group_index, Visibility.PRIVATE, title="Grievance mechanism panel", joining_policy="invitation"
    )


@pytest.fixture
def chair(group):
    return add_member(group, role=Role.CHAIR).user


def invite(chair, group, email="new.person@example.org", role=Role.MEMBER):
    return services.invitation_create(actor=chair, group=group, email=email, role=role)


def test_invitation_stores_only_a_hash_and_emails_the_link(chair, group, mailoutbox, committed):
    with committed():
        invitation, token = invite(chair, group, role=Role.OBSERVER)
    assert invitation.token_hash == hash_invitation_token(token)
    assert token not in invitation.token_hash
    assert mailoutbox[0].to == ["new.person@example.org"]
    assert f"/invitations/{token}/" in mailoutbox[0].body
    assert MembershipEvent.objects.filter(
        action=MembershipAction.INVITED, subject_email=invitation.email
    ).exists()


def test_existing_user_accepts_and_joins_in_the_invited_role(chair, group):
    person = UserFactory(email="new.person@example.org")
    invitation, token = invite(chair, group, role=Role.OBSERVER)
    membership = services.invitation_accept(user=person, token=token)
    assert membership.role == Role.OBSERVER
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_reused_token_is_refused(chair, group):
    person = UserFactory(email="new.person@example.org")
    _invitation, token = invite(chair, group)
    services.invitation_accept(user=person, token=token)
    services.membership_leave(user=person, group=group)
    with pytest.raises(services.InvalidInvitation, match="already been used"):
        services.invitation_accept(user=person, token=token)
    assert not Membership.objects.filter(group=group, user=person).exists()


def test_expired_token_is_refused(chair, group):
    person = UserFactory(email="new.person@example.org")
    invitation, token = invite(chair, group)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.InvalidInvitation, match="expired"):
        services.invitation_accept(user=person, token=token)
    assert not Membership.objects.filter(group=group, user=person).exists()


def test_unknown_and_revoked_tokens_are_refused(chair, group):
    person = UserFactory(email="new.person@example.org")
    invitation, token = invite(chair, group)
    with pytest.raises(services.InvalidInvitation, match="not valid"):
        services.invitation_accept(user=person, token=token[:-2] + "xx")
    services.invitation_revoke(actor=chair, invitation=invitation)
    with pytest.raises(services.InvalidInvitation, match="withdrawn"):
        services.invitation_accept(user=person, token=token)


def test_someone_else_cannot_use_a_forwarded_link(chair, group):
    _invitation, token = invite(chair, group)
    with pytest.raises(services.NotAllowed, match=r"new\.person@example\.org"):
        services.invitation_accept(user=UserFactory(), token=token)
    assert Membership.objects.filter(group=group).count() == 1


def test_only_managers_invite_and_duplicates_are_refused(chair, group):
    member = add_member(group).user
    with pytest.raises(services.NotAllowed):
        invite(member, group)
    invite(chair, group)
    with pytest.raises(services.MembershipError, match="open invitation"):
        invite(chair, group, email="NEW.person@example.org")
    with pytest.raises(services.MembershipError, match="already a member"):
        invite(chair, group, email=member.email)
    assert Invitation.objects.count() == 1


def test_invitation_page_accepts_for_signed_in_invitee(client, chair, group):
    person = UserFactory(email="new.person@example.org")
    _invitation, token = invite(chair, group)
    client.force_login(person)
    url = f"/invitations/{token}/"
    assert "Accept the invitation" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response.url == group.url
    assert Membership.objects.filter(group=group, user=person).exists()
    assert client.get(url).status_code == 410


def test_invalid_link_page_explains_why(client):
    response = client.get("/invitations/not-a-real-token/")
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


def test_accepting_after_sign_up_joins_the_group(client, chair, group, mailoutbox, committed):
    """Follow the link without an account, sign up with the invited address, confirm it: you are in."""
    _invitation, token = invite(chair, group)
    page = client.get(f"/invitations/{token}/").content.decode()
    assert "Create an account" in page
    with committed():
        client.post(
            "/accounts/signup/",
            {
                "email": "new.person@example.org",
                "password1": DEFAULT_PASSWORD,
                "password2": DEFAULT_PASSWORD,
                "display_name": "Noor de Vries",
                "organisation_name": "Fair Tin Cooperative",
            },
        )
    confirmation = next(mail for mail in mailoutbox if "new.person@example.org" in mail.to)
    confirm_url = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", confirmation.body).group(1)
    client.post(confirm_url)
    membership = Membership.objects.get(group=group, user__email="new.person@example.org")
    assert membership.role == Role.MEMBER
    assert client.get(group.url).status_code == 200


def test_signing_in_with_another_address_leaves_the_invitation_open(client, chair, group):
    _invitation, token = invite(chair, group)
    client.get(f"/invitations/{token}/")
    other = UserFactory()
    client.post("/accounts/login/", {"login": other.email, "password": DEFAULT_PASSWORD})
    assert not Membership.objects.filter(group=group, user=other).exists()
    assert Invitation.objects.open().count() == 1
