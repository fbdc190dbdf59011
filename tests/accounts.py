"""Accounts for tests: a user written straight into the graph, an httpx client signed in as them (session cookie
plus the CSRF token its pages would carry), and a personal access token.

    user = await make_user(graph, display_name="Ada")
    async with signed_in(app, graph, base_url, user) as who:   # who.client, who.csrf, who.user
        await who.client.post("/graphql", json=..., headers=who.csrf_header)
    headers = {"Authorization": f"Bearer {await bearer_token(graph, user)}"}

`app` is the FastAPI app under test (its settings give the key that signs the cookie); `graph` a graph opened in
the test's own event loop on the app's database (the app's own graph may belong to a server thread's loop).
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI

from app.accounts.cookies import SESSION_COOKIE, signed
from app.accounts.csrf import CSRF_HEADER, token_for
from app.accounts.sessions import new_session
from app.accounts.tokens import create_token
from app.accounts.users import User, create_user
from app.graph import Graph

PASSWORD = "correct horse battery staple"
_numbers = itertools.count()


async def make_user(
    graph: Graph, email: str | None = None, password: str | None = PASSWORD, *, display_name: str = "Test User",
    admin: bool = False, orcid: str | None = None,
) -> User:
    """A new user (a fresh email unless given), with PASSWORD unless told otherwise."""
    email = email or f"user{next(_numbers)}-{id(graph)}@example.org"
    return await create_user(graph, email, password, display_name=display_name, admin=admin, orcid=orcid)


@dataclass
class SignedIn:
    client: httpx.AsyncClient
    user: User
    csrf: str  # what the pages' forms and <meta name="csrf-token"> carry for this session
    cookie: str = field(repr=False, default="")

    @property
    def csrf_header(self) -> dict[str, str]:
        return {CSRF_HEADER: self.csrf}


async def session_for(app: FastAPI, graph: Graph, user: User) -> tuple[str, str]:
    """A new session of `user` written through `graph`: (the cookie value the app accepts, its CSRF token)."""
    token = await new_session(graph, app.state.settings, user)
    scope: Any = {"app": app}
    return signed(scope, "session", token), token_for(scope, token)


@asynccontextmanager
async def signed_in(
    app: FastAPI, graph: Graph, base_url: str, user: User, **client_options: Any
) -> AsyncIterator[SignedIn]:
    """An httpx client for `base_url` (a served app, or any base with transport=httpx.ASGITransport(app=app))
    carrying a session cookie of `user`."""
    cookie, csrf = await session_for(app, graph, user)
    async with httpx.AsyncClient(base_url=base_url, timeout=30, **client_options) as client:
        client.cookies.set(SESSION_COOKIE, cookie)
        yield SignedIn(client=client, user=user, csrf=csrf, cookie=cookie)


async def bearer_token(graph: Graph, user: User, name: str = "tests") -> str:
    """The secret of a new personal access token of `user`, for `Authorization: Bearer`."""
    _, secret = await create_token(graph, user, name)
    return secret
