"""The forums' WebSocket routes (collected by config.websocket_routes): live threads and session rooms."""

from forums.live.routing import websocket_urlpatterns

__all__ = ["websocket_urlpatterns"]
