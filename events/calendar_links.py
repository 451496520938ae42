"""Links from an event page to people's calendars (being built: issue 5)."""


def calendar_context(page, request) -> dict:
    return {}
