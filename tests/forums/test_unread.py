"""Unread markers: a thread never opened is "new", one read to post n shows the posts after n as unread;
opening a page moves the marker to its last post (never back); thread lists mark them without N+1."""

import pytest

from forums.models import Thread, ThreadReadState
from forums.notifications.selectors import mark_unread
from tests.factories.forums import ThreadFactory, add_posts
from working_groups.choices import Visibility


def test_opening_a_thread_marks_it_read_up_to_the_last_post_shown(dialogue, client_for, settings):
    settings.ROUNDTABLE_FORUMS_POSTS_PER_PAGE = 5
    thread = dialogue.threads[Visibility.OPEN]
    add_posts(thread, [dialogue.people["chair"]], 11)
    member = dialogue.people["member"]
    client = client_for(member)
    client.get(thread.get_absolute_url())
    assert ThreadReadState.objects.get(user=member, thread=thread).last_read_sequence == 5
    client.get(thread.get_absolute_url() + "?page=3")
    assert ThreadReadState.objects.get(user=member, thread=thread).last_read_sequence == 12
    client.get(thread.get_absolute_url())  # going back to page 1 does not unread anything
    assert ThreadReadState.objects.get(user=member, thread=thread).last_read_sequence == 12
    client_for(None).get(thread.get_absolute_url())
    assert ThreadReadState.objects.count() == 1


def test_markers_on_the_forum_page(dialogue, client_for):
    forum, thread = dialogue.forums[Visibility.OPEN], dialogue.threads[Visibility.OPEN]
    client = client_for(dialogue.people["member"])
    assert ">New<" in client.get(forum.get_absolute_url()).content.decode()
    client.get(thread.get_absolute_url())
    content = client.get(forum.get_absolute_url()).content.decode()
    assert ">New<" not in content and "unread" not in content.split("<main", 1)[1]
    add_posts(thread, [dialogue.people["chair"]], 3)
    assert "3 unread" in client.get(forum.get_absolute_url()).content.decode()
    # The author's own new thread is not "new" to them, and anonymous visitors get no markers.
    assert ">New<" not in client_for(dialogue.people["chair"]).get(forum.get_absolute_url()).content.decode()
    assert ">New<" not in client_for(None).get(forum.get_absolute_url()).content.decode()


def test_mark_unread_is_one_query(dialogue, django_assert_num_queries):
    threads = list(Thread.objects.all())
    with django_assert_num_queries(1):
        mark_unread(threads, dialogue.people["member"])
    assert all(thread.never_read for thread in threads if thread.author_id != dialogue.people["member"].pk)


@pytest.mark.parametrize("url_name", ["forum", "threads"])
def test_thread_lists_with_markers_cost_constant_queries(
    dialogue, client_for, django_assert_num_queries, url_name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    forum = dialogue.forums[Visibility.CLOSED]
    url = forum.get_absolute_url() if url_name == "forum" else "/forums/threads/"
    member = dialogue.people["member"]
    client = client_for(member)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(15):
        thread = ThreadFactory(forum=forum, author=dialogue.people["chair"])
        add_posts(thread, [dialogue.people["chair"]], 2)
        if index % 2:
            ThreadReadState.objects.create(user=member, thread=thread, last_read_sequence=1)
    with django_assert_num_queries(len(one.captured_queries)):
        content = client.get(url).content.decode()
    assert "1 unread" in content and ">New<" in content
