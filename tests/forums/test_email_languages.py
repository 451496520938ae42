"""Forum e-mails and the recipient's language.

Threads are not Wagtail pages: a group's Dutch page (`/nl/...`) does not serve its threads, and every thread
and post has one address (`/forums/t/<id>/<slug>/`, `/forums/p/<id>/`) whose interface speaks the reader's
language (the member's preference, kept in the session at sign-in). So the e-mail is written in the
recipient's language and links to that one address, which opens the thread in Dutch for a Dutch member and
in English for an English one, whether or not the group's page has a Dutch translation; access is the
thread's own, whatever the language, and someone who may not read the post gets no e-mail at all."""

from urllib.parse import urlsplit

from django.core import mail

import pytest

from cms.emails import absolute_url
from cms.i18n.translations import translate_page
from forums import services
from forums.emails import send_notification_email
from forums.models import Notification, Subscription
from forums.services import notifications as following
from working_groups.choices import Visibility
from working_groups.models import Membership
from working_groups.services.profile import member_preferences_remember


@pytest.fixture(autouse=True)
def immediate_emails(settings):
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS = 0
    settings.ROUNDTABLE_FORUMS_DIGEST_BY_DEFAULT = False


def prefers(user, language: str):
    user.profile.preferred_language = language
    user.profile.save()
    return user


def signed_in(client, user):
    """What signing in does (working_groups.adapter): the profile's language and time zone in the session."""
    client.logout()
    client.force_login(user)
    session = client.session
    member_preferences_remember(session, user.profile)
    session.save()
    return client


@pytest.fixture
def dutch_group_page(dialogue):
    group = dialogue.groups[Visibility.OPEN]
    index = group.get_parent()
    translate_page(index.get_parent(), "nl", title="Thuis")
    translate_page(index, "nl", title="Werkgroepen", slug="werkgroepen")
    return translate_page(group, "nl", title="Open tinoverleg", slug="open-tinoverleg")


def _reply(dialogue, fresh, django_capture_on_commit_callbacks, scope):
    thread = dialogue.threads[scope]
    with django_capture_on_commit_callbacks(execute=True):
        return services.post_create(
            author=fresh("member"), thread=thread, body_markdown="The smelter shared its audit summary."
        )


def _mail_to(user):
    (message,) = [message for message in mail.outbox if message.to == [user.email]]
    return message


def _link(message, post) -> str:
    (line,) = [line for line in message.body.splitlines() if post.get_absolute_url() in line]
    return line.rsplit(" ", 1)[1]


@pytest.mark.parametrize("translated", [True, False], ids=["group page in Dutch", "no Dutch group page"])
def test_each_recipient_gets_a_link_that_opens_the_thread_in_their_language(
    dialogue, fresh, client, django_capture_on_commit_callbacks, request, translated
):
    if translated:
        request.getfixturevalue("dutch_group_page")
    dutch = prefers(dialogue.people["observer"], "nl")
    english = prefers(dialogue.people["chair"], "en")
    for reader in (dutch, english):
        following.thread_watch(user=reader, thread=dialogue.threads[Visibility.OPEN])
    mail.outbox.clear()
    post = _reply(dialogue, fresh, django_capture_on_commit_callbacks, Visibility.OPEN)

    dutch_mail, english_mail = _mail_to(dutch), _mail_to(english)
    assert "Lees en reageer:" in dutch_mail.body and "Read it and reply:" in english_mail.body
    dutch_link, english_link = _link(dutch_mail, post), _link(english_mail, post)
    assert dutch_link == english_link == absolute_url(post.get_absolute_url())
    assert "/nl/" not in dutch_link  # threads have one address; its interface follows the reader

    path = urlsplit(dutch_link).path
    for reader, language in ((dutch, "nl"), (english, "en")):
        response = signed_in(client, reader).get(path, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        assert "The smelter shared its audit summary." in html
        assert response.redirect_chain[-1][0].startswith(dialogue.threads[Visibility.OPEN].get_absolute_url())


def test_the_dutch_group_page_does_not_widen_or_narrow_who_reads_the_thread(
    dialogue, fresh, client, django_capture_on_commit_callbacks, dutch_group_page
):
    """Someone who may not read the post (a private group's outsider with a stale subscription, a member who
    left) gets no e-mail in any language, and the thread's address answers 404 to them."""
    outsider = prefers(dialogue.people["outsider"], "nl")
    leaver = prefers(dialogue.people["observer"], "nl")
    private = dialogue.threads[Visibility.PRIVATE]
    following.thread_watch(user=leaver, thread=private)  # while still a member
    Membership.objects.filter(user=leaver, group=dialogue.groups[Visibility.PRIVATE]).delete()
    Subscription.objects.get_or_create(user=outsider, thread=private)  # stale, e.g. from before a move
    mail.outbox.clear()
    post = _reply(dialogue, fresh, django_capture_on_commit_callbacks, Visibility.PRIVATE)
    recipients = {address for message in mail.outbox for address in message.to}
    assert outsider.email not in recipients and leaver.email not in recipients
    stale = Notification.objects.create(user=outsider, kind="new_post", thread=private, post=post)
    assert send_notification_email.call(stale.pk) is False
    for person in (outsider, leaver):
        assert signed_in(client, person).get(post.get_absolute_url()).status_code == 404
        assert client.get(private.get_absolute_url()).status_code == 404


def test_the_forum_page_links_the_group_page_in_the_readers_language(dialogue, client, dutch_group_page):
    dutch = prefers(dialogue.people["observer"], "nl")
    english = prefers(dialogue.people["chair"], "en")
    english_page = dialogue.groups[Visibility.OPEN]
    url = dialogue.forums[Visibility.OPEN].get_absolute_url()
    html = signed_in(client, dutch).get(url).content.decode()
    assert f'href="{dutch_group_page.url}"' in html and "Open tinoverleg" in html
    html = signed_in(client, english).get(url).content.decode()
    assert f'href="{english_page.url}"' in html and "Open tinoverleg" not in html
    private = dialogue.forums[Visibility.PRIVATE].get_absolute_url()
    assert signed_in(client, prefers(dialogue.people["outsider"], "nl")).get(private).status_code == 404
