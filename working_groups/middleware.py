"""Apply a signed-in member's preferred language and time zone to every request, from the session only."""

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from working_groups.services.profile import SESSION_LANGUAGE_KEY, SESSION_TIME_ZONE_KEY


class MemberPreferencesMiddleware:
    """Activate the language and time zone stored in the session at sign-in and when the profile is saved.

    Place it after AuthenticationMiddleware (and after LocaleMiddleware, whose choice it refines). It never
    touches the database beyond the session, and leaves visitors without a session cookie alone (no session
    access, so no ``Vary: Cookie``). The language cookie is kept in step with the preference so that
    LocaleMiddleware agrees on pages served after signing out; an explicit switch through Django's
    ``set_language`` view (which sets that cookie) wins for the rest of the session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        zone = None
        if has_session:
            language = request.session.get(SESSION_LANGUAGE_KEY)
            if language in self.languages:
                translation.activate(language)
                request.LANGUAGE_CODE = language
            zone = self._zone(request.session.get(SESSION_TIME_ZONE_KEY))
            if zone:
                timezone.activate(zone)
        try:
            response = self.get_response(request)
        finally:
            if zone:
                timezone.deactivate()
        # Signing in writes the preferences into a session that may be brand new: look at it then too.
        if has_session or request.session.modified:
            self._sync_language_cookie(request, response)
        return response

    @staticmethod
    def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
        if not name:
            return None
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None

    def _sync_language_cookie(self, request: HttpRequest, response: HttpResponse) -> None:
        cookie_name = settings.LANGUAGE_COOKIE_NAME
        preferred = request.session.get(SESSION_LANGUAGE_KEY)
        if preferred not in self.languages:
            return
        if cookie_name in response.cookies:
            chosen = response.cookies[cookie_name].value
            if chosen in self.languages:
                request.session[SESSION_LANGUAGE_KEY] = chosen
            return
        if request.COOKIES.get(cookie_name) != preferred:
            response.set_cookie(
                cookie_name,
                preferred,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
