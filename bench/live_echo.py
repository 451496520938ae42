"""The baseline of bench/bench_live.py: a bare Channels consumer that joins one group and sends every frame it
receives to the whole group — a room's fan-out without the database, access checks or rendering.

`application` serves `/ws/echo/` with it and everything else with the site's own application (config.asgi),
so the benchmark measures the live room and its baseline on the same server processes.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.live_settings")

from channels.generic.websocket import AsyncWebsocketConsumer

from config.asgi import application as site_application  # sets Django up

ECHO_PATH = "/ws/echo/"
GROUP = "bench-echo"


class EchoConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        await self.channel_layer.group_send(GROUP, {"type": "echo.frame", "text": text_data or ""})

    async def echo_frame(self, event):
        await self.send(text_data=event["text"])


echo_application = EchoConsumer.as_asgi()


async def application(scope, receive, send):
    if scope["type"] == "websocket" and scope["path"] == ECHO_PATH:
        return await echo_application(scope, receive, send)
    return await site_application(scope, receive, send)
