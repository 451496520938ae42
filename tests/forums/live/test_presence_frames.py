"""A presence broadcast is written out once per kind of reader, and each kind gets only what it may see."""

import asyncio
import json
from types import SimpleNamespace

from forums.live import presence


def reader(room_id: int, names_visible: bool):
    return SimpleNamespace(room=SimpleNamespace(pk=room_id), names_visible=names_visible)


def test_each_kind_of_reader_gets_its_own_frame_and_the_text_is_reused_for_the_same_people():
    async def scenario():
        people = ["Ama Owusu", "Samuel Mensah"]
        member, observer = reader(7, True), reader(7, False)
        shown = presence.frame_text(member, 2, people)
        hidden = presence.frame_text(observer, 2, people)
        again = presence.frame_text(reader(7, True), 2, list(people))  # an equal list, as Redis delivers it
        other_room = presence.frame_text(reader(8, False), 2, people)
        later = presence.frame_text(member, 3, [*people, "Lotte Jansen"])
        after_later_hidden = presence.frame_text(observer, 3, [*people, "Lotte Jansen"])
        return shown, hidden, again, other_room, later, after_later_hidden

    shown, hidden, again, other_room, later, after_later_hidden = asyncio.run(scenario())
    assert json.loads(shown) == {"type": "presence", "count": 2, "people": ["Ama Owusu", "Samuel Mensah"]}
    assert json.loads(hidden) == {"type": "presence", "count": 2}
    assert again is shown
    assert json.loads(other_room) == {"type": "presence", "count": 2}
    assert json.loads(later)["people"][-1] == "Lotte Jansen" and json.loads(later)["count"] == 3
    assert json.loads(after_later_hidden) == {"type": "presence", "count": 3}
