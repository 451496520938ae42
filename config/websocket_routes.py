"""WebSocket routes of every installed app, composed in one list (each app keeps its own `routing.py`)."""

from importlib import import_module

from django.apps import apps
from django.urls import re_path

from channels.security.websocket import WebsocketDenier


def collect_websocket_urlpatterns() -> list:
    patterns = []
    for app_config in apps.get_app_configs():
        try:
            routing = import_module(f"{app_config.name}.routing")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.routing":
                raise
            continue
        patterns.extend(getattr(routing, "websocket_urlpatterns", []))
    # Any other path (an unknown route, a thread id that is not a number) is refused in the handshake
    # (HTTP 403), where Channels' router would otherwise raise and answer 500.
    patterns.append(re_path(r"", WebsocketDenier.as_asgi()))
    return patterns


websocket_urlpatterns = collect_websocket_urlpatterns()
