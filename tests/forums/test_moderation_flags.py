"""The flag queue: any reader who may post flags a post once; moderators of that forum see open flags and
resolve them by hiding the post or dismissing the flag; everything lands in the moderation log."""

import pytest

from forums.choices import FlagOutcome, FlagReason, ModerationAction
from forums.models import Flag, ModerationLogEntry
from forums.services import moderation
from forums.services.errors import InvalidPost, NotAllowed
from tests.factories.forums import add_posts
from working_groups.choices import Visibility

PERSONAS = ["anonymous", "outsider", "member", "observer", "chair", "secretariat"]
#: persona -> scopes in which they may flag (they read and may post there).
FLAGS = {
    "anonymous": set(),
    "outsider": {"public"},
    "member": {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE, "public"},
    "observer": {"public"},
    "chair": {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE, "public"},
    "secretariat": {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE, "public"},
}
READS = {
    "anonymous": {Visibility.OPEN, "public"},
    "outsider": {Visibility.OPEN, "public"},
}


@pytest.fixture
def reply(dialogue):
    """A reply by the member in every forum (the chair started the threads): a post for everyone to flag."""
    return {
        scope: add_posts(thread, [dialogue.people["member"]], 1, "A sharp reply.")[0]
        for scope, thread in dialogue.threads.items()
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", [Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE, "public"])
def test_flag_matrix(dialogue, client_for, persona, scope):
    client = client_for(dialogue.people[persona])
    post = dialogue.threads[scope].posts.get(sequence=1)  # by the chair
    readable = scope in READS.get(persona, {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE, "public"})
    response = client.post(f"/forums/p/{post.pk}/flag/", {"reason": FlagReason.OFF_TOPIC})
    may_flag = scope in FLAGS[persona] and persona != "chair"  # the chair wrote the post
    if not readable:
        assert response.status_code == 404
    elif persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif may_flag:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
    assert Flag.objects.filter(post=post).exists() is may_flag


def test_flag_once_and_need_details_for_other(dialogue, reply):
    post, reporter = reply[Visibility.OPEN], dialogue.people["chair"]
    with pytest.raises(InvalidPost):
        moderation.flag_create(reporter=reporter, post=post, reason=FlagReason.OTHER)
    with pytest.raises(InvalidPost):
        moderation.flag_create(reporter=reporter, post=post, reason="made-up")
    moderation.flag_create(
        reporter=reporter, post=post, reason=FlagReason.ABUSIVE, details="Insults a union."
    )
    with pytest.raises(NotAllowed, match="already flagged"):
        moderation.flag_create(reporter=reporter, post=post, reason=FlagReason.SPAM)
    with pytest.raises(NotAllowed):
        moderation.flag_create(reporter=dialogue.people["member"], post=post, reason=FlagReason.SPAM)


def test_queue_shows_flags_of_moderated_forums_only(dialogue, reply, client_for):
    moderation.flag_create(
        reporter=dialogue.people["secretariat"], post=reply[Visibility.PRIVATE], reason=FlagReason.SPAM
    )
    moderation.flag_create(
        reporter=dialogue.people["outsider"], post=reply["public"], reason=FlagReason.ABUSIVE
    )
    chair_queue = client_for(dialogue.people["chair"]).get("/forums/moderation/flags/").content.decode()
    assert dialogue.threads[Visibility.PRIVATE].title in chair_queue
    assert dialogue.threads["public"].title not in chair_queue  # only the secretariat moderates public forums
    staff_queue = client_for(dialogue.people["secretariat"]).get("/forums/moderation/flags/").content.decode()
    assert (
        dialogue.threads["public"].title in staff_queue
        and dialogue.threads[Visibility.PRIVATE].title in staff_queue
    )
    assert client_for(dialogue.people["member"]).get("/forums/moderation/flags/").status_code == 403
    assert client_for(None).get("/forums/moderation/flags/").status_code == 302


def test_resolving_by_hiding_resolves_every_open_flag_of_the_post(dialogue, reply, client_for):
    post = reply[Visibility.OPEN]
    first = moderation.flag_create(reporter=dialogue.people["chair"], post=post, reason=FlagReason.ABUSIVE)
    second = moderation.flag_create(
        reporter=dialogue.people["secretariat"], post=post, reason=FlagReason.SPAM
    )
    response = client_for(dialogue.people["member"]).post(
        f"/forums/moderation/flags/{first.pk}/resolve/", {"outcome": "hidden"}
    )
    assert response.status_code == 403
    response = client_for(dialogue.people["chair"]).post(
        f"/forums/moderation/flags/{first.pk}/resolve/", {"outcome": "hidden", "reason": "Insulting"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.hidden and post.hidden_reason == "Insulting"
    for flag in (first, second):
        flag.refresh_from_db()
        assert flag.outcome == FlagOutcome.HIDDEN and flag.resolved_by == dialogue.people["chair"]
    actions = set(ModerationLogEntry.objects.filter(post=post).values_list("action", flat=True))
    assert actions == {ModerationAction.HIDE_POST, ModerationAction.RESOLVE_FLAG}
    with pytest.raises(NotAllowed):
        moderation.flag_resolve(moderator=dialogue.people["chair"], flag=first, outcome=FlagOutcome.DISMISSED)


def test_dismissing_leaves_the_post_and_empties_the_queue(dialogue, reply, client_for):
    post = reply[Visibility.CLOSED]
    flag = moderation.flag_create(reporter=dialogue.people["chair"], post=post, reason=FlagReason.OFF_TOPIC)
    client = client_for(dialogue.people["secretariat"])
    client.post(f"/forums/moderation/flags/{flag.pk}/resolve/", {"outcome": "dismissed"})
    post.refresh_from_db()
    flag.refresh_from_db()
    assert not post.hidden and flag.outcome == FlagOutcome.DISMISSED
    assert "No open flags" in client.get("/forums/moderation/flags/").content.decode()
    # Once resolved, the same person may flag the post again.
    moderation.flag_create(reporter=dialogue.people["chair"], post=post, reason=FlagReason.SPAM)


def test_outsider_cannot_resolve_a_private_flag(dialogue, reply, client_for):
    flag = moderation.flag_create(
        reporter=dialogue.people["chair"], post=reply[Visibility.PRIVATE], reason=FlagReason.SPAM
    )
    response = client_for(dialogue.people["outsider"]).post(
        f"/forums/moderation/flags/{flag.pk}/resolve/", {"outcome": "hidden"}
    )
    assert response.status_code == 404


def test_chatham_house_flag_queue_is_for_moderators_who_see_names(dialogue, client_for, fresh):
    from forums import services

    thread = services.thread_create(
        author=fresh("chair"),
        forum=dialogue.forums[Visibility.OPEN],
        title="Closed-door talk on wages",
        body_markdown="Our view on living wages.",
        chatham_house=True,
    )
    post = services.post_create(author=fresh("member"), thread=thread, body_markdown="A frank reply.")
    moderation.flag_create(reporter=fresh("chair"), post=post, reason=FlagReason.CONFIDENTIAL)
    queue = client_for(dialogue.people["chair"]).get("/forums/moderation/flags/").content.decode()
    assert "Samuel Mensah" in queue  # moderators of the thread see who wrote it


def test_flag_queue_costs_constant_queries(dialogue, client_for, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(dialogue.people["secretariat"])
    posts = add_posts(
        dialogue.threads[Visibility.OPEN], [dialogue.people["member"]], 15, "Flag me @[Lotte Jansen]."
    )
    moderation.flag_create(reporter=dialogue.people["chair"], post=posts[0], reason=FlagReason.SPAM)
    client.get("/forums/moderation/flags/")
    with CaptureQueriesContext(connection) as one:
        client.get("/forums/moderation/flags/")
    for post in posts[1:]:
        moderation.flag_create(reporter=dialogue.people["chair"], post=post, reason=FlagReason.SPAM)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/forums/moderation/flags/")
