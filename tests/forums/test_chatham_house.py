"""Chatham House threads: readers see each speaker's stakeholder type, never a name or an organisation —
anywhere in the page: posts, the thread list, mentions, quotes, the reply form. Moderators still see them."""

import pytest

from forums import services
from forums.models import Thread
from working_groups.choices import Visibility

pytestmark = pytest.mark.usefixtures("chatham_types_shown")

SECRETS = ["Lotte", "Jansen", "Samuel", "Mensah", "Nordvik", "Metalworkers"]


@pytest.fixture
def sensitive(dialogue, django_capture_on_commit_callbacks):
    """A Chatham House thread in the open group: the chair (a company) starts it, the member (a union)
    replies quoting and mentioning the chair."""
    forum = dialogue.forums[Visibility.OPEN]
    Thread.objects.filter(forum=forum).delete()  # only the Chatham House thread in this group's forum
    thread = services.thread_create(
        author=dialogue.people["chair"],
        forum=forum,
        title="Child labour findings at two cobalt sites",
        body_markdown="We found children at the washing ponds. What have others done?",
        chatham_house=True,
    )
    first = thread.posts.select_related("author__profile__organisation").get()
    quote = services.post_quote(user=dialogue.people["member"], post=first)
    services.post_create(
        author=dialogue.people["member"],
        thread=thread,
        body_markdown=quote + "Thank you @[Lotte Jansen]: the union can help with remediation.",
        reply_to=first,
    )
    return Thread.objects.get(pk=thread.pk)


def _pages(client, thread):
    first = thread.posts.get(sequence=1)
    urls = [
        thread.get_absolute_url(),
        thread.forum.get_absolute_url(),
        "/forums/",
        f"/forums/t/{thread.pk}/reply/?quote={first.pk}",
        f"/forums/t/{thread.pk}/reply/?reply_to={first.pk}",
        thread.forum.group.url + "members/",
    ]
    return {url: client.get(url) for url in urls}


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "observer"])
def test_no_name_or_organisation_reaches_readers(dialogue, sensitive, client_for, persona):
    client = client_for(dialogue.people[persona])
    for url, response in _pages(client, sensitive).items():
        if response.status_code == 302:  # the reply form asks anonymous visitors to sign in
            continue
        assert response.status_code == 200, url
        content = response.content.decode()
        if url.endswith("/members/"):
            # Members rightly see who belongs to the group; only the discussions panel is the forums' part.
            content = content.split('aria-label="Discussions"')[1].split("</section>")[0]
            assert sensitive.title in content
        for secret in SECRETS:
            assert secret not in content, (url, secret)
    content = client.get(sensitive.get_absolute_url()).content.decode()
    assert "Company" in content and "Trade union" in content
    assert "A participant" in content


def test_the_member_sees_their_own_post_marked_but_no_other_name(dialogue, sensitive, client_for):
    content = client_for(dialogue.people["member"]).get(sensitive.get_absolute_url()).content.decode()
    for secret in ["Lotte", "Jansen", "Nordvik"]:
        assert secret not in content
    assert "(you)" in content


@pytest.mark.parametrize("persona", ["chair", "secretariat"])
def test_moderators_still_see_who_speaks(dialogue, sensitive, client_for, persona):
    content = client_for(dialogue.people[persona]).get(sensitive.get_absolute_url()).content.decode()
    assert "Samuel Mensah" in content and "Metalworkers Union" in content


def test_the_stored_post_holds_no_name(sensitive):
    for post in sensitive.posts.all():
        for secret in SECRETS:
            assert secret not in post.body_html


def test_an_ordinary_thread_shows_names_and_organisations(dialogue, client_for):
    content = (
        client_for(dialogue.people["outsider"])
        .get(dialogue.threads[Visibility.OPEN].get_absolute_url())
        .content.decode()
    )
    assert "Lotte Jansen" in content and "Nordvik Mining" in content and "Company" in content
