"""Per request: who is asking (looked up once, before any handler, so every page's nav knows) and the request
itself for templates; on the way out, the signed-out browser's new CSRF cookie when a form was rendered, and
`Cache-Control: private` on answers made for one person."""

from __future__ import annotations

import logging
from contextvars import ContextVar

from fastapi import Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.accounts.cookies import CSRF_COOKIE, CSRF_COOKIE_DAYS, SESSION_COOKIE, set_cookie, signed
from app.accounts.viewer import viewer_of
from app.graph import GraphError

log = logging.getLogger(__name__)
# Paths whose answers are the same for everyone: no session look-up (a graph read) for a page's scripts, styles,
# health checks and scrapes.
IMPERSONAL = ("/static/", "/vendor/", "/kinds.css", "/health", "/metrics")
_current: ContextVar[Request | None] = ContextVar("collab_account_request", default=None)


def current_request() -> Request | None:
    """The request being served, for templates (None outside a request)."""
    return _current.get()


def _new_cookie_headers(request: Request) -> list[tuple[bytes, bytes]]:
    if not getattr(request.state, "csrf_cookie_new", False):
        return []
    response = Response()
    set_cookie(request, response, CSRF_COOKIE, signed(request.scope, "csrf", request.state.csrf_browser_token),
               max_age=CSRF_COOKIE_DAYS * 86_400)
    return [h for h in response.raw_headers if h[0] == b"set-cookie"]


def _private(request: Request, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """`Cache-Control: private` on an answer for a signed-in viewer or carrying this browser's CSRF token (every
    page's <meta name="csrf-token">), unless its handler said otherwise: a shared cache must not hand one person's
    page, name, token or the admin queue's emails to another."""
    personal = getattr(request.state, "viewer", None) is not None or hasattr(request.state, "csrf_browser_token")
    if not personal or any(bytes(k).lower() == b"cache-control" for k, _ in headers):
        return []
    return [(b"cache-control", b"private")]


class Accounts:
    """Pure ASGI middleware (the request's context variables reach the handler)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(IMPERSONAL):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if SESSION_COOKIE in request.cookies or "authorization" in request.headers:
            try:
                await viewer_of(request)
            except GraphError as e:  # pages still answer, as signed out; the API asks again and says why it failed
                log.error("could not look up who is signed in: %s", e)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                message["headers"] = [*headers, *_new_cookie_headers(request), *_private(request, headers)]
            await send(message)

        token = _current.set(request)
        try:
            await self.app(scope, receive, send_with_cookie)
        finally:
            _current.reset(token)
