"""The controls under each post of a thread page, for an anonymous visitor, a plain member and a moderator
(links, forms and their screen-reader words come ready-made from the selector), and a page of 100 posts
costing the same queries as a page of one."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from forums import services
from forums.models import Mention, Reaction
from forums.services.moderation import post_hide
from tests.factories.forums import ThreadFactory, add_posts
from working_groups.choices import Visibility

ARTICLE = re.compile(r'<article class="post[^"]*" id="post-(\d+)".*?</article>', re.S)
ADDRESS = re.compile(r'(?:href|action)="([^"#]+)"')


def _controls(html: str) -> dict[int, set[str]]:
    """Per post number, the addresses its links and forms lead to (the permalink included)."""
    return {int(match.group(1)): set(ADDRESS.findall(match.group(0))) for match in ARTICLE.finditer(html)}


@pytest.fixture
def three_posts(dialogue, fresh, settings):
    """The open thread: #1 by the chair, #2 the member's edited reply to it, #3 the chair's, hidden."""
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS = 0
    thread = dialogue.threads[Visibility.OPEN]
    first = thread.posts.get()
    reply = services.post_create(
        author=fresh("member"), thread=thread, body_markdown="Agreed.", reply_to=first
    )
    services.post_edit(editor=fresh("member"), post=reply, body_markdown="Agreed, with one caveat.")
    hidden = services.post_create(author=fresh("chair"), thread=thread, body_markdown="Off topic.")
    post_hide(actor=fresh("chair"), post=hidden, reason="Off topic.")
    return thread, [first.pk, reply.pk, hidden.pk]


def _expected(thread, pks, persona) -> dict[int, set[str]]:
    first, reply, hidden = pks

    def post(pk, *actions):
        return {f"/forums/p/{pk}/"} | {f"/forums/p/{pk}/{action}/" for action in actions}

    def answer(pk):
        return {f"/forums/t/{thread.pk}/reply/?reply_to={pk}", f"/forums/t/{thread.pk}/reply/?quote={pk}"}

    if persona == "anonymous":
        return {1: post(first), 2: post(reply), 3: post(hidden)}
    if persona == "member":
        return {
            1: post(first, "react", "flag") | answer(first),
            2: post(reply, "edit", "delete") | answer(reply),
            3: post(hidden),
        }
    return {
        1: post(first, "edit", "delete", "hide") | answer(first),
        2: post(reply, "react", "edit", "delete", "history", "hide", "flag") | answer(reply),
        3: post(hidden, "edit", "delete", "unhide") | answer(hidden),
    }


@pytest.mark.parametrize("persona", ["anonymous", "member", "chair"])
def test_each_post_offers_the_controls_its_reader_may_use(dialogue, three_posts, client_for, persona):
    thread, pks = three_posts
    html = client_for(dialogue.people[persona]).get(thread.get_absolute_url()).content.decode()
    assert _controls(html) == _expected(thread, pks, persona)


def test_controls_and_headings_are_named_for_screen_readers(dialogue, three_posts, client_for):
    thread, _pks = three_posts
    html = client_for(dialogue.people["chair"]).get(thread.get_absolute_url()).content.decode()
    assert '<span class="visually-hidden">Post 2 by </span>' in html
    assert '<a href="#post-1">in reply to #1</a>' in html
    assert 'Reply<span class="visually-hidden"> to post 2</span></a>' in html
    assert 'Quote<span class="visually-hidden"> post 2</span></a>' in html
    assert 'Show again<span class="visually-hidden"> post 3</span></button>' in html
    assert " · edited" in html and 'aria-label="Reactions"' in html


def test_controls_are_translated(dialogue, three_posts, client_for):
    thread, _pks = three_posts
    client = client_for(dialogue.people["chair"])
    html = client.get(thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<span class="visually-hidden">Bericht 2 van </span>' in html
    assert "Bewerkingsgeschiedenis" in html and "Edit history" not in html


def _queries(client, url) -> int:
    client.get(url)  # warms site-wide caches and moves the read marker
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["anonymous", "member", "chair"])
def test_a_page_of_100_posts_costs_the_queries_of_a_page_of_one(dialogue, client_for, settings, persona):
    settings.ROUNDTABLE_FORUMS_POSTS_PER_PAGE = 100
    people = [dialogue.people["chair"], dialogue.people["member"], dialogue.people["observer"]]
    forum = dialogue.forums[Visibility.OPEN]
    one = ThreadFactory(forum=forum)
    add_posts(one, people, 1)
    many = ThreadFactory(forum=forum)
    posts = add_posts(many, people, 100)
    Mention.objects.bulk_create([Mention(post=post, user=people[0]) for post in posts[::3]])
    Reaction.objects.bulk_create([Reaction(post=post, user=people[1], kind="heart") for post in posts[::2]])
    client = client_for(dialogue.people[persona])
    assert _queries(client, one.get_absolute_url()) == _queries(client, many.get_absolute_url())
    html = client.get(many.get_absolute_url()).content.decode()
    assert html.count('<article class="post"') == 100
