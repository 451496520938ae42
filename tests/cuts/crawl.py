"""Smoke crawl of a cut's public site: every live public page, the sitemap, the search, and every link they
carry to the site itself, requested by an anonymous visitor.

Run inside a cut (settings chosen by ROUNDTABLE_APPS) after its migrations and demo seed:
`python -m tests.cuts.crawl`. Exits non-zero, naming the addresses, when a page of the tree does not
answer 200, or a link found on a page answers 404 or fails (a link to an app the cut does not install is a
dead link).
"""

import os
import sys
import time
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

#: Addresses a crawl does not follow: the admin and sign-out (not public pages), files, sockets, and forms
#: that only take POST.
SKIPPED_PREFIXES = ("/admin/", "/accounts/logout/", "/static/", "/media/", "/documents/", "/ws/", "/i18n/")
#: Answers a followed link may give: a page, a redirect (to sign in, to a canonical address), or "not
#: modified". 404 is a dead link, 5xx a fault.
LINK_STATUSES = {200, 301, 302, 304}
MAX_URLS = int(os.environ.get("CRAWL_MAX_URLS", "400"))


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.links.append(urldefrag(href)[0])


def page_tree_urls() -> list[str]:
    """Every page an anonymous visitor may find (live, public, not hidden by an app: cms.visibility)."""
    from django.contrib.auth.models import AnonymousUser

    from cms.visibility import pages_findable_by

    urls = []
    for page in pages_findable_by(AnonymousUser()).specific().filter(depth__gt=1):
        url = page.get_url(request=None, current_site=None)
        if url:
            urls.append(urlsplit(url).path)
    return urls


def crawl() -> int:
    from django.conf import settings
    from django.test import Client

    client = Client(raise_request_exception=False)
    tree = set(page_tree_urls())
    start = ["/", "/sitemap.xml", "/search/?q=covenant", *sorted(tree)]
    queue, seen, failures, found_on = deque(start), set(start), [], {}
    started = time.monotonic()
    while queue and len(seen) <= MAX_URLS:
        url = queue.popleft()
        response = client.get(url)
        expected = {200} if url in tree or url in start else LINK_STATUSES
        if response.status_code not in expected:
            failures.append(
                f"{response.status_code} {url} (linked from {found_on.get(url, 'the start list')})"
            )
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = LinkParser()
        parser.feed(response.content.decode(errors="replace"))
        for link in parser.links:
            path = link.split("?")[0]
            if link in seen or path.startswith(SKIPPED_PREFIXES) or ("?" in link and path in seen):
                continue
            seen.add(link)
            found_on[link] = url
            queue.append(link)
    apps = ",".join(settings.ROUNDTABLE_APPS)
    print(f"crawl [{apps}]: {len(seen)} addresses, {len(tree)} pages, {time.monotonic() - started:.1f}s")
    for failure in failures:
        print(f"  FAIL {failure}")
    if not tree:
        print("  FAIL the cut has no public pages (was the demo seeded?)")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    sys.exit(crawl())
