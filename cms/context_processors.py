from dataclasses import replace

from wagtail.models import Site

from cms.chrome import chrome_for_site


def _is_active(url: str, path: str) -> bool:
    """A menu link is the current section when the path is its URL or lies below it (home only on itself)."""
    if not url.startswith("/"):
        return False
    return path == url or (url != "/" and path.startswith(url))


def site_chrome(request):
    """Header and footer data for every page, from a per-site cache (no query once the cache is warm)."""
    site = Site.find_for_request(request)
    chrome = chrome_for_site(site)
    return {
        "site_name": chrome.site_name,
        "site_organisation_name": chrome.organisation_name,
        "main_menu": [replace(link, active=_is_active(link.url, request.path)) for link in chrome.main_menu],
        "footer_links": chrome.footer_links,
        "social_links": chrome.social_links,
        "site_contact": chrome.contact,
    }
