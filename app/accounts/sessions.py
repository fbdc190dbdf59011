"""Server-side sessions: the cookie holds a signed random token, the graph only its SHA-256 (Session.id), so
neither a stolen database nor a forged cookie opens a session."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from fastapi import Request, Response

from app.accounts.cookies import SESSION_COOKIE, clear_cookie, session_token, set_cookie, signed
from app.accounts.users import User, now_iso
from app.graph import Graph
from app.settings import Settings


def session_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def start_session(request: Request, response: Response, user: User) -> None:
    """Sign `user` in on `response`: a new session with a new random id every time, and the request's old
    session (if any) ended, so an id planted before sign-in never becomes a signed-in one (no fixation)."""
    settings: Settings = request.app.state.settings
    await end_session(request, response)
    token = await new_session(request.app.state.graph, settings, user)
    set_cookie(request, response, SESSION_COOKIE, signed(request.scope, "session", token),
               max_age=settings.session_days * 86_400)
    request.state.viewer, request.state.auth, request.state.session_token = user, "session", token


async def new_session(graph: Graph, settings: Settings, user: User) -> str:
    """A session of `user` in the graph; returns the random token its cookie carries (signed)."""
    token = secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(days=settings.session_days)
    await graph.write("account/merge_session", [{
        "id": session_id(token), "user_id": user.id, "created_at": now_iso(),
        "expires_at": expires.isoformat(timespec="seconds"),
    }])
    return token


async def end_session(request: Request, response: Response) -> None:
    """Sign out: the session ends in the graph (its old cookie is refused from now on) and the cookie is cleared."""
    token = session_token(request)
    if token is not None:
        graph: Graph = request.app.state.graph
        await graph.write("account/merge_session_end", [{"id": session_id(token), "ended_at": now_iso()}])
    clear_cookie(request, response, SESSION_COOKIE)
    request.state.viewer, request.state.auth, request.state.session_token = None, None, None


async def session_user(graph: Graph, token: str) -> User | None:
    """The user of a live session whose cookie carried `token`."""
    rows = await graph.read("account/get_session_user", id=session_id(token), now=now_iso())
    return User.from_record(rows[0]) if rows else None
