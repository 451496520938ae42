"""Wagtail's page serving with a content-language prefix: `/` for the default language, `/nl/` for Dutch."""

import re
from functools import cached_property

from django.conf import settings
from django.urls import URLResolver, re_path
from django.utils import translation

from wagtail.urls import serve_pattern

from cms.i18n.views import serve


def default_language() -> str:
    return settings.LANGUAGE_CODE


def prefixed_languages() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != default_language()]


class ContentLanguagePrefixPattern:
    """Matches `nl/...` (any non-default content language) and unprefixed paths (the default language).

    Reversing follows the active language like Django's LocalePrefixPattern, and Wagtail reverses a page's URL
    with its own locale active, so `pageurl` of a Dutch page gives `/nl/...` and of an English page `/...`.
    Not a LocalePrefixPattern subclass on purpose: Django's LocaleMiddleware would then force the default
    interface language on every unprefixed address of the site.
    """

    converters = {}

    def __init__(self):
        self.converters = {}

    @property
    def regex(self):
        return re.compile(re.escape(self.language_prefix))

    @property
    def language_prefix(self) -> str:
        language = translation.get_language() or default_language()
        for code in prefixed_languages():
            if language == code or language.split("-")[0] == code:
                return f"{code}/"
        return ""

    @cached_property
    def _prefixes(self) -> list[tuple[str, str]]:
        return [(f"{code}/", code) for code in prefixed_languages()]

    def match(self, path: str):
        """The path without its language prefix; the serve view reads the language from the request's path
        (captured kwargs would make Django's `translate_url`, used by `set_language`, fail to reverse)."""
        for prefix, _code in self._prefixes:
            if path.startswith(prefix) or path == prefix[:-1]:
                return path[len(prefix) :], (), {}
        return path, (), {}

    def check(self):
        return []

    def describe(self):
        return f"'{self}'"

    def __str__(self):
        return self.language_prefix


def content_language_of(path_info: str) -> str:
    """The content language an address names: its prefix (`/nl/...`), else the default language."""
    for code in prefixed_languages():
        if path_info.startswith(f"/{code}/") or path_info == f"/{code}":
            return code
    return default_language()


def wagtail_serve_patterns() -> list[URLResolver]:
    """Use instead of `include(wagtail.urls)` as the last entry of the site's urlpatterns."""
    from wagtail import urls as wagtail_urls

    other_patterns = [
        pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", "") != "wagtail_serve"
    ]
    return [
        *other_patterns,
        URLResolver(ContentLanguagePrefixPattern(), [re_path(serve_pattern, serve, name="wagtail_serve")]),
    ]
