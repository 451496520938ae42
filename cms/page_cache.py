"""A full-page cache for anonymous visitors, in the shared cache, cleared by any write that can change a page.

A rush of anonymous visitors (a news item shared widely, a calendar link in a newsletter) meets a stored
copy of the page instead of the full cost of building it. Operators' guide: docs/page-cache.md.

What is stored: the 200 answer to an anonymous GET for an HTML page, per scheme, host, language and full
path with its query string (hashed into the key, so an odd or huge query string cannot make an odd or huge
key). HEAD is answered from the GET copy. Never stored or served:

- a request that carries a session or a messages cookie (a signed-in visitor, one who was just told
  something, one who entered a page password), or that is not GET/HEAD, or an htmx/XHR request;
- a path under one of `ROUNDTABLE_PAGE_CACHE_EXCLUDED_PATHS` (admin, accounts, API, previews, ...);
- a response that sets a cookie, used the CSRF token (every form), says `Cache-Control: private`,
  `no-store` or `no-cache` (Django's `never_cache`, Wagtail's private pages), varies on anything but the
  language, is not HTML, streams, is not a 200, or is larger than `ROUNDTABLE_PAGE_CACHE_MAX_BYTES`;
- a URL whose query string is longer than `ROUNDTABLE_PAGE_CACHE_MAX_QUERY` characters.

Private content never reaches the cache because a stored page was built for an anonymous request: what
an anonymous visitor may not see is not in it (404s and sign-in redirects are not stored either).

What clears it: one generation counter in the cache is part of every key. Any database write (INSERT,
UPDATE or DELETE) to a table that is not listed as private bookkeeping in
`ROUNDTABLE_PAGE_CACHE_IGNORED_TABLES` bumps the counter at once and again when the transaction commits (so
a page built by a concurrent request from the old rows cannot outlive the commit). Watching writes at the
connection, rather than in each app's services, also catches queryset `update()`s, bulk writes, Wagtail's
publishing, snippet saves and every table added later, without any app knowing about this cache. Entries
also expire after `ROUNDTABLE_PAGE_CACHE_SECONDS`, which bounds what time alone changes ("starts in 2
hours") and writes made by another process on a per-process cache.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import cc_delim_re, get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language

GENERATION_KEY = "cms:page-cache:generation"
HEADER = "X-Page-Cache"

DEFAULTS = {
    "ROUNDTABLE_PAGE_CACHE_SECONDS": 60,
    "ROUNDTABLE_PAGE_CACHE_MAX_QUERY": 512,
    "ROUNDTABLE_PAGE_CACHE_MAX_BYTES": 2 * 1024 * 1024,
    "ROUNDTABLE_PAGE_CACHE_EXCLUDED_PATHS": ["/admin/", "/accounts/", "/api/", "/search/", "/i18n/"],
    # More tables whose writes leave public pages as they are (the host site's private bookkeeping).
    "ROUNDTABLE_PAGE_CACHE_IGNORED_TABLES": [],
}
# Tables a request writes while the public pages stay the same: sessions, tasks, renditions and embeds made
# while rendering, the search index, editors' drafts, logs and editing sessions, sign-in records.
BOOKKEEPING_TABLES = frozenset(
    (
        "django_session",
        "django_tasks_database_dbtaskresult",
        "account_emailaddress",
        "account_emailconfirmation",
        "mfa_authenticator",
        "wagtailimages_rendition",
        "wagtailembeds_embed",
        "wagtailsearch_indexentry",
        "wagtailsearch_indexentry_fts",
        "wagtailcore_revision",
        "wagtailcore_referenceindex",
        "wagtailcore_pagelogentry",
        "wagtailcore_modellogentry",
        "wagtailcore_pagesubscription",
        "wagtailadmin_editingsession",
        "wagtailadmin_formstate",
        "wagtailusers_userprofile",
    )
)

# Response headers a page may vary on: the key holds the language; cookies and compression are handled by
# serving only cookie-less requests and storing the uncompressed body.
ALLOWED_VARY = {"accept-language", "cookie", "accept-encoding"}
REFUSING_CACHE_CONTROL = {"private", "no-store", "no-cache"}
WRITE_RE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+["`\[]?(\w+)',
    re.IGNORECASE,
)
WRITE_VERBS = ("insert", "update", "delete", "replace")
# Signing in stamps the user's row; nothing public shows when someone last signed in.
LAST_LOGIN_ONLY_RE = re.compile(
    r'^\s*UPDATE\s+"?auth_user"?\s+SET\s+"?last_login"?\s*=\s*%s\s+WHERE', re.IGNORECASE
)


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def enabled() -> bool:
    return setting("ROUNDTABLE_PAGE_CACHE_SECONDS") > 0


# --- clearing -----------------------------------------------------------------------------------------


def page_cache_clear() -> None:
    """Make every stored page stale: the next request for each builds it afresh."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, fresh_generation(), timeout=None)


def fresh_generation() -> int:
    """A counter that starts at the current time in microseconds: when the cache loses it (evicted, culled,
    restarted) it starts again above any value it had, so pages stored under an old number stay unused."""
    return time.time_ns() // 1000


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, fresh_generation, timeout=None)


def written_table(sql: str) -> str | None:
    """The table an INSERT/UPDATE/DELETE statement writes ("" when it writes one we cannot name), None for
    anything else."""
    head = sql.lstrip()[:7].lower()
    if not head.startswith(WRITE_VERBS):
        return None
    match = WRITE_RE.match(sql)
    return match.group(1).lower() if match else ""


class WriteWatcher:
    """A connection execute wrapper: a write to a table that public pages may show clears the page cache,
    now and (once per transaction, however many such writes it makes) when the transaction commits."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    def __call__(self, execute: Callable, sql: str, params, many: bool, context: dict):
        result = execute(sql, params, many, context)
        if isinstance(sql, str) and enabled():
            table = written_table(sql)
            if table is not None and self.relevant(table, sql):
                self.clear(context["connection"])
        return result

    def clear(self, connection) -> None:
        page_cache_clear()
        # One clear waiting for the commit covers every write of the transaction (a rolled-back savepoint
        # takes its callbacks with it, so the next write registers one again).
        if not any(func is page_cache_clear for _savepoints, func, _robust in connection.run_on_commit):
            transaction.on_commit(page_cache_clear, using=self.alias)

    @staticmethod
    def relevant(table: str, sql: str) -> bool:
        if table in ignored_tables():
            return False
        return not (table == "auth_user" and LAST_LOGIN_ONLY_RE.match(sql))


_ignored: tuple[list, frozenset] | None = None


def ignored_tables() -> frozenset:
    global _ignored
    configured = setting("ROUNDTABLE_PAGE_CACHE_IGNORED_TABLES")
    if _ignored is None or _ignored[0] is not configured:
        _ignored = (configured, BOOKKEEPING_TABLES | {name.lower() for name in configured})
    return _ignored[1]


def watch_connection(connection) -> None:
    if not any(isinstance(wrapper, WriteWatcher) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(WriteWatcher(connection.alias))


def _on_connection_created(sender, connection, **kwargs) -> None:
    watch_connection(connection)


def connect() -> None:
    """Watch the writes of every database connection of this process (called from CmsConfig.ready)."""
    from django.db.backends.signals import connection_created

    connection_created.connect(_on_connection_created, dispatch_uid="cms-page-cache-watch-writes")
    for connection in connections.all(initialized_only=True):
        watch_connection(connection)


# --- serving ------------------------------------------------------------------------------------------


def request_is_cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if (
        settings.SESSION_COOKIE_NAME in cookies
        or getattr(settings, "MESSAGES_COOKIE_NAME", "messages") in cookies
    ):
        return False
    if request.headers.get("HX-Request") or request.headers.get("X-Requested-With"):
        return False
    if len(request.META.get("QUERY_STRING", "")) > setting("ROUNDTABLE_PAGE_CACHE_MAX_QUERY"):
        return False
    return not request.path.startswith(tuple(setting("ROUNDTABLE_PAGE_CACHE_EXCLUDED_PATHS")))


def cache_key(request: HttpRequest, generation_number: int) -> str:
    identity = "\n".join((request.scheme, request.get_host(), get_language() or "", request.get_full_path()))
    return f"cms:page:{generation_number}:{hashlib.sha256(identity.encode()).hexdigest()}"


def response_is_cacheable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if (
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or request.META.get("CSRF_COOKIE_USED")
    ):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    directives = {
        part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if directives & REFUSING_CACHE_CONTROL:
        return False
    varies = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    if varies - ALLOWED_VARY:
        return False
    if getattr(request, "page_cache_refused", False):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:  # the session cookie is only set further out
        return False
    return len(response.content) <= setting("ROUNDTABLE_PAGE_CACHE_MAX_BYTES")


def refuse(request: HttpRequest) -> None:
    """Keep this response out of the page cache (for a view whose answer depends on more than its URL)."""
    request.page_cache_refused = True


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors stored pages. Place it after LocaleMiddleware (the key holds the active
    language) and CommonMiddleware, and before CsrfViewMiddleware and AuthenticationMiddleware (so it sees
    the CSRF cookie a form sets, and a hit costs no session or user look-up)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not enabled() or not request_is_cacheable(request):
            return self.get_response(request)
        key = cache_key(request, generation())
        stored = cache.get(key)
        if stored is not None:
            return self.answer(request, stored)
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            response[HEADER] = "miss"
            # A stored page is only for requests without a session: say so to any cache further down.
            patch_vary_headers(response, ["Cookie"])
            cache.set(key, response, setting("ROUNDTABLE_PAGE_CACHE_SECONDS"))
        return response

    @staticmethod
    def answer(request: HttpRequest, stored: HttpResponseBase) -> HttpResponseBase:
        stored[HEADER] = "hit"
        last_modified = stored.get("Last-Modified")
        conditional = get_conditional_response(
            request,
            etag=stored.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=stored,
        )
        if conditional is not stored:
            conditional[HEADER] = "hit"
        return conditional
