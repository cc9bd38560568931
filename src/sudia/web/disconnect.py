"""Knowing, from a worker thread, that the client of a request has gone away.

Routes are synchronous and run in a thread pool: nothing stops them when the client closes its
connection, so a large embedding request or a streamed answer would go on spending CPU for nobody.
`DisconnectWatch`, an ASGI middleware, listens for `http.disconnect` once the request body has been
read and sets a `threading.Event` kept in the request's scope; long loops call `client_gone`
between two steps and stop. The listener hands the disconnect message on to the application, so
Starlette's own streaming responses still see it.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_KEY = "sudia_disconnected"


def client_gone(request: Request) -> bool:
    event = request.scope.get(_KEY)
    return bool(event is not None and event.is_set())


class DisconnectWatch:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        event = threading.Event()
        scope[_KEY] = event
        listener: asyncio.Future[Message] | None = None

        async def listen() -> Message:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    event.set()
                    return message
                # More body after the app stopped reading: nothing wants it, drop it.

        def start_listening() -> None:
            nonlocal listener
            if listener is None:
                listener = asyncio.ensure_future(listen())

        body_left = True  # for a request without a body: the empty body not yet handed to the app

        async def wrapped() -> Message:
            nonlocal body_left
            if listener is not None:
                if body_left and not listener.done():
                    body_left = False
                    return {"type": "http.request", "body": b"", "more_body": False}
                return await asyncio.shield(listener)
            message = await receive()
            if message["type"] == "http.disconnect":
                event.set()
            elif message["type"] == "http.request" and not message.get("more_body", False):
                body_left = False
                start_listening()  # the body is read: from now on only a disconnect can come
            return message

        headers: dict[bytes, Any] = dict(scope.get("headers") or [])
        if b"content-length" not in headers and b"transfer-encoding" not in headers:
            start_listening()  # no body at all (GET): listen from the start
        try:
            await self.app(scope, wrapped, send)
        finally:
            if listener is not None and not listener.done():
                listener.cancel()
