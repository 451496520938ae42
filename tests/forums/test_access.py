"""Who sees and who may post: anonymous, outsider, member, observer, chair and secretariat, in the forum of
an open, a closed and a private group and in a public forum. What a person may not read answers 404."""

import pytest

from forums import access
from forums.models import Forum, Post, Thread
from tests.forums.conftest import PERSONAS, SCOPES
from working_groups.choices import Visibility

READS = {
    "anonymous": {Visibility.OPEN, "public"},
    "outsider": {Visibility.OPEN, "public"},
    "member": set(SCOPES),
    "observer": set(SCOPES),
    "chair": set(SCOPES),
    "secretariat": set(SCOPES),
}
POSTS = {
    "anonymous": set(),
    "outsider": {"public"},
    "member": set(SCOPES),
    "observer": {"public"},
    "chair": set(SCOPES),
    "secretariat": set(SCOPES),
}
MODERATES = {
    "anonymous": set(),
    "outsider": set(),
    "member": set(),
    "observer": set(),
    "chair": {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE},
    "secretariat": set(SCOPES),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", SCOPES)
def test_pages_answer_readers_and_404_everyone_else(dialogue, client_for, persona, scope):
    client = client_for(dialogue.people[persona])
    thread = dialogue.threads[scope]
    first_post = thread.posts.get(sequence=1)
    expected = 200 if scope in READS[persona] else 404
    assert client.get(dialogue.forums[scope].get_absolute_url()).status_code == expected
    assert client.get(thread.get_absolute_url()).status_code == expected
    assert client.get(f"/forums/t/{thread.pk}/").status_code == (302 if expected == 200 else 404)
    assert client.get(first_post.get_absolute_url()).status_code == (302 if expected == 200 else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_querysets_follow_the_policy(dialogue, persona):
    user = dialogue.people[persona]
    readable = {scope for scope, forum in dialogue.forums.items() if scope in READS[persona]}
    forum_ids = {dialogue.forums[scope].pk for scope in readable}
    thread_ids = {dialogue.threads[scope].pk for scope in readable}
    assert set(Forum.objects.visible_to(user).values_list("pk", flat=True)) == forum_ids
    assert set(Thread.objects.visible_to(user).values_list("pk", flat=True)) == thread_ids
    assert set(Post.objects.visible_to(user).values_list("thread_id", flat=True)) == thread_ids
    all_forums = set(Forum.objects.values_list("pk", flat=True))
    assert set(Forum.objects.not_visible_to(user).values_list("pk", flat=True)) == all_forums - forum_ids
    assert set(Thread.objects.not_visible_to(user).values_list("pk", flat=True)) == (
        set(Thread.objects.values_list("pk", flat=True)) - thread_ids
    )
    postable = {dialogue.threads[scope].pk for scope in POSTS[persona]}
    assert set(Thread.objects.postable_by(user).values_list("pk", flat=True)) == postable
    moderated = {dialogue.forums[scope].pk for scope in MODERATES[persona]}
    assert set(Forum.objects.moderated_by(user).values_list("pk", flat=True)) == moderated


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", SCOPES)
def test_forum_access_matches_the_querysets(dialogue, persona, scope):
    forum_access = access.forum_access(dialogue.people[persona], dialogue.forums[scope])
    assert forum_access.read is (scope in READS[persona])
    assert forum_access.post is (scope in POSTS[persona])
    assert forum_access.moderate is (scope in MODERATES[persona])
    assert access.can_post_in_thread(dialogue.people[persona], dialogue.threads[scope]) is (
        scope in POSTS[persona]
    )


def test_hidden_posts_are_left_out_for_readers_but_not_for_moderators(dialogue):
    thread = dialogue.threads[Visibility.OPEN]
    Post.objects.filter(thread=thread).update(hidden=True)
    assert not Post.objects.visible_to(dialogue.people["outsider"]).filter(thread=thread).exists()
    assert not Post.objects.visible_to(dialogue.people["member"]).filter(thread=thread).exists()
    assert Post.objects.visible_to(dialogue.people["chair"]).filter(thread=thread).exists()
    assert Post.objects.visible_to(dialogue.people["secretariat"]).filter(thread=thread).exists()


def test_an_unpublished_groups_forum_is_hidden_from_its_members(dialogue):
    group = dialogue.groups[Visibility.OPEN]
    group.live = False
    group.save(update_fields=["live"])
    member = dialogue.people["member"]
    assert not Forum.objects.visible_to(member).filter(group=group).exists()
    assert Forum.objects.visible_to(dialogue.people["secretariat"]).filter(group=group).exists()


def test_public_forum_needs_a_verified_address_to_post(dialogue):
    from tests.factories.users import UserFactory

    unverified = UserFactory(verified_email=False)
    forum = dialogue.forums["public"]
    assert access.forum_access(unverified, forum).read
    assert not access.forum_access(unverified, forum).post
    assert "confirm your e-mail" in access.thread_posting_refusal(unverified, dialogue.threads["public"])


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "observer"])
def test_people_who_may_not_post_get_no_reply_form_and_cannot_post(dialogue, client_for, persona):
    client = client_for(dialogue.people[persona])
    thread = dialogue.threads[Visibility.OPEN]
    response = client.get(thread.get_absolute_url())
    assert b'name="body"' not in response.content
    before = thread.posts.count()
    response = client.post(f"/forums/t/{thread.pk}/reply/", {"body": "Trying to sneak in a reply."})
    assert response.status_code in (302, 400)
    assert thread.posts.count() == before


def test_outsider_cannot_reach_a_private_thread_by_any_url(dialogue, client_for):
    client = client_for(dialogue.people["outsider"])
    thread = dialogue.threads[Visibility.PRIVATE]
    post = thread.posts.get()
    for url in [
        f"/forums/t/{thread.pk}/reply/",
        f"/forums/t/{thread.pk}/reply/?quote={post.pk}",
        f"/forums/t/{thread.pk}/mentions/?q=Lo",
        f"/forums/p/{post.pk}/edit/",
        f"/forums/p/{post.pk}/delete/",
        f"/forums/p/{post.pk}/history/",
        f"/forums/f/{thread.forum.slug}/new/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/forums/p/{post.pk}/react/", {"kind": "heart"}).status_code == 404


def test_forum_list_shows_only_readable_forums(dialogue, client_for):
    response = client_for(dialogue.people["outsider"]).get("/forums/")
    content = response.content.decode()
    assert dialogue.forums[Visibility.OPEN].title in content
    assert dialogue.forums["public"].title in content
    assert dialogue.forums[Visibility.CLOSED].title not in content
    assert dialogue.forums[Visibility.PRIVATE].title not in content
    content = client_for(dialogue.people["member"]).get("/forums/").content.decode()
    assert dialogue.forums[Visibility.PRIVATE].title in content


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", [Visibility.OPEN, Visibility.CLOSED])
def test_group_page_shows_its_discussions_to_readers_only(dialogue, client_for, persona, scope):
    response = client_for(dialogue.people[persona]).get(dialogue.groups[scope].url)
    assert response.status_code == 200
    shown = dialogue.threads[scope].title in response.content.decode()
    assert shown is (scope in READS[persona])
