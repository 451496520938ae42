"""The thread list across forums with django-filter: forum, tag, stakeholder type of participants, unanswered,
my threads and dates; facets offer only what the person may read; the list costs constant queries."""

from datetime import timedelta

from django.utils import timezone

from forums.models import Thread
from tests.factories.forums import ThreadFactory, add_posts
from working_groups.choices import Visibility
from working_groups.models import StakeholderType


def titles(response) -> set[str]:
    return {row.thread.title for row in response.context["rows"]}


def test_lists_only_readable_threads_and_forums(dialogue, client_for):
    response = client_for(dialogue.people["outsider"]).get("/forums/threads/")
    assert titles(response) == {dialogue.threads[Visibility.OPEN].title, dialogue.threads["public"].title}
    content = response.content.decode()
    assert dialogue.forums[Visibility.PRIVATE].title not in content
    assert titles(client_for(dialogue.people["member"]).get("/forums/threads/")) == {
        thread.title for thread in dialogue.threads.values()
    }


def test_a_private_forum_cannot_be_chosen_by_outsiders(dialogue, client_for):
    response = client_for(dialogue.people["outsider"]).get(
        "/forums/threads/", {"forum": dialogue.forums[Visibility.PRIVATE].slug}
    )
    assert titles(response) == set()
    assert "This filter was left out" in response.content.decode()


def test_forum_tag_and_unanswered_filters(dialogue, client_for):
    client = client_for(dialogue.people["member"])
    open_thread = dialogue.threads[Visibility.OPEN]
    open_thread.tags.add("cobalt")
    assert titles(client.get("/forums/threads/", {"forum": dialogue.forums["public"].slug})) == {
        dialogue.threads["public"].title
    }
    assert titles(client.get("/forums/threads/", {"tag": "cobalt"})) == {open_thread.title}
    add_posts(open_thread, [dialogue.people["member"]], 1)
    unanswered = titles(client.get("/forums/threads/", {"unanswered": "on"}))
    assert open_thread.title not in unanswered and dialogue.threads["public"].title in unanswered


def test_tags_of_private_threads_are_not_offered_to_outsiders(dialogue, client_for):
    dialogue.threads[Visibility.PRIVATE].tags.add("secret-tender")
    content = client_for(dialogue.people["outsider"]).get("/forums/threads/").content.decode()
    assert "secret-tender" not in content


def test_stakeholder_type_and_mine(dialogue, client_for):
    member = dialogue.people["member"]  # of a trade union
    closed = dialogue.threads[Visibility.CLOSED]
    add_posts(closed, [member], 1)
    client = client_for(member)
    assert titles(client.get("/forums/threads/", {"stakeholder_type": StakeholderType.TRADE_UNION})) == {
        closed.title
    }
    assert titles(client.get("/forums/threads/", {"mine": "on"})) == {closed.title}
    by_company = titles(client.get("/forums/threads/", {"stakeholder_type": StakeholderType.COMPANY}))
    assert by_company == {
        thread.title for thread in dialogue.threads.values()
    }  # the chair speaks for a company
    # Anonymous visitors have no "my threads" filter.
    assert "mine" not in client_for(None).get("/forums/threads/").context["filterset"].form.fields


def test_date_filters(dialogue, client_for):
    old = dialogue.threads["public"]
    Thread.objects.filter(pk=old.pk).update(last_post_at=timezone.now() - timedelta(days=40))
    client = client_for(dialogue.people["member"])
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    assert old.title not in titles(client.get("/forums/threads/", {"active_from": since}))
    assert titles(client.get("/forums/threads/", {"active_to": since})) == {old.title}


def test_thread_list_costs_constant_queries(dialogue, client_for, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(dialogue.people["member"])
    client.get("/forums/threads/")
    with CaptureQueriesContext(connection) as few:
        client.get("/forums/threads/", {"stakeholder_type": StakeholderType.COMPANY})
    for index in range(20):
        thread = ThreadFactory(forum=dialogue.forums[Visibility.PRIVATE], author=dialogue.people["chair"])
        thread.tags.add(f"tag{index}")
        add_posts(thread, [dialogue.people["chair"], dialogue.people["member"]], 3)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/forums/threads/", {"stakeholder_type": StakeholderType.COMPANY})
    assert len(response.context["rows"]) == 24
