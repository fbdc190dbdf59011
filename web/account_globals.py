"""Template functions for the request being rendered: who is signed in, and the CSRF token for forms and fetch()."""

from __future__ import annotations

from markupsafe import Markup

from app.accounts import csrf
from app.accounts.middleware import current_request
from app.accounts.users import User


def viewer() -> User | None:
    """The signed-in user of the request being rendered (the middleware looked them up), or None."""
    request = current_request()
    user: User | None = getattr(request.state, "viewer", None) if request else None
    return user


def csrf_token() -> str:
    request = current_request()
    return csrf.csrf_token(request) if request else ""


def csrf_field() -> Markup:
    request = current_request()
    return csrf.csrf_field(request) if request else Markup("")
