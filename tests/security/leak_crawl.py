"""The leak probe's crawler: breadth-first over one site as one persona, with Django's test client.

It follows every same-site link it can read (HTML anchors, `<link rel=alternate>`, GET forms, sitemap and
feed URLs, redirects) and every address it is given directly, and checks each response body against the
persona's secrets. Addresses that act instead of show (signing out, unsubscribing, accepting an invitation,
the admin) are never requested.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

from tests.security.leak_secrets import CHATHAM_NAME, Secrets, normalise, normalise_body

SAME_SITE_HOSTS = {"", "testserver", "localhost", "127.0.0.1"}
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/i18n/", "/invitations/")
SKIPPED_PARTS = ("logout", "/unsubscribe/", "/notifications/read/", "/accept/")
#: Filter and page variants of one address: enough to reach every page of a list, not every combination.
MAX_QUERIES_PER_PATH = 8
_XML_URL = re.compile(r"<(?:loc|link|id)>\s*([^<\s]+)\s*</|href=\"([^\"]+)\"")
_ICS_URL = re.compile(r"^(?:URL|X-ORIGINAL-URL)[^:]*:(\S+)", re.MULTILINE)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if (tag == "a" and values.get("href")) or (
            tag == "link" and "alternate" in (values.get("rel") or "").split() and values.get("href")
        ):
            self.links.append(values["href"])
        elif tag == "form" and (values.get("method") or "get").lower() == "get":
            self.links.append(values.get("action") or "")
        elif tag in ("iframe", "img", "source") and values.get("src", "").startswith("/documents/"):
            self.links.append(values["src"])
        elif tag == "input" and (values.get("value") or "").startswith(("http://", "https://", "webcal://")):
            self.links.append(values["value"])  # an address offered for copying (a calendar feed)


def links_in(body: str, content_type: str) -> list[str]:
    if "html" in content_type:
        parser = _LinkParser()
        parser.feed(body)
        return parser.links
    if "xml" in content_type:
        return [first or second for first, second in _XML_URL.findall(body)]
    if "calendar" in content_type:
        return _ICS_URL.findall(body.replace("\r\n ", ""))
    return []


@dataclass(frozen=True)
class Leak:
    persona: str
    url: str
    kind: str
    secret: str

    def __str__(self) -> str:
        return f"{self.persona:<24} {self.url}  [{self.kind}] {self.secret[:40]!r}"


@dataclass
class Crawl:
    """One persona's crawl: what it requested, what it found, and what went wrong."""

    persona: str
    client: object
    secrets: Secrets
    #: thread id -> paths whose responses speak about that thread (pages, room, exports, its posts)
    chatham_paths: dict[int, tuple[str, ...]] = field(default_factory=dict)
    #: thread id -> normalised titles, to find a Chatham House thread in lists and check its surroundings
    chatham_titles: dict[int, str] = field(default_factory=dict)
    cap: int = 1500
    seen: set[str] = field(default_factory=set)
    statuses: dict[str, int] = field(default_factory=dict)
    leaks: list[Leak] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _queries: dict[str, int] = field(default_factory=dict)

    def key(self, url: str, base: str = "/") -> str | None:
        """The same-site address to request for a link, or None for one to leave alone."""
        url = url.strip()
        if url.startswith("webcal://"):
            url = "http://" + url.removeprefix("webcal://")
        parts = urlsplit(urljoin(base, url))
        if parts.scheme not in ("", "http", "https") or parts.hostname not in SAME_SITE_HOSTS | {None}:
            return None
        path = parts.path or "/"
        if path.startswith(SKIPPED_PREFIXES) or any(part in path for part in SKIPPED_PARTS):
            return None
        return urlunsplit(("", "", path, parts.query, ""))

    def run(self, start: list[str]) -> None:
        queue = deque(url for url in (self.key(item) for item in start) if url)
        while queue and len(self.statuses) < self.cap:
            url = queue.popleft()
            if url in self.seen:
                continue
            self.seen.add(url)
            path, _sep, query = url.partition("?")
            if query:
                self._queries[path] = self._queries.get(path, 0) + 1
                if self._queries[path] > MAX_QUERIES_PER_PATH:
                    continue
            for link in self.visit(url):
                target = self.key(link, url)
                if target and target not in self.seen:
                    queue.append(target)

    def visit(self, url: str) -> list[str]:
        response = self.client.get(url)
        self.statuses[url] = response.status_code
        content_type = response.get("Content-Type", "")
        if response.status_code >= 500:
            self.errors.append(f"{self.persona}: {url} answered {response.status_code}")
        if response.status_code in (301, 302, 303, 307, 308):
            return [response["Location"]]
        content = b"".join(response.streaming_content) if response.streaming else response.content
        self.check(url, echo_removed(normalise_body(content, content_type), url))
        if response.status_code != 200:
            return []
        return links_in(content.decode("utf-8", "replace"), content_type)

    def check(self, url: str, body: str) -> None:
        for kind, secret in self.secrets.found_in(body):
            self.leaks.append(Leak(self.persona, url, kind, secret))
        for thread_id, names in self.secrets.chatham_names.items():
            if url.startswith(self.chatham_paths.get(thread_id, ())):
                windows = [body]
            else:
                windows = around(body, self.chatham_titles.get(thread_id, ""))
            for name in names:
                if any(name in window for window in windows):
                    self.leaks.append(Leak(self.persona, url, CHATHAM_NAME, name))

    def check_text(self, label: str, text: str) -> None:
        """Check something that is not an HTTP response (a WebSocket frame)."""
        self.check(label, normalise(text))


def echo_removed(body: str, url: str) -> str:
    """The body without the persona's own request echoed back (a search box holding the query, a "not found"
    page naming the address): what a person typed or requested is not a leak."""
    parts = urlsplit(url)
    echoes = [unquote(parts.path)] + [value for _name, value in parse_qsl(parts.query)]
    for echo in sorted((normalise(item) for item in echoes), key=len, reverse=True):
        if len(echo) >= 4:
            body = body.replace(echo, " ")
    return body


def around(body: str, title: str, width: int = 700) -> list[str]:
    """The text around each occurrence of `title` in `body` (a thread's entry in a list)."""
    if not title:
        return []
    windows, start = [], body.find(title)
    while start != -1:
        windows.append(body[max(start - width, 0) : start + len(title) + width])
        start = body.find(title, start + 1)
    return windows
