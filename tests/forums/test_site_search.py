"""The header search finds threads and posts exactly as their own pages show them: private groups' threads
only for members, and a Chatham House thread never by a speaker's name nor with a name beside it."""

import pytest

from forums import services
from forums.models import Thread
from working_groups.choices import Visibility

pytestmark = pytest.mark.django_db


def _discussions(response):
    search = response.context["search"]
    return next(section for section in search.sections if section.kind == "discussions")


@pytest.mark.parametrize(
    ("persona", "finds_private"), [("anonymous", False), ("outsider", False), ("member", True)]
)
def test_private_threads_only_for_members(dialogue, client_for, persona, finds_private):
    client = client_for(dialogue.people[persona])
    response = client.get("/search/", {"q": "audit results", "kind": "discussions"})

    titles = {hit.title for hit in _discussions(response).hits}
    assert ("Smelter audits (private)" in titles) is finds_private
    assert "Smelter audits (public)" in titles
    assert ("Smelter audits (private)" in response.content.decode()) is finds_private


def test_chatham_house_thread_hides_names_in_site_search(
    dialogue, client_for, django_capture_on_commit_callbacks
):
    forum = dialogue.forums[Visibility.OPEN]
    Thread.objects.filter(forum=forum).delete()
    services.thread_create(
        author=dialogue.people["chair"],
        forum=forum,
        title="Washing ponds findings",
        body_markdown="We found children at the washing ponds.",
        chatham_house=True,
    )
    chair = dialogue.people["chair"]
    client = client_for(dialogue.people["outsider"])

    by_topic = client.get("/search/", {"q": "washing ponds", "kind": "discussions"})
    by_name = client.get("/search/", {"q": chair.first_name, "kind": "discussions"})

    assert [hit.title for hit in _discussions(by_topic).hits] == ["Washing ponds findings"]
    assert chair.first_name not in by_topic.content.decode().split("search-results", 1)[1]
    assert "Washing ponds findings" not in by_name.content.decode()


def _prefer(client, language: str, zone: str):
    """What signing in does with a member's profile: their language and time zone in the session."""
    from working_groups.services.profile import SESSION_LANGUAGE_KEY, SESSION_TIME_ZONE_KEY

    session = client.session
    session[SESSION_LANGUAGE_KEY] = language
    session[SESSION_TIME_ZONE_KEY] = zone
    session.save()


def test_post_dates_show_in_the_readers_language_and_time_zone(dialogue, client_for):
    """A post written at 23:30 UTC on 14 October was written on 15 October in Auckland: a Dutch reader there
    reads "15 Okt 2030", in a <time> element with the exact instant, as everywhere else on the site."""
    import datetime

    from forums.models import Post

    thread = dialogue.threads["public"]
    written = datetime.datetime(2030, 10, 14, 23, 30, tzinfo=datetime.UTC)
    Post.objects.filter(thread=thread).update(created_at=written)
    client = client_for(dialogue.people["member"])
    _prefer(client, "nl", "Pacific/Auckland")

    html = client.get("/search/", {"q": "audit results", "kind": "discussions"}).content.decode()
    hit = html[html.index("Smelter audits (public)") :]
    hit = hit[: hit.index("</li>")]
    assert '<time datetime="2030-10-15T12:30:00+13:00">15 Okt 2030</time>' in hit

    _prefer(client, "en", "America/New_York")
    html = client.get("/search/", {"q": "audit results", "kind": "discussions"}).content.decode()
    assert '<time datetime="2030-10-14T19:30:00-04:00">14 Oct 2030</time>' in html
