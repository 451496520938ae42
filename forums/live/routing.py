"""WebSocket routes of live delivery (composed into config/asgi.py through forums.routing)."""

from django.urls import path

from forums.live.consumers import ThreadConsumer

websocket_urlpatterns = [
    path("ws/forums/threads/<int:thread_id>/", ThreadConsumer.as_asgi()),
]
