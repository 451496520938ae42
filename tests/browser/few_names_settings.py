"""The test settings with the live room's "Who is here" cut to one name, so that a browser test shows a crowd
with three people (tests/browser/test_live_room.py)."""

from tests.settings import *  # noqa: F403

ROUNDTABLE_FORUMS_LIVE_PRESENCE_NAMES_SHOWN = 1
