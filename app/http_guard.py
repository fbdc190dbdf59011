"""ASGI middleware between the network and the app: request ids and log lines, security headers, body limit.

Pure ASGI (no BaseHTTPMiddleware) so that bodies stream through untouched and a request's context variables
are the ones its handler sees.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import time
import uuid
from collections.abc import Collection
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.metrics import observe_request
from app.request_context import begin_request, end_request

log = logging.getLogger("collab.access")

# A client's own X-Request-Id is kept when it looks like an id (a proxy in front may set one); else ours.
_CLIENT_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

# Scripts only from the app's own files, never inline (GraphiQL's page too: web/static/graphiql-start.js);
# inline styles stay allowed (vis-network and the legend's swatches set them). No framing by other sites.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_SECURITY_HEADERS = [  # besides the CSP
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)
_ORIGIN = re.compile(rb"""\b(?:src|href)\s*=\s*["'](https://[^/"']+)""", re.I)


def _header(message: Message, name: bytes) -> bytes | None:
    for key, value in message.get("headers", ()):
        if key.lower() == name:
            return bytes(value)
    return None


class RequestLog:
    """Give each request an id (X-Request-Id), time it, and write its one log line and metrics once answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = _header(scope, b"x-request-id")
        given = sent.decode("latin-1") if sent else ""
        request_id = given if _CLIENT_ID.fullmatch(given) else uuid.uuid4().hex
        facts, token = begin_request(request_id)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error in %s %s", scope["method"], scope["path"])
            if status:  # the answer had begun: nothing more can be said to this client
                raise
            status = 500
            failure = JSONResponse({"detail": "Internal server error.", "request_id": request_id}, 500)
            await failure(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            observe_request(_route_label(scope), facts.operation, status, seconds)
            fields: dict[str, Any] = {
                "method": scope["method"], "path": scope["path"], "status": status,
                "duration_ms": round(seconds * 1000, 1),
            }
            if facts.operation:
                fields["operation"] = facts.operation
            if facts.error_code:
                fields["error_code"] = facts.error_code
            log.log(logging.ERROR if status >= 500 else logging.INFO, "request", extra=fields)
            end_request(token)


def _route_label(scope: Scope) -> str:
    """The route's template (`/researchers/{rid:path}`), never the raw path: metrics labels stay few."""
    route = scope.get("route")
    template = getattr(route, "path", None)
    if template:
        return str(template)
    if route is not None or "endpoint" in scope:  # matched under a prefix: an included router (/graphql), a mount
        return "/" + scope["path"].strip("/").split("/", 1)[0]
    return "unmatched"


class SecurityHeaders:
    """The headers every answer carries (CSP, nosniff, no framing, referrer policy); a handler's own win.

    FastAPI's /docs and /redoc pages (development only) start from an inline script and load their assets from
    a CDN: their policy names that script by its SHA-256 and the https origins the page itself names, nothing more.
    """

    def __init__(self, app: ASGIApp, cdn_pages: Collection[str] = (), form_targets: Collection[str] = ()) -> None:
        self.app = app
        self.cdn_pages = frozenset(cdn_pages)
        # Origins a form may lead to besides ours: a form whose answer redirects there (linking an ORCID iD sends
        # the browser to ORCID) is otherwise blocked by the browser, which checks form-action at every redirect.
        self.csp = CSP.replace("form-action 'self'", " ".join(["form-action 'self'", *form_targets]))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []  # a CDN page's start and body, until its policy is known

        async def send_secured(message: Message) -> None:
            if scope["path"] in self.cdn_pages and (held or message["type"] == "http.response.start"):
                held.append(message)
                if message["type"] == "http.response.start" or message.get("more_body"):
                    return
                page = b"".join(m.get("body", b"") for m in held[1:])
                await send(_secured(held[0], page_policy(page)))
                await send({"type": "http.response.body", "body": page})
                return
            await send(_secured(message, self.csp) if message["type"] == "http.response.start" else message)

        await self.app(scope, receive, send_secured)


def _secured(start: Message, csp: str) -> Message:
    headers = list(start.get("headers", ()))
    present = {bytes(k).lower() for k, _ in headers}
    wanted = [(b"content-security-policy", csp.encode()), *_SECURITY_HEADERS]
    return {**start, "headers": headers + [(k, v) for k, v in wanted if k not in present]}


def page_policy(page: bytes) -> str:
    """CSP for a page that runs inline scripts and CDN assets: those scripts by hash, those origins by name."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(page)
    ]
    origins = sorted({m.decode() for m in _ORIGIN.findall(page)})
    return (
        CSP.replace("script-src 'self'", " ".join(["script-src 'self'", *hashes, *origins]))
        .replace("style-src 'self'", " ".join(["style-src 'self'", *origins]))
        .replace("img-src 'self' data: blob:", " ".join(["img-src 'self' data: blob:", *origins]))
        .replace("font-src 'self' data:", " ".join(["font-src 'self' data:", *origins]))
        + "; worker-src 'self' blob:"
    )


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the limit of {limit:,} bytes (COLLAB_MAX_BODY_BYTES)")


class BodyLimit:
    """413 for a body over `limit` bytes: at once when Content-Length says so, else as soon as the count passes
    it (chunked bodies), without reading the rest."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, noting_start)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = BodyTooLarge(self.limit)
        await JSONResponse({"detail": error.detail}, 413, headers={"connection": "close"})(scope, receive, send)
