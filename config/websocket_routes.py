"""WebSocket routes of every installed app, composed in one list (each app keeps its own `routing.py`)."""

from importlib import import_module

from django.apps import apps


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
    return patterns


websocket_urlpatterns = collect_websocket_urlpatterns()
