"""Reads about registrations for an event page (being built: issue 5)."""


def registration_context(page, request) -> dict:
    return {}
