"""The forums' thread tables and moderation log scroll sideways in focusable, named regions
(axe: scrollable-region-focusable)."""

from forums.services.moderation import thread_set_state
from tests.cms.utils import assert_scroll_boxes_named
from working_groups.choices import Visibility


def test_thread_tables_and_the_moderation_log_are_named_regions(dialogue, client_for):
    forum = dialogue.forums[Visibility.OPEN]
    chair = dialogue.people["chair"]
    thread_set_state(actor=chair, thread=dialogue.threads[Visibility.OPEN], action="pin")
    client = client_for(chair)

    assert assert_scroll_boxes_named(client.get(f"/forums/f/{forum.slug}/").content.decode()) == ["Threads"]
    assert assert_scroll_boxes_named(client.get("/forums/threads/").content.decode()) == ["Threads"]
    log = client.get(f"/forums/f/{forum.slug}/log/").content.decode()
    assert assert_scroll_boxes_named(log) == [f"Moderation log of {forum.title}"]
