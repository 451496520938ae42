"""Unsubscribe links work without signing in: a signed token per person and thread, forum or everything; GET
asks for confirmation, POST (the button or a mail provider's RFC 8058 one-click) applies it; forged or
tampered tokens answer 404."""

from django.test import Client

import pytest

from forums.choices import SubscriptionLevel
from forums.models import NotificationSettings, Subscription
from forums.notifications.tokens import make_token, read_token, unsubscribe_path
from forums.services import notifications as following
from working_groups.choices import Visibility


@pytest.fixture
def anonymous():
    return Client(enforce_csrf_checks=True)


def test_thread_link_mutes_the_thread_without_signing_in(dialogue, anonymous):
    member, thread = dialogue.people["member"], dialogue.threads[Visibility.PRIVATE]
    following.thread_watch(user=member, thread=thread)
    path = unsubscribe_path(member.pk, "thread", thread.pk)
    page = anonymous.get(path)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex"
    assert thread.title in page.content.decode()
    assert (
        Subscription.objects.get(user=member, thread=thread).level == SubscriptionLevel.WATCHING
    )  # GET changes nothing
    response = anonymous.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "no longer hear" in response.content.decode()
    assert Subscription.objects.get(user=member, thread=thread).level == SubscriptionLevel.MUTED


def test_forum_link_stops_watching_the_forum(dialogue, anonymous):
    member, forum = dialogue.people["member"], dialogue.forums[Visibility.CLOSED]
    following.forum_watch(user=member, forum=forum)
    anonymous.post(unsubscribe_path(member.pk, "forum", forum.pk))
    assert not Subscription.objects.filter(user=member, forum=forum).exists()


def test_all_link_turns_forum_emails_off(dialogue, anonymous):
    member = dialogue.people["member"]
    anonymous.post(unsubscribe_path(member.pk, "all"))
    assert NotificationSettings.objects.get(user=member).email_enabled is False
    # Doing it again is harmless.
    assert anonymous.post(unsubscribe_path(member.pk, "all")).status_code == 200


def test_tampered_and_foreign_tokens_are_refused(dialogue, anonymous):
    member, thread = dialogue.people["member"], dialogue.threads[Visibility.OPEN]
    token = make_token(member.pk, "thread", thread.pk)
    assert read_token(token).user_id == member.pk
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert read_token(tampered) is None
    assert anonymous.post(f"/forums/unsubscribe/{tampered}/").status_code == 404
    from django.core import signing

    other_salt = signing.dumps([member.pk, "all", None], salt="something.else")
    assert anonymous.get(f"/forums/unsubscribe/{other_salt}/").status_code == 404
    assert not NotificationSettings.objects.filter(user=member).exists()
    with pytest.raises(ValueError):
        make_token(member.pk, "everything")


def test_link_to_a_deleted_thread_answers_404(dialogue, anonymous):
    thread = dialogue.threads[Visibility.OPEN]
    path = unsubscribe_path(dialogue.people["member"].pk, "thread", thread.pk)
    thread.delete()
    assert anonymous.get(path).status_code == 404


def test_links_expire_and_say_so_without_naming_the_person(dialogue, anonymous, settings):
    """A link from an old (forwarded, leaked) e-mail stops working after the configured days."""
    import time
    from unittest import mock

    from forums.notifications.tokens import ExpiredLink

    settings.ROUNDTABLE_FORUMS_UNSUBSCRIBE_LINK_DAYS = 30
    member, thread = dialogue.people["member"], dialogue.threads[Visibility.PRIVATE]
    following.thread_watch(user=member, thread=thread)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 31 * 24 * 3600):
        old_path = unsubscribe_path(member.pk, "thread", thread.pk)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 29 * 24 * 3600):
        recent_path = unsubscribe_path(member.pk, "thread", thread.pk)

    with pytest.raises(ExpiredLink):
        read_token(old_path.rstrip("/").rsplit("/", 1)[-1])
    for method in (anonymous.get, anonymous.post):
        response = method(old_path)
        assert response.status_code == 410
        body = response.content.decode()
        assert "expired" in body
        assert member.email not in body
        assert thread.title not in body
    assert Subscription.objects.get(user=member, thread=thread).level == SubscriptionLevel.WATCHING
    assert anonymous.post(recent_path).status_code == 200
    assert Subscription.objects.get(user=member, thread=thread).level == SubscriptionLevel.MUTED
