from dataclasses import replace

from django.conf import settings
from django.utils.translation import get_language

from wagtail.models import Site

from cms.chrome import chrome_for_site


def content_language_for(language: str | None) -> str:
    codes = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    language = (language or "").split("-")[0]
    return language if language in codes else settings.LANGUAGE_CODE


def _is_active(url: str, path: str) -> bool:
    """A menu link is the current section when the path is its URL or lies below it (home only on itself)."""
    if not url.startswith("/"):
        return False
    return path == url or (url != "/" and path.startswith(url))


def site_chrome(request):
    """Header and footer data for every page, from a per-site cache (no query once the cache is warm)."""
    site = Site.find_for_request(request)
    # The content language of the page (`/nl/...`: Dutch), else the reader's interface language.
    language = getattr(request, "content_language", None) or get_language()
    chrome = chrome_for_site(site, content_language_for(language))
    return {
        "site_name": chrome.site_name,
        "site_organisation_name": chrome.organisation_name,
        "main_menu": [replace(link, active=_is_active(link.url, request.path)) for link in chrome.main_menu],
        "footer_links": chrome.footer_links,
        "social_links": chrome.social_links,
        "site_contact": chrome.contact,
    }
