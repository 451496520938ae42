"""The hooks the events app offers to the apps above it (names in the one style of cms/hooks.py).

- ``EVENT_PAGE_SECTIONS_HOOK``: ``fn(request, page) -> str`` — safe HTML sections on an event's page.
- ``EVENT_LIVE_LINKS_HOOK``: ``fn(user, events, now) -> dict[int, str]`` — a live-room link per event id.
- ``EVENT_DISCUSSION_URLS_HOOK``: ``fn(events) -> dict[int, str]`` — a discussion link per event id.
"""

EVENT_PAGE_SECTIONS_HOOK = "roundtable_events_page_sections"
EVENT_LIVE_LINKS_HOOK = "roundtable_events_live_links"
EVENT_DISCUSSION_URLS_HOOK = "roundtable_events_discussion_urls"
