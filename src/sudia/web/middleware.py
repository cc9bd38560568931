"""ASGI middleware of the security layer: bounded request bodies and protective response headers.

- `BodyLimit`: a request body (JSON, forms) longer than `max_request_kb` is refused with SUDIA-L005
  (HTTP 413) while it arrives, before anything parses it. File uploads (multipart/form-data) are
  bounded per file by `max_file_mb` as they stream to disk (`web.multipart`), so they pass here.
- `SecurityHeaders`: pages and API answers may show restricted text, so nothing may keep them
  (`Cache-Control: no-store`) and no other site may frame them (`frame-ancestors 'none'` and
  `X-Frame-Options: DENY`, against clickjacking); browsers must not guess content types. Static
  assets (CSS, scripts, fonts) stay cacheable: they hold nothing of the documents.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sudia.errors import SudiaError


class RefusedRequest(HTTPException):
    """A SudiaError raised while the body is read: FastAPI passes HTTP exceptions on untouched,
    and the app's handler renders the error inside (French page or JSON, with its code)."""

    def __init__(self, error: SudiaError, status_code: int) -> None:
        super().__init__(status_code, error.message)
        self.error = error

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class BodyLimit:
    def __init__(self, app: ASGIApp, limit_bytes: int) -> None:
        self.app = app
        self.limit = limit_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data"):
            await self.app(scope, receive, send)
            return
        declared = headers.get(b"content-length", b"")
        too_big = declared.isdigit() and int(declared) > self.limit
        received = 0
        limit_kb = self.limit // 1024

        async def bounded() -> Message:
            nonlocal received
            if too_big:  # refused before reading a byte
                raise RefusedRequest(SudiaError("SUDIA-L005", limit_kb=limit_kb), 413)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise RefusedRequest(SudiaError("SUDIA-L005", limit_kb=limit_kb), 413)
            return message

        await self.app(scope, bounded, send)


_HEADERS = [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin")]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/") or "/static/" in scope.get("path", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in _HEADERS if k not in names]
                csp = [i for i, (k, _) in enumerate(headers) if k.lower() == b"content-security-policy"]
                if csp:
                    i = csp[0]
                    if b"frame-ancestors" not in headers[i][1]:
                        headers[i] = (headers[i][0], headers[i][1] + b"; frame-ancestors 'none'")
                else:
                    headers.append((b"content-security-policy", b"frame-ancestors 'none'"))
                if not static:
                    headers = [(k, v) for k, v in headers if k.lower() not in (b"cache-control", b"pragma")]
                    headers += [(b"cache-control", b"no-store"), (b"pragma", b"no-cache")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
