"""ASGI middleware for the limits and headers every response gets.

:class:`BodyLimit` refuses request bodies over a size with 413 before any route reads them
(by ``Content-Length`` when given, else by counting a streamed body). :class:`SecurityHeaders`
adds headers that keep a browser from sniffing types, framing the dashboard, or loading
anything from another origin.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Content-Security-Policy of every response: scripts, styles and data only from this server.
#: Plotly sets inline styles on the elements it draws, hence ``'unsafe-inline'`` for styles.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


class BodyLimit:
    """Answer 413 (JSON) to a request whose body is larger than ``max_body`` bytes."""

    def __init__(self, app: ASGIApp, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body
            except ValueError:
                await _reply(send, 400, "E400", "bad Content-Length header")
                return
            if too_big:
                await _reply(send, 413, "E413", f"request body over {self.max_body:,} bytes")
                return
            await self.app(scope, receive, send)
            return
        # No length given (chunked): read the body here, up to the limit, then replay it.
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _reply(send, 413, "E413", f"request body over {self.max_body:,} bytes")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body, sent = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _reply(send: Send, status: int, code: str, message: str) -> None:
    payload = json.dumps({"code": code, "message": message}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})


class SecurityHeaders:
    """Add ``nosniff``, a strict Content-Security-Policy and no-referrer to every response."""

    HEADERS: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"content-security-policy", CSP.encode()),
    ]

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                headers += self.HEADERS
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
