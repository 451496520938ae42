"""Following and notifications: watching, who is told of a new post (watchers, the replied-to, the quoted, the
mentioned), e-mails checked against visibility at send time, Chatham House in e-mails and lists, the header's
unread count and the notifications page at a constant cost."""

from django.core import mail

import pytest

from forums import services
from forums.choices import NotificationKind, SubscriptionLevel
from forums.emails import send_notification_email
from forums.models import Notification, NotificationSettings, Subscription
from forums.services import notifications as following
from forums.services.errors import NotAllowed
from working_groups.choices import Visibility
from working_groups.models import Membership


@pytest.fixture(autouse=True)
def no_new_account_limit(settings):
    """The people of these tests are brand-new accounts; the posting limit has its own tests."""
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS = 0
    # These tests follow the e-mail sent at once; the daily digest (the default) has its own tests.
    settings.ROUNDTABLE_FORUMS_DIGEST_BY_DEFAULT = False


@pytest.fixture
def post_now(django_capture_on_commit_callbacks):
    """Run a posting service and everything it schedules after commit (fan-out task, e-mails)."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture
def fresh_thread(dialogue, fresh, post_now):
    def start(scope=Visibility.PRIVATE, chatham_house=False, title="Tailings dam monitoring data"):
        return post_now(
            services.thread_create,
            author=fresh("chair"),
            forum=dialogue.forums[scope],
            title=title,
            body_markdown="Who holds the monitoring data of the tailings dams?",
            chatham_house=chatham_house,
        )

    return start


def kinds_for(user):
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_author_watches_their_thread_and_hears_of_replies(dialogue, fresh, fresh_thread, post_now):
    thread = fresh_thread()
    chair, member = dialogue.people["chair"], dialogue.people["member"]
    assert Subscription.objects.get(user=chair, thread=thread).level == SubscriptionLevel.WATCHING
    mail.outbox.clear()
    post_now(services.post_create, author=fresh("member"), thread=thread, body_markdown="The operator does.")
    assert kinds_for(chair) == [NotificationKind.NEW_POST]
    assert Subscription.objects.filter(user=member, thread=thread, level=SubscriptionLevel.WATCHING).exists()
    assert kinds_for(member) == []  # never told of one's own post
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [chair.email]
    assert "Tailings dam monitoring data" in message.subject
    assert "The operator does." in message.body
    assert "Samuel Mensah" in message.body  # not a Chatham House thread: the speaker is named
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/forums/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert Notification.objects.get(user=chair).emailed_at is not None


def test_mention_reply_and_quote_each_reach_the_right_person_once(dialogue, fresh, fresh_thread, post_now):
    thread = fresh_thread()
    first = thread.posts.get(sequence=1)
    member_post = post_now(
        services.post_create, author=fresh("member"), thread=thread, body_markdown="Me too."
    )
    mail.outbox.clear()
    quote = services.post_quote(user=fresh("secretariat"), post=member_post)
    post_now(
        services.post_create,
        author=fresh("secretariat"),
        thread=thread,
        body_markdown=quote + "Agreed, and @[Lotte Jansen] should weigh in.",
        reply_to=first,
    )
    chair, member = dialogue.people["chair"], dialogue.people["member"]
    # The chair is mentioned, replied to and watching: one notification, for the strongest reason.
    latest = Notification.objects.filter(user=chair).order_by("-pk").first()
    assert latest.kind == NotificationKind.MENTION
    assert Notification.objects.filter(user=chair, post=latest.post).count() == 1
    # A quote's attribution mentions its author (outside Chatham House threads): a mention beats a quote.
    assert Notification.objects.get(user=member, post=latest.post).kind == NotificationKind.MENTION
    assert sorted(message.to[0] for message in mail.outbox) == sorted([chair.email, member.email])
    mention_mail = next(message for message in mail.outbox if message.to == [chair.email])
    assert "mentioned you" in mention_mail.subject


def test_quote_in_a_chatham_house_thread_notifies_the_quoted_author(dialogue, fresh, fresh_thread, post_now):
    thread = fresh_thread(chatham_house=True)
    member_post = post_now(services.post_create, author=fresh("member"), thread=thread, body_markdown="Mine.")
    Subscription.objects.filter(user=dialogue.people["member"]).delete()
    quote = services.post_quote(user=fresh("secretariat"), post=member_post)
    post_now(
        services.post_create, author=fresh("secretariat"), thread=thread, body_markdown=quote + "Indeed."
    )
    assert kinds_for(dialogue.people["member"]) == [NotificationKind.QUOTE]


def test_mention_of_someone_not_watching(dialogue, fresh, fresh_thread, post_now):
    thread = fresh_thread()
    observer = dialogue.people["observer"]
    post_now(
        services.post_create,
        author=fresh("member"),
        thread=thread,
        body_markdown="What does @[Hanneke Observer] think?",
    )
    assert kinds_for(observer) == [NotificationKind.MENTION]


def test_muted_thread_tells_nothing(dialogue, fresh, fresh_thread, post_now):
    thread = fresh_thread()
    following.thread_unwatch(user=dialogue.people["chair"], thread=thread)
    post_now(
        services.post_create, author=fresh("member"), thread=thread, body_markdown="Hello @[Lotte Jansen]."
    )
    assert kinds_for(dialogue.people["chair"]) == []
    # Replying in a muted thread does not watch it again.
    post_now(services.post_create, author=fresh("chair"), thread=thread, body_markdown="Back again.")
    assert (
        Subscription.objects.get(user=dialogue.people["chair"], thread=thread).level
        == SubscriptionLevel.MUTED
    )


def test_forum_watchers_hear_of_new_threads(dialogue, fresh, post_now):
    member = dialogue.people["member"]
    following.forum_watch(user=member, forum=dialogue.forums[Visibility.CLOSED])
    thread = post_now(
        services.thread_create,
        author=fresh("chair"),
        forum=dialogue.forums[Visibility.CLOSED],
        title="Cobalt refinery list",
        body_markdown="A first list of refineries.",
    )
    assert Notification.objects.get(user=member, thread=thread).kind == NotificationKind.NEW_THREAD
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert "Cobalt refinery list" in message.subject


def test_outsiders_cannot_watch_what_they_cannot_read(dialogue, client_for):
    thread, forum = dialogue.threads[Visibility.PRIVATE], dialogue.forums[Visibility.PRIVATE]
    with pytest.raises(NotAllowed):
        following.thread_watch(user=dialogue.people["outsider"], thread=thread)
    client = client_for(dialogue.people["outsider"])
    assert client.post(f"/forums/t/{thread.pk}/follow/", {"watch": "1"}).status_code == 404
    assert client.post(f"/forums/f/{forum.slug}/follow/", {"watch": "1"}).status_code == 404
    assert (
        client_for(None)
        .post(f"/forums/t/{dialogue.threads['public'].pk}/follow/", {"watch": "1"})
        .status_code
        == 302
    )
    assert not Subscription.objects.filter(user=dialogue.people["outsider"]).exists()


def test_watch_buttons(dialogue, client_for):
    thread, forum = dialogue.threads[Visibility.OPEN], dialogue.forums[Visibility.OPEN]
    client = client_for(dialogue.people["outsider"])
    assert "Watch this thread" in client.get(thread.get_absolute_url()).content.decode()
    client.post(f"/forums/t/{thread.pk}/follow/", {"watch": "1"})
    assert "Stop watching" in client.get(thread.get_absolute_url()).content.decode()
    client.post(f"/forums/f/{forum.slug}/follow/", {"watch": "1"})
    assert Subscription.objects.filter(user=dialogue.people["outsider"], forum=forum).exists()
    client.post(f"/forums/f/{forum.slug}/follow/", {"watch": "0"})
    assert not Subscription.objects.filter(user=dialogue.people["outsider"], forum=forum).exists()
    settings_page = client.get("/forums/notifications/settings/").content.decode()
    assert thread.title in settings_page


def test_email_is_not_sent_to_someone_who_left_the_group(dialogue, fresh, fresh_thread, post_now):
    thread = fresh_thread()
    reply = services.post_create(
        author=fresh("member"), thread=thread, body_markdown="Data is with the operator."
    )
    notification = Notification.objects.create(
        user=dialogue.people["chair"],
        kind=NotificationKind.NEW_POST,
        actor=dialogue.people["member"],
        thread=thread,
        post=reply,
    )
    Membership.objects.filter(
        user=dialogue.people["chair"], group=dialogue.groups[Visibility.PRIVATE]
    ).delete()
    mail.outbox.clear()
    assert send_notification_email.call(notification.pk) is False
    assert mail.outbox == []


def test_email_is_not_sent_for_a_post_hidden_meanwhile(dialogue, fresh, fresh_thread):
    from forums.services import moderation

    thread = fresh_thread(Visibility.OPEN)
    reply = services.post_create(author=fresh("member"), thread=thread, body_markdown="Spam spam.")
    notification = Notification.objects.create(
        user=dialogue.people["outsider"], kind=NotificationKind.NEW_POST, thread=thread, post=reply
    )
    moderation.post_hide(actor=dialogue.people["chair"], post=reply, reason="Spam")
    mail.outbox.clear()
    assert send_notification_email.call(notification.pk) is False
    assert mail.outbox == []


def test_recipients_who_cannot_read_are_not_notified(dialogue, fresh, fresh_thread, post_now):
    thread = fresh_thread(Visibility.PRIVATE)
    Subscription.objects.create(
        user=dialogue.people["outsider"], thread=thread
    )  # stale, e.g. from before a move
    post_now(services.post_create, author=fresh("member"), thread=thread, body_markdown="Members only.")
    assert kinds_for(dialogue.people["outsider"]) == []


@pytest.mark.usefixtures("chatham_types_shown")
def test_chatham_house_emails_and_lists_name_nobody(dialogue, fresh, fresh_thread, post_now, client_for):
    thread = fresh_thread(Visibility.OPEN, chatham_house=True, title="Frank talk on wages")
    # The outsider watches the thread: a reader who does not moderate it.
    following.thread_watch(user=dialogue.people["outsider"], thread=thread)
    mail.outbox.clear()
    post_now(
        services.post_create,
        author=fresh("member"),
        thread=thread,
        body_markdown="I disagree with @[Lotte Jansen] on wages.",
    )
    outsider_mail = next(m for m in mail.outbox if m.to == [dialogue.people["outsider"].email])
    text = outsider_mail.subject + outsider_mail.body
    for secret in ["Samuel", "Mensah", "Metalworkers Union", "Lotte", "Jansen", "Nordvik"]:
        assert secret not in text, secret
    assert "A participant (Trade union)" in text
    assert "Chatham House" in text
    listing = client_for(dialogue.people["outsider"]).get("/forums/notifications/").content.decode()
    assert "Frank talk on wages" in listing
    for secret in ["Samuel", "Mensah", "Metalworkers Union"]:
        assert secret not in listing, secret


@pytest.mark.usefixtures("chatham_types_shown")
def test_chatham_house_emails_name_nobody_even_to_moderators(dialogue, fresh, fresh_thread, post_now):
    thread = fresh_thread(Visibility.OPEN, chatham_house=True, title="Frank talk on wages")
    mail.outbox.clear()
    post_now(services.post_create, author=fresh("member"), thread=thread, body_markdown="A frank reply.")
    chair_mail = next(m for m in mail.outbox if m.to == [dialogue.people["chair"].email])
    text = chair_mail.subject + chair_mail.body
    assert "A frank reply." in text and "A participant (Trade union)" in text
    for secret in ["Samuel", "Mensah", "Metalworkers Union"]:
        assert secret not in text, secret


def test_digest_users_get_no_immediate_email(dialogue, fresh, fresh_thread, post_now):
    thread = fresh_thread()
    NotificationSettings.objects.create(user=dialogue.people["chair"], daily_digest=True)
    mail.outbox.clear()
    post_now(services.post_create, author=fresh("member"), thread=thread, body_markdown="Noted.")
    assert kinds_for(dialogue.people["chair"]) == [NotificationKind.NEW_POST]
    assert mail.outbox == []


def test_email_off_keeps_site_notifications(dialogue, fresh, fresh_thread, post_now, client_for):
    thread = fresh_thread()
    client = client_for(dialogue.people["chair"])
    response = client.post("/forums/notifications/settings/", {"delivery": "immediate"})
    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=dialogue.people["chair"]).email_enabled is False
    mail.outbox.clear()
    post_now(services.post_create, author=fresh("member"), thread=thread, body_markdown="Noted.")
    assert mail.outbox == []
    assert kinds_for(dialogue.people["chair"]) == [NotificationKind.NEW_POST]


def test_edit_that_adds_a_mention_notifies_the_newly_mentioned(dialogue, fresh, fresh_thread, post_now):
    thread = fresh_thread()
    post = post_now(services.post_create, author=fresh("member"), thread=thread, body_markdown="A thought.")
    post_now(
        services.post_edit, editor=fresh("member"), post=post, body_markdown="A thought, @[Hanneke Observer]?"
    )
    post_now(
        services.post_edit, editor=fresh("member"), post=post, body_markdown="A thought, @[Hanneke Observer]!"
    )
    assert kinds_for(dialogue.people["observer"]) == [NotificationKind.MENTION]


def test_header_count_list_and_mark_read(dialogue, fresh, fresh_thread, post_now, client_for):
    thread = fresh_thread()
    post_now(services.post_create, author=fresh("member"), thread=thread, body_markdown="One.")
    post_now(services.post_create, author=fresh("secretariat"), thread=thread, body_markdown="Two.")
    client = client_for(dialogue.people["chair"])
    home = client.get("/forums/").content.decode()
    assert 'href="/forums/notifications/">Notifications <span class="badge">2' in home
    notification = Notification.objects.filter(user=dialogue.people["chair"]).order_by("pk").first()
    response = client.get(f"/forums/notifications/{notification.pk}/")
    assert response.status_code == 302 and response["Location"] == notification.post.get_absolute_url()
    assert Notification.objects.filter(user=dialogue.people["chair"], read_at__isnull=True).count() == 1
    client.post("/forums/notifications/read/")
    assert not Notification.objects.filter(user=dialogue.people["chair"], read_at__isnull=True).exists()
    assert 'class="badge">' not in client.get("/forums/").content.decode().split("Notifications", 1)[1][:40]
    # Someone else's notification is not there for you.
    assert (
        client_for(dialogue.people["member"]).get(f"/forums/notifications/{notification.pk}/").status_code
        == 404
    )


def test_notifications_of_a_thread_you_can_no_longer_read_disappear(
    dialogue, fresh, fresh_thread, post_now, client_for
):
    thread = fresh_thread()
    post_now(services.post_create, author=fresh("member"), thread=thread, body_markdown="Private matter.")
    Membership.objects.filter(
        user=dialogue.people["chair"], group=dialogue.groups[Visibility.PRIVATE]
    ).delete()
    listing = client_for(dialogue.people["chair"]).get("/forums/notifications/").content.decode()
    assert thread.title not in listing
    assert "No notifications yet" in listing


def test_viewing_the_thread_marks_its_notifications_read(dialogue, fresh, fresh_thread, post_now, client_for):
    thread = fresh_thread()
    post_now(services.post_create, author=fresh("member"), thread=thread, body_markdown="Read me.")
    client_for(dialogue.people["chair"]).get(thread.get_absolute_url())
    assert not Notification.objects.filter(user=dialogue.people["chair"], read_at__isnull=True).exists()


def test_notification_list_costs_constant_queries(
    dialogue, fresh, post_now, client_for, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    chair = dialogue.people["chair"]
    client = client_for(chair)
    scopes = [Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE, "public"]
    for thread in dialogue.threads.values():
        following.thread_watch(user=chair, thread=thread)
    post_now(
        services.post_create, author=fresh("member"), thread=dialogue.threads[scopes[0]], body_markdown="x1"
    )
    client.get("/forums/notifications/")
    with CaptureQueriesContext(connection) as one:
        client.get("/forums/notifications/")
    for index in range(12):
        scope = scopes[index % len(scopes)]
        post_now(
            services.post_create,
            author=fresh("secretariat"),
            thread=dialogue.threads[scope],
            body_markdown=f"y{index}",
        )
    assert Notification.objects.filter(user=chair).count() == 13
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/forums/notifications/")


def test_header_count_is_one_query(dialogue, rf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.navigation import navigation
    from forums.models import Forum

    user = dialogue.people["member"]
    Forum.objects.visible_to(user).count()  # warm the cached roles, as any page already does
    request = rf.get("/")
    request.user = user
    links = navigation(request)["header_links"]
    link = next(link for link in links if link.url == "/forums/notifications/")
    with CaptureQueriesContext(connection) as queries:  # the header's permission checks are not the count's
        assert int(str(link.badge)) == 0
    assert len(queries) == 1
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    assert navigation(request)["header_links"] == []
