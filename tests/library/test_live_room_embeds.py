"""A resource address pasted on a line of its own in a live room's message shows the resource's card in the
room too — on the room page and in the fragments the room draws live messages from — for readers who may
see the resource, as the thread page does. Found walking the integrated demo: the thread page showed the
card, the live room only the bare address (issue 15's one rendering of a post, issue 19's resource cards)."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from events.choices import EventKind
from forums import services
from forums.live import services as live_services
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.forums import ForumFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

CARD = 'class="card resource-embed"'


@pytest.fixture
def room_post(library_world):
    world = library_world
    now = timezone.now()
    event = EventPageFactory(
        parent=make_event_index(world.library.get_parent()),
        title="Recycled tin: live Q&A",
        kind=EventKind.WEBINAR,
        group=None,
        registration_open=False,
        start=now - datetime.timedelta(minutes=5),
        end=now + datetime.timedelta(minutes=55),
    )
    thread = services.thread_create(
        author=world.secretariat,
        forum=ForumFactory(title="Public consultation"),
        title="Recycled tin: the live room",
        body_markdown="Welcome.",
        event=event,
    )
    room = live_services.live_room_open(thread=thread)
    public_url = "http://testserver" + world.library.resource_url_for(world.public.pk, world.public.title)
    group_url = "http://testserver" + world.library.resource_url_for(
        world.group_only.pk, world.group_only.title
    )
    post, _created = live_services.live_post_create(
        user=world.secretariat,
        room=room,
        body_markdown=f"Two reads before we start:\n\n{public_url}\n\n{group_url}",
        client_id="walk-embed",
    )
    return thread, post


def test_the_room_shows_the_cards_its_reader_may_see(client, library_world, room_post):
    world = library_world
    thread, post = room_post
    room_url = reverse("forums:live:room", args=[thread.pk])
    fragments_url = reverse("forums:live:fragments", args=[thread.pk]) + f"?view=room&posts={post.pk}"

    client.force_login(world.member)
    page = client.get(room_url).content.decode()
    assert page.count(CARD) == 2
    assert world.group_only.summary in page
    fragment = client.get(fragments_url).json()["posts"][0]["html"]
    assert fragment.count(CARD) == 2

    outsider = UserFactory(date_joined=timezone.now() - datetime.timedelta(days=90))
    client.force_login(outsider)
    page = client.get(room_url).content.decode()
    assert page.count(CARD) == 1
    assert world.public.summary in page
    assert world.group_only.summary not in page
    assert world.group_only.title not in page
    fragment = client.get(fragments_url).json()["posts"][0]["html"]
    assert fragment.count(CARD) == 1
    assert world.group_only.summary not in fragment
