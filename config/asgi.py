"""One ASGI application for HTTP and WebSockets (the embedded default, the demo, and the `/ws/` workers)."""

import gc
import os
import sys

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from django.urls import get_resolver  # noqa: E402

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from cms.websocket_origin import SiteOriginValidator  # noqa: E402  (Django must be set up first)
from config.websocket_routes import websocket_urlpatterns  # noqa: E402
from forums.live.crowd_auth import CrowdAuthMiddlewareStack  # noqa: E402

# The event loop and the database thread share the GIL. While the loop sends frames to a full room, the
# database thread got the GIL back only after the switch interval (5 ms by default) after each query, so a
# chat message of a dozen queries waited about as many times 5 ms before the room heard of it
# (docs/performance-live.md). A shorter interval lets it through.
sys.setswitchinterval(settings.ASGI_SWITCH_INTERVAL_SECONDS)

# The URLconf (the site's, allauth's and Wagtail admin's views) is imported and indexed now, at start, not by
# the first request or live message that builds a URL: a worker that so far served only sockets took half a
# second for it on the first chat message, on the database thread every connection shares, while its event
# loop waited for the same import (docs/performance-live.md, round six).
get_resolver().reverse_dict  # noqa: B018
# Everything loaded so far lives as long as the worker: the garbage collector stops scanning it, so its full
# collections, which a busy room's short-lived frames and tasks set off, no longer walk the whole site.
gc.freeze()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Only pages of the site's own origins (scheme, host and port) may open a socket.
        "websocket": SiteOriginValidator(CrowdAuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
