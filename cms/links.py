"""The site's absolute address: one source for every link that leaves the page it was written on (calendar
feeds and buttons, e-mails, RSS/Atom, the sitemap).

It is the BASE_URL setting (production: the public https address; `make demo`: http://HOST:PORT, the address
it serves), never the host a request came in on (a proxy or a stray Host header would put it in a calendar
for good) and never a Wagtail `Site` record's hostname (the demo's said `localhost:80`, where nothing is
served). A host site without BASE_URL falls back on WAGTAILADMIN_BASE_URL, then on its default Site.
"""

from __future__ import annotations

from django.conf import settings


def base_url() -> str:
    """The scheme and host (and port) links are built on, without a trailing slash."""
    configured = getattr(settings, "BASE_URL", "") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else ""


def absolute_url(url: str | None) -> str:
    """`url` on the site's address: a path ("/events/x/") gets base_url() in front; an address that is
    already absolute (a page of another Wagtail site, with that site's own host) passes through; an empty
    one stays empty."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    return base_url() + (url if url.startswith("/") else f"/{url}")
