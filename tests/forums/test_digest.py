"""The daily digest: people who chose it get one e-mail a day with what they have not read, grouped by thread,
never a post they can no longer read, and nobody named in a Chatham House thread."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

import pytest

from forums import services
from forums.choices import NotificationKind
from forums.emails import send_digest
from forums.models import Notification, NotificationSettings
from forums.services import moderation
from tests.factories.forums import ThreadFactory, add_posts
from working_groups.choices import Visibility
from working_groups.models import Membership


@pytest.fixture
def reader(dialogue):
    """The chair, who chose the daily digest."""
    chair = dialogue.people["chair"]
    NotificationSettings.objects.create(user=chair, daily_digest=True)
    return chair


def notify(user, post, kind=NotificationKind.NEW_POST):
    return Notification.objects.create(user=user, kind=kind, actor=post.author, thread=post.thread, post=post)


def test_command_sends_one_digest_grouped_by_thread(dialogue, reader):
    member = dialogue.people["member"]
    for scope in (Visibility.OPEN, Visibility.PRIVATE):
        for post in add_posts(dialogue.threads[scope], [member], 2, f"News from the {scope} forum."):
            notify(reader, post)
    mail.outbox.clear()
    call_command("send_forum_digests", stdout=StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reader.email]
    assert "4 new posts" in message.subject
    body = message.body
    assert body.count("== ") == 2
    assert "News from the private forum." in body and "Samuel Mensah" in body
    assert "/forums/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert not Notification.objects.filter(user=reader, emailed_at__isnull=True).exists()
    # Running again the same day sends nothing more, even with something new.
    notify(reader, add_posts(dialogue.threads[Visibility.OPEN], [member], 1)[0])
    call_command("send_forum_digests", stdout=StringIO())
    assert len(mail.outbox) == 1
    # A day later it does.
    NotificationSettings.objects.filter(user=reader).update(
        last_digest_at=timezone.now() - timedelta(hours=25)
    )
    call_command("send_forum_digests", stdout=StringIO())
    assert len(mail.outbox) == 2
    assert "1 new post" in mail.outbox[1].subject


def test_digest_leaves_out_what_the_reader_can_no_longer_see(dialogue, reader):
    member = dialogue.people["member"]
    private_post = add_posts(dialogue.threads[Visibility.PRIVATE], [member], 1, "Private figures.")[0]
    hidden_post = add_posts(dialogue.threads[Visibility.CLOSED], [member], 1, "Hidden words.")[0]
    open_post = add_posts(dialogue.threads[Visibility.OPEN], [member], 1, "Open words.")[0]
    for post in (private_post, hidden_post, open_post):
        notify(reader, post)
    Membership.objects.filter(user=reader, group=dialogue.groups[Visibility.PRIVATE]).delete()
    moderation.post_hide(actor=dialogue.people["secretariat"], post=hidden_post, reason="Spam")
    mail.outbox.clear()
    assert send_digest.call(reader.pk) is True
    body = mail.outbox[0].body
    assert "Open words." in body
    assert "Private figures." not in body and dialogue.threads[Visibility.PRIVATE].title not in body
    assert "Hidden words." not in body


def test_nothing_visible_means_no_email(dialogue, reader):
    post = add_posts(dialogue.threads[Visibility.PRIVATE], [dialogue.people["member"]], 1)[0]
    notify(reader, post)
    Membership.objects.filter(user=reader, group=dialogue.groups[Visibility.PRIVATE]).delete()
    mail.outbox.clear()
    assert send_digest.call(reader.pk) is False
    assert mail.outbox == []


def test_read_notifications_and_immediate_people_are_left_out(dialogue, reader):
    member, outsider = dialogue.people["member"], dialogue.people["outsider"]
    post = add_posts(dialogue.threads[Visibility.OPEN], [member], 1)[0]
    read = notify(reader, post)
    read.read_at = timezone.now()
    read.save()
    NotificationSettings.objects.create(user=outsider, daily_digest=False)  # chose an e-mail each time
    notify(outsider, post)
    mail.outbox.clear()
    call_command("send_forum_digests", stdout=StringIO())
    assert mail.outbox == []


def test_chatham_house_digest_names_nobody(dialogue, reader, fresh, settings):
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS = 0
    outsider = dialogue.people["outsider"]
    NotificationSettings.objects.create(user=outsider, daily_digest=True)
    thread = ThreadFactory(forum=dialogue.forums[Visibility.OPEN], chatham_house=True, title="Off the record")
    post = services.post_create(
        author=fresh("member"), thread=thread, body_markdown="Wages, said @[Lotte Jansen]."
    )
    notify(outsider, post)
    mail.outbox.clear()
    assert send_digest.call(outsider.pk) is True
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert "Off the record" in text and "Wages, said" in text
    for secret in ["Samuel", "Mensah", "Metalworkers", "Lotte", "Jansen", "Nordvik"]:
        assert secret not in text, secret


@pytest.mark.usefixtures("chatham_types_shown")
def test_digest_is_in_the_readers_language_even_for_the_speakers_label(dialogue, fresh, settings):
    """The digest is built and written in the reader's language, whatever the language of the run."""
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS = 0
    outsider = dialogue.people["outsider"]
    outsider.profile.preferred_language = "nl"
    outsider.profile.save()
    NotificationSettings.objects.create(user=outsider, daily_digest=True)
    thread = ThreadFactory(forum=dialogue.forums[Visibility.OPEN], chatham_house=True, title="Off the record")
    notify(outsider, services.post_create(author=fresh("member"), thread=thread, body_markdown="Wages."))
    mail.outbox.clear()
    with translation.override("en"):
        assert send_digest.call(outsider.pk) is True
    message = mail.outbox[0]
    assert "Uw dagelijkse forumoverzicht: 1 nieuw bericht" in message.subject
    assert "* Een deelnemer (Vakbond):" in message.body
    assert "participant" not in message.body
