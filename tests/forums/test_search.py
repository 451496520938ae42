"""Search finds only what the person may see: never a hidden or deleted post, never a forum they cannot
read; Chatham House posts appear without names and cannot be found by a speaker's or a mentioned person's
name."""

import pytest

from forums import services
from forums.models import Post
from forums.search import search_posts, search_terms
from forums.services import moderation
from tests.factories.forums import add_posts
from working_groups.choices import Visibility

PERSONAS = ["anonymous", "outsider", "member", "chair", "secretariat"]
READS = {
    "anonymous": {Visibility.OPEN, "public"},
    "outsider": {Visibility.OPEN, "public"},
    "member": {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE, "public"},
    "chair": {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE, "public"},
    "secretariat": {Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE, "public"},
}


@pytest.fixture(autouse=True)
def no_new_account_limit(settings):
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS = 0


@pytest.mark.parametrize("persona", PERSONAS)
def test_results_follow_visibility(dialogue, client_for, persona):
    for scope, thread in dialogue.threads.items():
        add_posts(thread, [dialogue.people["member"]], 1, f"Grievance mechanism notes, {scope} edition.")
    response = client_for(dialogue.people[persona]).get("/forums/search/", {"q": "grievance mechanism"})
    assert response.status_code == 200
    content = response.content.decode()
    for scope, thread in dialogue.threads.items():
        assert (f"{scope} edition" in content) is (scope in READS[persona]), scope
        assert (thread.title in content) is (scope in READS[persona]), scope


def test_hidden_and_deleted_posts_are_never_found(dialogue, client_for):
    thread = dialogue.threads[Visibility.OPEN]
    hidden, deleted, kept = add_posts(thread, [dialogue.people["member"]], 3, "Zirconium supply notes.")
    moderation.post_hide(actor=dialogue.people["chair"], post=hidden, reason="Spam")
    Post.objects.filter(pk=deleted.pk).update(deleted_at="2024-01-01T00:00:00Z")
    for persona in ("member", "chair", "secretariat"):  # moderators too: a result list shows no hidden post
        results = search_posts(dialogue.people[persona], "zirconium")
        assert [result.sequence for result in results] == [kept.sequence], persona
    content = client_for(dialogue.people["chair"]).get("/forums/search/", {"q": "zirconium"}).content.decode()
    assert f"#{kept.sequence}" in content and f"#{hidden.sequence}<" not in content


def test_thread_titles_are_searched(dialogue):
    results = search_posts(dialogue.people["outsider"], "smelter audits open")
    assert {result.thread_title for result in results} == {dialogue.threads[Visibility.OPEN].title}


def test_chatham_house_results_name_nobody_and_names_find_nothing(dialogue, fresh, client_for):
    thread = services.thread_create(
        author=fresh("member"),
        forum=dialogue.forums[Visibility.OPEN],
        title="Confidential wage talks",
        body_markdown="Living wage gap, as @[Lotte Jansen] said.",
        chatham_house=True,
    )
    outsider = dialogue.people["outsider"]
    assert search_posts(outsider, "Jansen") == []
    assert search_posts(outsider, "Lotte") == []
    results = search_posts(outsider, "living wage")
    assert len(results) == 1 and results[0].author.anonymised
    page = client_for(outsider).get("/forums/search/", {"q": "living wage"}).content.decode()
    assert thread.title in page
    for secret in ["Samuel", "Mensah", "Metalworkers Union", "Lotte", "Jansen"]:
        assert secret not in page.split("<main", 1)[1], secret
    # A moderator of the thread sees names, so the name finds the post for them.
    assert len(search_posts(dialogue.people["secretariat"], "Jansen")) == 1


def test_short_or_empty_queries(dialogue, client_for):
    assert search_terms("a ! b") == []
    assert search_posts(dialogue.people["member"], "") == []
    content = client_for(None).get("/forums/search/", {"q": "a"}).content.decode()
    assert "at least two letters" in content


def test_search_costs_constant_queries(dialogue, client_for, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(dialogue.people["member"])
    add_posts(
        dialogue.threads[Visibility.OPEN], [dialogue.people["chair"]], 1, "Bauxite @[Samuel Mensah] note."
    )
    client.get("/forums/search/", {"q": "bauxite"})
    with CaptureQueriesContext(connection) as one:
        client.get("/forums/search/", {"q": "bauxite"})
    for thread in dialogue.threads.values():
        add_posts(
            thread,
            [dialogue.people["chair"], dialogue.people["secretariat"]],
            6,
            "Bauxite @[Samuel Mensah] note.",
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/forums/search/", {"q": "bauxite"})
    assert response.context["results"].paginator.count == 25
