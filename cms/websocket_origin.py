"""Which pages may open a WebSocket to the site: those of the site's own public origins, compared by scheme,
host *and* port.

A browser sends the page's origin with every WebSocket handshake, and, unlike a form post, no CSRF token
protects a socket: a page elsewhere could otherwise open one with the visitor's cookies. Channels'
`AllowedHostsOriginValidator` compares the host name only (any scheme and any port of an allowed host pass)
and reads ALLOWED_HOSTS once at import. `SiteOriginValidator` accepts exactly the origins Django itself
trusts for a form post (its CSRF origin check), read from the settings at every handshake:

- the origin the socket was requested on: the handshake's scheme (`wss` ↔ `https`, `ws` ↔ `http`; behind a
  proxy as uvicorn's `--proxy-headers` reports it) with its `Host`, which must be in ALLOWED_HOSTS;
- `BASE_URL`, the site's public address;
- `CSRF_TRUSTED_ORIGINS` (with Django's `https://*.example.org` subdomain form).

A handshake without an Origin header, or with an origin that is not one of these, is refused (HTTP 403).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from channels.security.websocket import WebsocketDenier

DEFAULT_PORTS = {"http": 80, "https": 443}
SOCKET_SCHEMES = {"ws": "http", "wss": "https"}


def parse_origin(value: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin such as `https://example.org:8443`; None when it is not one."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    return scheme, host, port or DEFAULT_PORTS[scheme]


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def requested_origin(scope) -> tuple[str, str, int] | None:
    """The origin the handshake was addressed to, when its Host is one of ALLOWED_HOSTS."""
    scheme = SOCKET_SCHEMES.get(scope.get("scheme", "ws"), "http")
    host_header = _header(scope, b"host")
    domain, _port = split_domain_port(host_header)
    if not domain:
        return None
    allowed_hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed_hosts:
        allowed_hosts = [".localhost", "127.0.0.1", "[::1]"]  # as Django's own HTTP host check in DEBUG
    if not validate_host(domain, allowed_hosts):
        return None
    return parse_origin(f"{scheme}://{host_header}")


def trusted_origins() -> list[str]:
    base = getattr(settings, "BASE_URL", "") or ""
    return [origin for origin in (base, *getattr(settings, "CSRF_TRUSTED_ORIGINS", ())) if origin]


def _matches_trusted(origin: tuple[str, str, int], trusted: str) -> bool:
    scheme, host, port = origin
    if "://*." in trusted:  # Django's subdomain wildcard: https://*.example.org
        wildcard_scheme, rest = trusted.split("://*.", 1)
        parsed = parse_origin(f"{wildcard_scheme}://{rest}")
        return (
            parsed is not None
            and parsed[0] == scheme
            and parsed[2] == port
            and (host == parsed[1] or host.endswith(f".{parsed[1]}"))
        )
    return parse_origin(trusted) == origin


def origin_allowed(scope) -> bool:
    origin = parse_origin(_header(scope, b"origin"))
    if origin is None:
        return False
    if origin == requested_origin(scope):
        return True
    return any(_matches_trusted(origin, trusted) for trusted in trusted_origins())


class SiteOriginValidator:
    """ASGI middleware for the WebSocket router: refuses handshakes from any other origin (see module)."""

    def __init__(self, application):
        self.application = application
        self.denier = WebsocketDenier.as_asgi()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await self.denier(scope, receive, send)
        return await self.application(scope, receive, send)
