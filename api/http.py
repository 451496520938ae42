"""HTTP around every answer of the API: CORS, caching headers, conditional requests, language and time zone.

- CORS: any origin may read (`Access-Control-Allow-Origin: *`), never with credentials — the API only ever
  answers as an anonymous visitor, so there is nothing a cookie could unlock.
- ETag: a hash of the body, so it changes whenever anything in the answer does (an embedded party's new
  name as much as the item itself). Last-Modified: when this server first sent that body for this address,
  remembered in the shared cache; while the body stays the same the date stays too. Both answer
  conditional requests with 304 through Django's own `get_conditional_response`.
- Language: labels follow `Accept-Language` only (not the session or the language cookie), and times are
  UTC, so an answer is the same for every client that asks the same way.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

from api import app_settings

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, Content-Language"
LAST_MODIFIED_TTL = 60 * 60 * 24 * 30


def api_language(request: HttpRequest) -> str:
    """The first supported language of `Accept-Language`, else the site's default language."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            continue
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def add_cors_headers(response: HttpResponseBase, *, preflight: bool = False) -> None:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if preflight:
        response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = "86400"


def body_etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def remembered_last_modified(request: HttpRequest, etag: str, media_type: str) -> int:
    """The time (epoch seconds) this server first answered this address with this body."""
    address = f"{request.get_full_path()}|{media_type}|{request.LANGUAGE_CODE}"
    key = "api:lm:" + hashlib.sha256(address.encode()).hexdigest()
    stored = cache.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == etag:
        return int(stored[1])
    now = int(time.time())
    cache.set(key, (etag, now), LAST_MODIFIED_TTL)
    return now


def finish(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Caching and CORS headers on an API answer; a 304 instead when the client already has this body."""
    patch_vary_headers(response, ["Accept", "Accept-Language"])
    response.setdefault("Content-Language", getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE))
    if request.method == "OPTIONS":
        add_cors_headers(response, preflight=True)
        return response
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        response["Cache-Control"] = "no-store"
        add_cors_headers(response)
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    etag = body_etag(response.content)
    media_type = response.get("Content-Type", "")
    last_modified = remembered_last_modified(request, etag, media_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={app_settings.cache_seconds()}"
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
    add_cors_headers(conditional)
    return conditional
