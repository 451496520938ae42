"""Secret tokens in links: group invitations, personal calendar feed keys and unsubscribe links.

Each must be unguessable (at least 128 random bits, or an HMAC over SECRET_KEY), checked without a timing
leak (found by a hash or a non-secret selector, then compared with hmac.compare_digest), and revocable.
"""

import hmac

from django.urls import reverse

import pytest

from events.feeds import feed_key_owner
from events.models import CalendarFeedKey
from events.models.registrations import new_feed_key
from events.services.feed_keys import feed_key_get_or_create, feed_key_reset
from forums.models import NotificationSettings
from forums.notifications.tokens import make_token, read_token
from tests.factories.forums import ForumFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index
from working_groups import services
from working_groups.choices import Role, Visibility
from working_groups.models.membership import hash_invitation_token

pytestmark = pytest.mark.django_db

RANDOM_BITS_256 = 43  # characters of secrets.token_urlsafe(32)


@pytest.fixture
def compare_calls(monkeypatch):
    """Every hmac.compare_digest call, with the real comparison still made."""
    calls = []
    real = hmac.compare_digest

    def spy(first, second):
        calls.append((first, second))
        return real(first, second)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    return calls


def swap_last_character(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


# --- invitations ---


@pytest.fixture
def group_and_chair():
    group = make_group(make_group_index(), Visibility.CLOSED, title="Living wages in mining")
    return group, add_member(group, role=Role.CHAIR).user


def test_invitation_tokens_are_random_stored_as_hashes_and_compared_in_constant_time(
    group_and_chair, compare_calls
):
    group, chair = group_and_chair
    first, token = services.invitation_create(actor=chair, group=group, email="one@example.org")
    _second, other_token = services.invitation_create(actor=chair, group=group, email="two@example.org")
    assert len(token) >= RANDOM_BITS_256 and token != other_token
    assert first.token_hash == hash_invitation_token(token) and token not in first.token_hash
    assert services.invitation_for_token(token) == first
    assert compare_calls and compare_calls[-1] == (first.token_hash, hash_invitation_token(token))
    with pytest.raises(services.InvalidInvitation, match="not valid"):
        services.invitation_for_token(swap_last_character(token))


def test_a_revoked_invitation_token_no_longer_works(group_and_chair):
    group, chair = group_and_chair
    invitation, token = services.invitation_create(actor=chair, group=group, email="one@example.org")
    services.invitation_revoke(actor=chair, invitation=invitation)
    with pytest.raises(services.InvalidInvitation, match="withdrawn"):
        services.invitation_for_token(token)


# --- personal calendar feed keys ---


def test_feed_keys_carry_256_random_bits_and_differ():
    keys = {new_feed_key() for _number in range(50)}
    assert len(keys) == 50 and all(len(key) >= RANDOM_BITS_256 for key in keys)


def test_feed_keys_are_compared_in_constant_time_and_only_an_exact_key_opens_the_feed(compare_calls):
    owner = UserFactory()
    key = feed_key_get_or_create(owner).key
    assert feed_key_owner(key).user == owner
    assert compare_calls[-1] == (key.encode(), key.encode())
    assert feed_key_owner(swap_last_character(key)) is None  # same selector, wrong secret
    assert feed_key_owner(key.swapcase()) is None  # SQLite's LIKE ignores case; the comparison does not
    assert feed_key_owner(key[:20]) is None
    assert feed_key_owner("") is None


def test_resetting_a_feed_key_revokes_the_old_address(client):
    owner = UserFactory()
    old = feed_key_get_or_create(owner).key
    assert client.get(reverse("events:personal_feed", args=[old])).status_code == 200
    new = feed_key_reset(owner).key
    assert new != old
    assert client.get(reverse("events:personal_feed", args=[old])).status_code == 404
    assert client.get(reverse("events:personal_feed", args=[new])).status_code == 200


def test_a_deactivated_owners_feed_key_opens_nothing(client):
    owner = UserFactory()
    key = feed_key_get_or_create(owner).key
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert client.get(reverse("events:personal_feed", args=[key])).status_code == 404
    assert CalendarFeedKey.objects.filter(user=owner).exists()


# --- unsubscribe links ---


def test_unsubscribe_tokens_are_signed_and_refuse_any_change(client):
    person = UserFactory()
    token = make_token(person.pk, "all")
    assert read_token(token).user_id == person.pk
    payload, _colon, signature = token.rpartition(":")
    forged_signature = f"{payload}:{swap_last_character(signature)}"
    someone_else = make_token(person.pk + 1, "all").rpartition(":")[0] + ":" + signature
    for forged in (forged_signature, someone_else, "not-a-token"):
        assert read_token(forged) is None
        assert client.post(reverse("forums:unsubscribe", args=[forged])).status_code == 404
    assert not NotificationSettings.objects.filter(user=person, email_enabled=False).exists()


def test_an_unsubscribe_token_only_unsubscribes_and_a_get_changes_nothing(client):
    person = UserFactory()
    forum = ForumFactory()
    url = reverse("forums:unsubscribe", args=[make_token(person.pk, "forum", forum.pk)])
    assert client.get(url).status_code == 200
    assert "_auth_user_id" not in client.session  # it never signs anyone in
    all_url = reverse("forums:unsubscribe", args=[make_token(person.pk, "all")])
    client.get(all_url)
    assert not NotificationSettings.objects.filter(user=person, email_enabled=False).exists()
    client.post(all_url)
    assert NotificationSettings.objects.get(user=person).email_enabled is False
