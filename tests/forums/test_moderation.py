"""Moderation: who may pin, lock, close, move and hide (anonymous, outsider, member, chair of another group,
chair, secretariat, in the forum of an open, a closed and a private group and a public forum), what each
action does, and the log."""

import pytest

from forums.choices import ModerationAction
from forums.models import ModerationLogEntry, Post, Thread
from forums.services import moderation
from forums.services.errors import InvalidPost, NotAllowed
from tests.factories.forums import ForumFactory, add_posts
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group
from working_groups.choices import Role, Visibility

PERSONAS = ["anonymous", "outsider", "member", "other_chair", "chair", "secretariat"]
SCOPES = [Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE, "public"]
READS = {
    "anonymous": {Visibility.OPEN, "public"},
    "outsider": {Visibility.OPEN, "public"},
    "other_chair": {Visibility.OPEN, "public"},
    "member": set(SCOPES),
    "chair": set(SCOPES),
    "secretariat": set(SCOPES),
}
MODERATES = {
    "chair": {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE},
    "secretariat": set(SCOPES),
}


@pytest.fixture
def people(dialogue):
    """The dialogue's people plus the chair of a group that has nothing to do with these forums."""
    other_group = make_group(
        dialogue.groups[Visibility.OPEN].get_parent(), Visibility.OPEN, title="Other group"
    )
    other_chair = UserFactory(first_name="Otto", last_name="Otherchair")
    add_member(other_group, other_chair, Role.CHAIR)
    return {**dialogue.people, "other_chair": other_chair}


def expected_status(persona: str, scope: str) -> int:
    if scope not in READS[persona]:
        return 404
    if persona == "anonymous":
        return 302
    if scope not in MODERATES.get(persona, set()):
        return 403
    return 302


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", SCOPES)
def test_thread_states_matrix(dialogue, people, client_for, persona, scope):
    client = client_for(people[persona])
    thread = dialogue.threads[scope]
    expected = expected_status(persona, scope)
    for action, field, value in [
        ("pin", "pinned", True),
        ("lock", "locked", True),
        ("close", "closed", True),
    ]:
        response = client.post(f"/forums/t/{thread.pk}/moderate/{action}/")
        assert response.status_code == expected, (action, response.status_code)
        thread.refresh_from_db()
        moderated = scope in MODERATES.get(persona, set())
        assert getattr(thread, field) is (value if moderated else not value)
        if persona == "anonymous" and expected == 302:
            assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", SCOPES)
def test_hide_matrix(dialogue, people, client_for, persona, scope):
    client = client_for(people[persona])
    post = dialogue.threads[scope].posts.get()
    expected = expected_status(persona, scope)
    assert client.get(f"/forums/p/{post.pk}/hide/").status_code == (
        200 if expected == 302 and persona != "anonymous" else expected
    )
    response = client.post(f"/forums/p/{post.pk}/hide/", {"reason": "Personal attack"})
    assert response.status_code == expected
    post.refresh_from_db()
    assert post.hidden is (scope in MODERATES.get(persona, set()))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", SCOPES)
def test_moderation_log_and_move_pages_matrix(dialogue, people, client_for, persona, scope):
    client = client_for(people[persona])
    forum, thread = dialogue.forums[scope], dialogue.threads[scope]
    expected = expected_status(persona, scope)
    ok = 200 if expected == 302 and persona != "anonymous" else expected
    assert client.get(f"/forums/f/{forum.slug}/log/").status_code == ok
    assert client.get(f"/forums/t/{thread.pk}/move/").status_code == ok


def test_unknown_action_is_404(dialogue, client_for):
    client = client_for(dialogue.people["secretariat"])
    assert client.post(f"/forums/t/{dialogue.threads['public'].pk}/moderate/delete/").status_code == 404


def test_states_are_logged_once_and_toggle_back(dialogue):
    chair, thread = dialogue.people["chair"], dialogue.threads[Visibility.OPEN]
    for action in ["pin", "pin", "unpin", "lock", "unlock", "close", "reopen"]:
        moderation.thread_set_state(actor=chair, thread=thread, action=action)
    thread.refresh_from_db()
    assert (thread.pinned, thread.locked, thread.closed) == (False, False, False)
    actions = list(
        ModerationLogEntry.objects.filter(thread=thread).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["pin", "unpin", "lock", "unlock", "close", "reopen"]


def test_locked_thread_refuses_members_but_not_moderators(dialogue, fresh):
    from forums import services

    thread = dialogue.threads[Visibility.OPEN]
    moderation.thread_set_state(actor=dialogue.people["chair"], thread=thread, action="lock")
    with pytest.raises(NotAllowed, match="locked"):
        services.post_create(author=fresh("member"), thread=thread, body_markdown="Can I still post?")
    services.post_create(author=fresh("chair"), thread=thread, body_markdown="A moderator's note.")
    moderation.thread_set_state(actor=dialogue.people["chair"], thread=thread, action="close")
    with pytest.raises(NotAllowed, match="closed"):
        services.post_create(author=fresh("chair"), thread=thread, body_markdown="Even moderators stop here.")


def test_pinned_threads_come_first_in_the_forum(dialogue, client_for):
    forum = dialogue.forums[Visibility.OPEN]
    older = Thread.objects.create(forum=forum, title="An older thread to pin", slug="older")
    Thread.objects.filter(pk=older.pk).update(last_post_at="2020-01-01T00:00:00Z")
    moderation.thread_set_state(actor=dialogue.people["chair"], thread=older, action="pin")
    content = client_for(dialogue.people["member"]).get(forum.get_absolute_url()).content.decode()
    assert content.index("An older thread to pin") < content.index(dialogue.threads[Visibility.OPEN].title)


def test_move_needs_moderation_of_both_forums(dialogue, people):
    thread = dialogue.threads[Visibility.OPEN]
    with pytest.raises(NotAllowed):
        moderation.thread_move(
            actor=dialogue.people["chair"], thread=thread, target=dialogue.forums["public"]
        )
    moderation.thread_move(
        actor=dialogue.people["chair"], thread=thread, target=dialogue.forums[Visibility.PRIVATE]
    )
    thread.refresh_from_db()
    assert thread.forum == dialogue.forums[Visibility.PRIVATE]
    entries = ModerationLogEntry.objects.filter(thread=thread, action=ModerationAction.MOVE)
    assert {entry.forum_id for entry in entries} == {dialogue.forums[Visibility.OPEN].pk, thread.forum_id}
    with pytest.raises(InvalidPost):
        moderation.thread_move(actor=dialogue.people["chair"], thread=thread, target=thread.forum)


def test_move_form_offers_only_moderated_forums_and_moves(dialogue, client_for):
    client = client_for(dialogue.people["chair"])
    thread = dialogue.threads[Visibility.OPEN]
    page = client.get(f"/forums/t/{thread.pk}/move/").content.decode()
    assert dialogue.forums[Visibility.PRIVATE].title in page
    assert dialogue.forums["public"].title not in page
    response = client.post(f"/forums/t/{thread.pk}/move/", {"forum": dialogue.forums["public"].pk})
    assert response.status_code == 400
    response = client.post(f"/forums/t/{thread.pk}/move/", {"forum": dialogue.forums[Visibility.CLOSED].pk})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.forum == dialogue.forums[Visibility.CLOSED]
    # The thread now answers only to readers of its new forum.
    assert client_for(dialogue.people["outsider"]).get(thread.get_absolute_url()).status_code == 404


def test_hiding_needs_a_reason_and_shows_it_to_readers(dialogue, client_for):
    post = dialogue.threads[Visibility.OPEN].posts.get()
    chair = dialogue.people["chair"]
    with pytest.raises(InvalidPost):
        moderation.post_hide(actor=chair, post=post, reason="   ")
    response = client_for(chair).post(f"/forums/p/{post.pk}/hide/", {"reason": ""})
    assert response.status_code == 400
    moderation.post_hide(actor=chair, post=post, reason="Shares a confidential audit")
    reader = client_for(dialogue.people["outsider"]).get(post.thread.get_absolute_url()).content.decode()
    assert "A moderator has hidden this post." in reader
    assert "audit results" not in reader and "Shares a confidential audit" not in reader
    moderator = (
        client_for(dialogue.people["secretariat"]).get(post.thread.get_absolute_url()).content.decode()
    )
    assert "audit results" in moderator and "Shares a confidential audit" in moderator
    entry = ModerationLogEntry.objects.get(post=post)
    assert (entry.action, entry.detail, entry.actor) == (
        ModerationAction.HIDE_POST,
        "Shares a confidential audit",
        chair,
    )


def test_unhide_shows_the_post_again(dialogue, client_for):
    post = dialogue.threads[Visibility.CLOSED].posts.get()
    moderation.post_hide(actor=dialogue.people["chair"], post=post, reason="Off topic")
    assert client_for(dialogue.people["member"]).post(f"/forums/p/{post.pk}/unhide/").status_code == 403
    assert client_for(dialogue.people["chair"]).post(f"/forums/p/{post.pk}/unhide/").status_code == 302
    post.refresh_from_db()
    assert not post.hidden and post.hidden_reason == ""
    assert ModerationLogEntry.objects.filter(post=post, action=ModerationAction.UNHIDE_POST).exists()


def test_moderation_log_page_lists_actions_for_moderators_only(dialogue, client_for):
    thread = dialogue.threads[Visibility.CLOSED]
    moderation.thread_set_state(actor=dialogue.people["chair"], thread=thread, action="lock")
    content = (
        client_for(dialogue.people["secretariat"]).get(f"/forums/f/{thread.forum.slug}/log/").content.decode()
    )
    assert "locked a thread" in content
    assert "Lotte Jansen" in content
    assert client_for(dialogue.people["member"]).get(f"/forums/f/{thread.forum.slug}/log/").status_code == 403


def test_moderation_log_costs_constant_queries(dialogue, client_for, django_assert_num_queries):
    forum = dialogue.forums[Visibility.OPEN]
    chair = dialogue.people["chair"]
    client = client_for(chair)
    url = f"/forums/f/{forum.slug}/log/"
    moderation.thread_set_state(actor=chair, thread=dialogue.threads[Visibility.OPEN], action="pin")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(12):
        thread = Thread.objects.create(forum=forum, title=f"Thread {index}", slug=f"t{index}")
        add_posts(thread, [dialogue.people["member"]], 1)
        moderation.thread_set_state(actor=chair, thread=thread, action="lock")
        moderation.post_hide(actor=chair, post=thread.posts.get(), reason="Spam")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_edit_history_is_for_moderators(dialogue, client_for, fresh):
    from forums import services

    thread = dialogue.threads[Visibility.OPEN]
    post = services.post_create(author=fresh("member"), thread=thread, body_markdown="First wording.")
    services.post_edit(editor=fresh("member"), post=post, body_markdown="Second wording.")
    history = f"/forums/p/{post.pk}/history/"
    assert client_for(dialogue.people["member"]).get(history).status_code == 404
    content = client_for(dialogue.people["chair"]).get(history).content.decode()
    assert "First wording." in content and "Second wording." in content
    page = client_for(dialogue.people["chair"]).get(thread.get_absolute_url()).content.decode()
    assert history in page


def test_moderator_tools_show_only_for_moderators(dialogue, client_for):
    thread = dialogue.threads[Visibility.OPEN]
    member_page = client_for(dialogue.people["member"]).get(thread.get_absolute_url()).content.decode()
    chair_page = client_for(dialogue.people["chair"]).get(thread.get_absolute_url()).content.decode()
    assert "Lock thread" not in member_page and "Lock thread" in chair_page
    assert f"/forums/p/{thread.posts.get().pk}/hide/" in chair_page
    assert f"/forums/p/{thread.posts.get().pk}/hide/" not in member_page


def test_deleted_post_cannot_be_hidden(dialogue):
    post = dialogue.threads[Visibility.OPEN].posts.get()
    Post.objects.filter(pk=post.pk).update(deleted_at="2024-01-01T00:00:00Z")
    post.refresh_from_db()
    with pytest.raises(NotAllowed):
        moderation.post_hide(actor=dialogue.people["secretariat"], post=post, reason="Spam")


def test_posting_limit_for_new_accounts_still_applies(dialogue):
    """The core's limit for new accounts (forums.services.checks) guards replies in moderated forums too."""
    from django.test import override_settings

    from forums import services
    from forums.services.errors import RateLimited

    newcomer = UserFactory()
    add_member(dialogue.groups[Visibility.OPEN], newcomer, Role.MEMBER)
    thread = dialogue.threads[Visibility.OPEN]
    with override_settings(ROUNDTABLE_FORUMS_NEW_ACCOUNT_POSTS_PER_HOUR=2):
        services.post_create(author=newcomer, thread=thread, body_markdown="One.")
        services.post_create(author=newcomer, thread=thread, body_markdown="Two.")
        with pytest.raises(RateLimited):
            services.post_create(author=newcomer, thread=thread, body_markdown="Three.")


def test_a_second_forum_of_the_same_group_is_moderated_by_its_chair(dialogue):
    second = ForumFactory(title="Second forum", group=dialogue.groups[Visibility.PRIVATE])
    thread = dialogue.threads[Visibility.PRIVATE]
    moderation.thread_move(actor=dialogue.people["chair"], thread=thread, target=second)
    assert Thread.objects.get(pk=thread.pk).forum == second
