"""Who is asking: the user of the request's session cookie or bearer token, found once per request."""

from __future__ import annotations

from typing import Literal

from fastapi import Request

from app.accounts.cookies import session_token
from app.accounts.sessions import session_user
from app.accounts.tokens import token_user
from app.accounts.users import User
from app.graph import Graph

Auth = Literal["session", "token"]


def bearer_secret(request: Request) -> str | None:
    """The secret of an `Authorization: Bearer` header, if the request has one."""
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


async def viewer_of(request: Request) -> User | None:
    """The signed-in user, or None. A bearer header wins over a cookie (and a bad one is not made good by a
    cookie): an API client says who it is explicitly. Cached on request.state."""
    if hasattr(request.state, "auth"):
        viewer: User | None = request.state.viewer
        return viewer
    graph: Graph = request.app.state.graph
    viewer, auth = None, None
    if (secret := bearer_secret(request)) is not None:
        viewer = await token_user(graph, secret)
        auth = "token" if viewer else None
    elif (token := session_token(request)) is not None:
        viewer = await session_user(graph, token)
        auth = "session" if viewer else None
    request.state.viewer, request.state.auth = viewer, auth
    return viewer


def auth_of(request: Request) -> Auth | None:
    """How the viewer signed in ('session' or 'token'); None when signed out or not yet looked up."""
    auth: Auth | None = getattr(request.state, "auth", None)
    return auth
