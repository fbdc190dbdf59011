"""The browser's two cookies, each a random token signed with the app's key (itsdangerous):
`collab_session` names a server-side session, `collab_csrf` ties a signed-out browser's forms to it."""

from __future__ import annotations

from fastapi import Request, Response
from itsdangerous import BadSignature, Signer
from starlette.types import Scope

from app.accounts.secret import signing_key
from app.settings import Settings

SESSION_COOKIE = "collab_session"
CSRF_COOKIE = "collab_csrf"
CSRF_COOKIE_DAYS = 1


def key_of(scope: Scope) -> bytes:
    """The app's signing key, read once per app (the file may be written on first use)."""
    state = scope["app"].state
    key: bytes | None = getattr(state, "signing_key", None)
    if key is None:
        key = state.signing_key = signing_key(state.settings)
    return key


def _signer(scope: Scope, purpose: str) -> Signer:
    return Signer(key_of(scope), salt=f"collab.{purpose}")


def signed(scope: Scope, purpose: str, token: str) -> str:
    """The cookie value for `token`; `scope` only needs its "app" (tests pass {"app": app})."""
    return _signer(scope, purpose).sign(token).decode()


def unsigned(scope: Scope, purpose: str, value: str | None) -> str | None:
    """The token inside a cookie value, or None when there is none or its signature is wrong."""
    if not value:
        return None
    try:
        return _signer(scope, purpose).unsign(value).decode()
    except BadSignature:
        return None


_UNSET = object()


def session_token(request: Request) -> str | None:
    """The verified random token of the request's session cookie (whether or not the session is still live), or
    of the session this request started or ended."""
    changed = getattr(request.state, "session_token", _UNSET)
    if changed is not _UNSET:
        return changed  # type: ignore[return-value]
    return unsigned(request.scope, "session", request.cookies.get(SESSION_COOKIE))


def secure(request: Request) -> bool:
    """Cookies are Secure in production and on any https request (a proxy's X-Forwarded-Proto needs uvicorn's
    --proxy-headers to show here)."""
    settings: Settings = request.app.state.settings
    return settings.production or request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="lax", secure=secure(request))


def clear_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=secure(request))
