"""CSRF tokens: an HMAC of the browser's session token (or, signed out, of the random token in its `collab_csrf`
cookie) under the app's key. A page of another site can neither read the token nor make one; every form carries
it as a field, fetch() sends it as the X-CSRF-Token header, and a new sign-in gives a new one."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request
from markupsafe import Markup, escape
from starlette.types import Scope

from app.accounts.cookies import CSRF_COOKIE, key_of, session_token, unsigned

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
REFUSED = "This form is out of date or was sent from another site. Reload the page and try again."


class CsrfRefused(HTTPException):
    def __init__(self) -> None:
        super().__init__(403, REFUSED)


def browser_token(request: Request) -> str:
    """The signed-out browser's random token: from its cookie, else a new one the middleware sets as the cookie."""
    token: str | None = getattr(request.state, "csrf_browser_token", None)
    token = token or unsigned(request.scope, "csrf", request.cookies.get(CSRF_COOKIE))
    if token is None:
        token = secrets.token_urlsafe(32)
        request.state.csrf_cookie_new = True
    request.state.csrf_browser_token = token
    return token


def csrf_token(request: Request) -> str:
    """The token this browser's forms and fetch() calls must send back."""
    return token_for(request.scope, session_token(request) or browser_token(request))


def token_for(scope: Scope, base: str) -> str:
    """The CSRF token of a browser whose session (or signed-out) token is `base`."""
    return hmac.new(key_of(scope), f"csrf:{base}".encode(), hashlib.sha256).hexdigest()


def csrf_field(request: Request) -> Markup:
    """The hidden form field carrying the token (`{{ csrf_field() }}` in templates)."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, escape(csrf_token(request)))


def csrf_ok(request: Request, sent: object) -> bool:
    return isinstance(sent, str) and hmac.compare_digest(sent.encode(), csrf_token(request).encode())


async def require_csrf(request: Request) -> None:
    """Refuse (403) a state-changing request without the browser's token in the X-CSRF-Token header or the form's
    `csrf_token` field."""
    sent: object = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get(CSRF_FIELD)
    if not csrf_ok(request, sent):
        raise CsrfRefused()
    request.state.csrf_checked = True
