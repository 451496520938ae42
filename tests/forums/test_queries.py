"""A thread page with 500 posts and a forum with 1,000 threads cost the same number of queries as with one,
and both are paginated."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from forums import app_settings
from forums.models import Mention, Reaction, Thread
from tests.factories.forums import ThreadFactory, add_posts
from tests.factories.users import UserFactory
from working_groups.choices import Visibility


def _count(client, url) -> tuple[int, str]:
    """Queries of a repeated request: the first warms site-wide caches and per-reader state (read markers)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _people(dialogue, count=5):
    people = [dialogue.people["chair"], dialogue.people["observer"]]
    people += [UserFactory(first_name="Speaker", last_name=str(n)) for n in range(count)]
    return people


@pytest.mark.parametrize("chatham_house", [False, True])
def test_thread_page_costs_the_same_with_500_posts(dialogue, client_for, chatham_house):
    people = _people(dialogue)
    small = ThreadFactory(forum=dialogue.forums[Visibility.OPEN], chatham_house=chatham_house)
    add_posts(small, people, 1)
    large = ThreadFactory(forum=dialogue.forums[Visibility.OPEN], chatham_house=chatham_house)
    posts = add_posts(large, people, 500)
    Mention.objects.bulk_create([Mention(post=post, user=people[0]) for post in posts[:40]])
    Reaction.objects.bulk_create(
        [Reaction(post=post, user=person, kind="heart") for post in posts[:40] for person in people[1:3]]
    )
    client = client_for(dialogue.people["member"])
    small_count, _html = _count(client, small.get_absolute_url())
    large_count, html = _count(client, large.get_absolute_url())
    last_page_count, _html = _count(client, large.get_absolute_url() + "?page=25")
    assert small_count == large_count == last_page_count
    assert html.count('class="post"') == app_settings.posts_per_page()
    assert 'rel="next"' in html


def test_forum_page_costs_the_same_with_1000_threads(dialogue, client_for):
    people = _people(dialogue)
    forum = dialogue.forums[Visibility.CLOSED]
    Thread.objects.filter(forum=forum).delete()
    # A Chatham House thread in both lists: its speakers' shown types cost one query per list, not per thread.
    thread = ThreadFactory(forum=forum, author=people[0], chatham_house=True)
    add_posts(thread, people, 2)
    client = client_for(dialogue.people["member"])
    small_count, _html = _count(client, forum.get_absolute_url())
    threads = Thread.objects.bulk_create(
        [
            Thread(
                forum=forum,
                title=f"Gender action plan {n}",
                slug=f"gap-{n}",
                author=people[n % 7],
                chatham_house=n % 3 == 0,
                pinned=n == 500,
            )
            for n in range(999)
        ]
    )
    for some in threads[:30]:
        add_posts(some, people, 2)
        some.tags.add("gender", f"site-{some.pk}")
    large_count, html = _count(client, forum.get_absolute_url())
    assert small_count == large_count
    assert html.count('class="thread-table__title"') == app_settings.threads_per_page()
    assert html.index("Gender action plan 500<") < html.index("Gender action plan 29<")  # pinned first


def test_forum_list_costs_the_same_for_many_forums(dialogue, client_for):
    from tests.factories.forums import ForumFactory

    client = client_for(dialogue.people["member"])
    small_count, _html = _count(client, "/forums/")
    for n in range(20):
        ForumFactory(title=f"Consultation {n}")
    large_count, html = _count(client, "/forums/")
    assert small_count == large_count
    assert "Consultation 19" in html


def test_thread_page_reads_each_thing_once(dialogue, client_for):
    """On a Chatham House thread page the reader's access is decided once (not again for the controls, the
    reactions or the presenter); the posts are read without their Markdown source, and their authors in one
    query, each person once."""
    people = _people(dialogue)
    thread = ThreadFactory(forum=dialogue.forums[Visibility.OPEN], chatham_house=True)
    add_posts(thread, people, 30)
    client = client_for(dialogue.people["member"])
    url = thread.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    sqls = [query["sql"] for query in context.captured_queries]
    (posts,) = [sql for sql in sqls if sql.startswith('SELECT "forums_post"."id"') and '"body_html"' in sql]
    assert '"body_markdown"' not in posts
    assert "auth_user" not in posts  # no author per post row
    assert len([sql for sql in sqls if "'Secretariat'" in sql]) == 1
    assert len([sql for sql in sqls if 'FROM "working_groups_membership"' in sql]) <= 1
