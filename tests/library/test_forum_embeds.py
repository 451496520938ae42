"""A forum post that pastes a resource's address on a line of its own shows a card of the resource, for
readers who may see it; to anyone else the address stays a plain line (no title, no summary)."""

import pytest

from forums import services
from tests.factories.forums import ForumFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(library_world, django_capture_on_commit_callbacks):
    world = library_world
    forum = ForumFactory(title="Consultation")
    public_url = "http://testserver" + world.library.resource_url_for(world.public.pk, world.public.title)
    group_url = "http://testserver" + world.library.resource_url_for(
        world.group_only.pk, world.group_only.title
    )
    return services.thread_create(
        author=world.secretariat,
        forum=forum,
        title="Which guidance do we follow?",
        body_markdown=f"Start here:\n\n{public_url}\n\n<{group_url}>\n\nInline {public_url} stays a link.",
    )


def test_a_pasted_address_becomes_a_card_for_those_who_may_see_it(client, library_world, thread):
    world = library_world
    html = client.get(thread.get_absolute_url()).content.decode()

    assert 'class="card resource-embed"' in html
    assert world.public.summary in html
    assert world.group_only.title not in html
    assert world.group_only.summary not in html

    client.force_login(world.member)
    member_html = client.get(thread.get_absolute_url()).content.decode()
    assert world.group_only.summary in member_html
    assert member_html.count('class="card resource-embed"') == 2


def test_addresses_of_other_sites_are_not_cards(library_world):
    from library.embeds import resource_cards

    path = library_world.library.resource_url_for(library_world.public.pk, library_world.public.title)
    assert resource_cards([f"https://elsewhere.example/{path.lstrip('/')}"], None) == {}
    assert list(resource_cards([f"http://testserver{path}"], None)) == [f"http://testserver{path}"]
