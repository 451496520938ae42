"""Response headers that protect visitors: the Content-Security-Policy (one for the site, one for the admin)
and the Permissions-Policy.

The policies themselves are settings (`CONTENT_SECURITY_POLICY`, `ROUNDTABLE_ADMIN_CONTENT_SECURITY_POLICY`,
`PERMISSIONS_POLICY`); this module only decides which one a response gets.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponseBase

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, plus two things its settings cannot say.

    - Paths under one of `ROUNDTABLE_ADMIN_CONTENT_SECURITY_POLICY["URL_PREFIXES"]` get that setting's
      directives instead of the site policy: Wagtail's admin still relies on inline scripts and styles, so it
      gets a policy of its own that allows them there, and only there, rather than no policy at all.
    - A page preview gets the site policy (the editor sees the page as visitors will), except that the admin
      may frame it: Wagtail renders a preview through the whole middleware chain with a fake request for the
      page's public URL, so the preview response leaves this middleware before the admin request does.
    - `connect-src` names the WebSocket origin of the requested host (`wss://host`, or `ws://host` over plain
      HTTP). CSP Level 3 lets 'self' match it, but older engines (Safari before 15.4) do not, and the live
      rooms must connect everywhere.

    A view's own `csp_update`/`csp_replace`/`csp_exempt` decorators still apply on top of either policy.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        admin_policy = getattr(settings, "ROUNDTABLE_ADMIN_CONTENT_SECURITY_POLICY", None)
        if parts.config is None and admin_policy and is_admin_path(request.path_info, admin_policy):
            parts.config = default_config(admin_policy["DIRECTIVES"])
        if getattr(request, "is_preview", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        socket_origin = websocket_origin(request)
        if socket_origin:
            update = dict(parts.update or {})
            existing = update.get("connect-src") or ()
            update["connect-src"] = [*((existing,) if isinstance(existing, str) else existing), socket_origin]
            parts.update = update
        return parts


def is_admin_path(path: str, admin_policy: dict) -> bool:
    return path.startswith(tuple(admin_policy.get("URL_PREFIXES", ())))


def websocket_origin(request: HttpRequest) -> str | None:
    """`wss://host[:port]` for this request, `ws://…` over plain HTTP; None when the host is not allowed."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return f"{'wss' if request.is_secure() else 'ws'}://{host}"


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` → `camera=(), fullscreen=(self)` (the header's own syntax)."""
    return ", ".join(f"{feature}=({' '.join(allowlist)})" for feature, allowlist in policy.items())


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` from the `PERMISSIONS_POLICY` setting, unless a view set its own.

    Django has no setting for this header. Features nobody on the site needs (camera, microphone, location,
    payment, USB, ad-interest tracking, …) are switched off for our pages and for anything they embed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response
