"""The second baseline of bench/bench_live.py: a bare `websockets` server that sends every frame it receives
to every connected client (`websockets.broadcast`) — fan-out with no Django, no Channels, no channel layer.

Run as `python bench/live_broadcast.py <port>`; it serves until terminated.
"""

import asyncio
import signal
import sys

from websockets.asyncio.server import broadcast, serve

CLIENTS: set = set()


async def handler(websocket) -> None:
    CLIENTS.add(websocket)
    try:
        async for message in websocket:
            broadcast(CLIENTS, message)
    finally:
        CLIENTS.discard(websocket)


async def main(port: int) -> None:
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with serve(handler, "127.0.0.1", port, max_queue=None):
        await stop


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
