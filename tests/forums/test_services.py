"""The posting services: numbering, idempotent retries, refusals, edits with history, soft delete,
reactions, mentions, quotes, limits of new accounts, and side effects announced only on commit."""

from datetime import timedelta

from django.utils import timezone

import pytest

from forums import hooks, services
from forums.models import Mention, ModerationLogEntry, Post, PostRevision, Reaction, Thread
from tests.factories.users import UserFactory
from working_groups import services as group_services
from working_groups.choices import Visibility


def reply(dialogue, persona="member", scope=Visibility.OPEN, text="I agree with the proposal.", **kwargs):
    return services.post_create(
        author=dialogue.people[persona], thread=dialogue.threads[scope], body_markdown=text, **kwargs
    )


def test_posts_are_numbered_per_thread(dialogue):
    first = reply(dialogue)
    second = reply(dialogue, "chair")
    other = reply(dialogue, scope=Visibility.CLOSED)
    assert (first.sequence, second.sequence, other.sequence) == (2, 3, 2)
    thread = Thread.objects.get(pk=dialogue.threads[Visibility.OPEN].pk)
    assert (thread.last_sequence, thread.post_count, thread.last_post_id) == (3, 3, second.pk)


def test_a_retry_with_the_same_client_id_returns_the_same_post(dialogue):
    first = reply(dialogue, client_id="abc-123")
    again = reply(dialogue, client_id="abc-123", text="Different text of the retry")
    assert again.pk == first.pk
    assert Post.objects.filter(thread=dialogue.threads[Visibility.OPEN]).count() == 2
    # The same client id from another person is another post.
    assert reply(dialogue, "chair", client_id="abc-123").pk != first.pk


def test_starting_a_thread_twice_with_one_client_id_makes_one_thread(dialogue):
    kwargs = {
        "author": dialogue.people["member"],
        "forum": dialogue.forums[Visibility.OPEN],
        "title": "Living wage benchmarks",
        "body_markdown": "Which benchmark do we use?",
        "client_id": "thread-1",
    }
    assert services.thread_create(**kwargs).pk == services.thread_create(**kwargs).pk


def test_thread_create_sets_tags_and_first_post(dialogue):
    thread = services.thread_create(
        author=dialogue.people["member"],
        forum=dialogue.forums[Visibility.CLOSED],
        title="Grievance mechanisms at smelters",
        body_markdown="Who has seen one that works?",
        tags=["grievance", "smelters", "Grievance"],
    )
    assert sorted(thread.tags.names()) == ["grievance", "smelters"]
    assert thread.posts.get().sequence == 1
    assert thread.slug == "grievance-mechanisms-at-smelters"


@pytest.mark.parametrize("state", ["locked", "closed"])
def test_no_replies_in_a_locked_or_closed_thread(dialogue, state):
    Thread.objects.filter(pk=dialogue.threads[Visibility.OPEN].pk).update(**{state: True})
    dialogue.threads[Visibility.OPEN].refresh_from_db()
    with pytest.raises(services.NotAllowed):
        reply(dialogue)
    if state == "locked":
        assert reply(dialogue, "chair").sequence == 2  # moderators still may
    else:
        with pytest.raises(services.NotAllowed):
            reply(dialogue, "chair")


def test_a_member_who_left_can_no_longer_post(dialogue):
    member = dialogue.people["member"]
    reply(dialogue)
    for scope in (Visibility.OPEN, Visibility.CLOSED):
        group_services.membership_leave(user=member, group=dialogue.groups[scope])
    with pytest.raises(services.NotAllowed, match="Only members"):
        reply(dialogue)
    with pytest.raises(services.NotAllowed, match="cannot take part"):
        reply(dialogue, scope=Visibility.CLOSED)


def test_observers_and_outsiders_cannot_post_in_groups(dialogue):
    for persona in ("observer", "outsider"):
        with pytest.raises(services.NotAllowed):
            reply(dialogue, persona)
    with pytest.raises(services.NotAllowed):
        services.thread_create(
            author=dialogue.people["observer"],
            forum=dialogue.forums[Visibility.OPEN],
            title="A thread by an observer",
            body_markdown="Hello",
        )


def test_empty_and_huge_posts_are_refused_with_a_clear_message(dialogue, settings):
    with pytest.raises(services.InvalidPost, match="Write something"):
        reply(dialogue, text="   \n ")
    settings.ROUNDTABLE_FORUMS_MAX_POST_LENGTH = 100
    with pytest.raises(services.InvalidPost, match="101 characters long; the limit is 100"):
        reply(dialogue, text="x" * 101)
    assert reply(dialogue, text="x" * 100).sequence == 2


def test_new_accounts_post_under_an_hourly_limit(dialogue, settings):
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_POSTS_PER_HOUR = 2
    newcomer = UserFactory()
    thread = dialogue.threads["public"]
    for _n in range(2):
        services.post_create(author=newcomer, thread=thread, body_markdown="A first thought.")
    with pytest.raises(services.RateLimited, match="2 posts an hour"):
        services.post_create(author=newcomer, thread=thread, body_markdown="One more.")
    newcomer.date_joined = timezone.now() - timedelta(days=2)
    newcomer.save(update_fields=["date_joined"])
    assert services.post_create(author=newcomer, thread=thread, body_markdown="Now I may.").sequence == 4


def test_edit_keeps_the_previous_text(dialogue):
    post = reply(dialogue, text="First version")
    services.post_edit(editor=dialogue.people["member"], post=post, body_markdown="Second *version*")
    post.refresh_from_db()
    assert post.body_html == "<p>Second <em>version</em></p>\n"
    assert post.edited_at is not None
    revision = PostRevision.objects.get(post=post)
    assert (revision.body_markdown, revision.editor) == ("First version", dialogue.people["member"])
    assert not ModerationLogEntry.objects.exists()


def test_only_the_author_or_a_moderator_edits_and_moderators_are_logged(dialogue):
    post = reply(dialogue, text="Original")
    with pytest.raises(services.NotAllowed):
        services.post_edit(editor=dialogue.people["observer"], post=post, body_markdown="Hijacked")
    services.post_edit(editor=dialogue.people["chair"], post=post, body_markdown="Tidied by the chair")
    assert ModerationLogEntry.objects.get().action == "edit_post"


def test_authors_cannot_edit_in_a_locked_thread(dialogue):
    post = reply(dialogue, text="Original")
    Thread.objects.filter(pk=post.thread_id).update(locked=True)
    post = Post.objects.select_related("thread__forum__group").get(pk=post.pk)
    with pytest.raises(services.NotAllowed, match="locked"):
        services.post_edit(editor=dialogue.people["member"], post=post, body_markdown="Changed")


def test_delete_is_soft_and_keeps_the_numbering(dialogue):
    post = reply(dialogue)
    services.post_delete(actor=dialogue.people["member"], post=post)
    post.refresh_from_db()
    assert post.deleted_at is not None
    thread = Thread.objects.get(pk=post.thread_id)
    assert (thread.post_count, thread.last_sequence, thread.last_post_id) == (1, 2, thread.posts.first().pk)
    assert reply(dialogue).sequence == 3
    with pytest.raises(services.NotAllowed):
        services.post_edit(editor=dialogue.people["member"], post=post, body_markdown="Back from the dead")


def test_reactions_toggle(dialogue):
    post = dialogue.threads[Visibility.OPEN].posts.get()
    member = dialogue.people["member"]
    assert services.reaction_toggle(user=member, post=post, kind="insightful") is True
    assert services.reaction_toggle(user=member, post=post, kind="heart") is True
    assert Reaction.objects.filter(post=post).count() == 2
    assert services.reaction_toggle(user=member, post=post, kind="insightful") is False
    assert list(Reaction.objects.filter(post=post).values_list("kind", flat=True)) == ["heart"]
    with pytest.raises(services.InvalidPost):
        services.reaction_toggle(user=member, post=post, kind="angry")
    with pytest.raises(services.NotAllowed, match="own post"):
        services.reaction_toggle(user=dialogue.people["chair"], post=post, kind="heart")
    with pytest.raises(services.NotAllowed):
        services.reaction_toggle(user=dialogue.people["observer"], post=post, kind="heart")


def test_only_people_who_may_read_the_thread_are_mentioned(dialogue):
    post = reply(
        dialogue,
        scope=Visibility.PRIVATE,
        text="@[Lotte Jansen] and @[Olga Outsider], what do you think?",
    )
    assert list(Mention.objects.filter(post=post).values_list("user_id", flat=True)) == [
        dialogue.people["chair"].pk
    ]
    assert "@[Olga Outsider]" in post.body_html
    assert "Lotte" not in post.body_html


def test_edits_mention_newly(dialogue, django_capture_on_commit_callbacks):
    post = reply(dialogue, text="Hello")
    seen = []
    from wagtail import hooks as wagtail_hooks

    with (
        wagtail_hooks.register_temporarily(hooks.POST_EDITED_HOOK, seen.append),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.post_edit(editor=dialogue.people["member"], post=post, body_markdown="Hello @[Lotte Jansen]")
    assert seen[0].newly_mentioned_user_ids == (dialogue.people["chair"].pk,)


def test_side_effects_run_only_after_commit(dialogue, django_capture_on_commit_callbacks):
    from wagtail import hooks as wagtail_hooks

    seen = []
    with wagtail_hooks.register_temporarily(hooks.POST_CREATED_HOOK, seen.append):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            post = reply(dialogue, text="Over to you, @[Lotte Jansen].")
        assert seen == []
        for callback in callbacks:
            callback()
    assert seen == [
        hooks.PostCreated(
            post_id=post.pk,
            thread_id=post.thread_id,
            forum_id=post.thread.forum_id,
            author_id=dialogue.people["member"].pk,
            sequence=2,
            reply_to_id=None,
            mentioned_user_ids=(dialogue.people["chair"].pk,),
            quoted_post_ids=(),
            is_first_post=False,
        )
    ]


def test_quote_attributes_with_a_mention_and_reports_the_quoted_post(
    dialogue, django_capture_on_commit_callbacks
):
    original = dialogue.threads[Visibility.OPEN].posts.select_related("author__profile__organisation").get()
    quote = services.post_quote(user=dialogue.people["member"], post=original)
    assert quote.startswith(f"> @[Lotte Jansen] wrote in [#1]({original.get_absolute_url()}):\n>\n> How do")
    from wagtail import hooks as wagtail_hooks

    seen = []
    with (
        wagtail_hooks.register_temporarily(hooks.POST_CREATED_HOOK, seen.append),
        django_capture_on_commit_callbacks(execute=True),
    ):
        post = reply(dialogue, text=quote + "Indeed.", reply_to=original)
    assert seen[0].quoted_post_ids == (original.pk,)
    assert seen[0].mentioned_user_ids == (dialogue.people["chair"].pk,)
    assert post.reply_to_id == original.pk
    assert "<blockquote>" in post.body_html


@pytest.mark.usefixtures("chatham_types_shown")
def test_quote_in_a_chatham_house_thread_names_only_the_stakeholder_type(dialogue):
    thread = dialogue.threads[Visibility.OPEN]
    Thread.objects.filter(pk=thread.pk).update(chatham_house=True)
    original = Post.objects.select_related("thread__forum__group", "author__profile__organisation").get(
        thread=thread
    )
    quote = services.post_quote(user=dialogue.people["secretariat"], post=original)
    assert quote.startswith("> A participant (Company) wrote in [#1]")
    assert "Lotte" not in quote and "Nordvik" not in quote


def test_hidden_and_deleted_posts_cannot_be_quoted(dialogue):
    post = reply(dialogue)
    Post.objects.filter(pk=post.pk).update(hidden=True)
    post.refresh_from_db()
    with pytest.raises(services.NotAllowed):
        services.post_quote(user=dialogue.people["chair"], post=post)


def test_a_sessions_thread_belongs_in_its_groups_forum(dialogue):
    from tests.factories.events import EventPageFactory, make_event_index

    index = make_event_index(dialogue.groups[Visibility.OPEN].get_parent().get_parent().specific)
    session = EventPageFactory(parent=index, group=dialogue.groups[Visibility.CLOSED])
    kwargs = {"author": dialogue.people["chair"], "title": "Session questions", "body_markdown": "Ask here."}
    with pytest.raises(services.InvalidPost):
        services.thread_create(forum=dialogue.forums[Visibility.OPEN], event=session, **kwargs)
    thread = services.thread_create(forum=dialogue.forums[Visibility.CLOSED], event=session, **kwargs)
    assert list(session.discussion_threads.all()) == [thread]
