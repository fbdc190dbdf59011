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
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.accounts.cookies import SESSION_COOKIE, signed
from app.accounts.csrf import CSRF_HEADER, token_for
from app.accounts.sessions import new_session
from app.accounts.tokens import create_token
from app.accounts.users import User, create_user
from app.graph import Graph
from app.server import create_app
from app.settings import Settings

PASSWORD = "correct horse battery staple"
ME = "{ me { id email displayName orcid isAdmin } }"
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


@dataclass
class Served:
    """The app on one engine's emptied graph, reached over HTTP through httpx's ASGI transport (the app's lifespan
    runs in the test's loop, so `graph`, the test's own, and the app's share it)."""

    app: FastAPI
    graph: Graph
    http: httpx.AsyncClient  # signed out
    base: str = "http://127.0.0.1"

    def client(self, **options: Any) -> httpx.AsyncClient:
        """Another browser: a client with a cookie jar of its own."""
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=self.base, **options)

    @asynccontextmanager
    async def signed_in(self, user: User) -> AsyncIterator[SignedIn]:
        async with signed_in(self.app, self.graph, self.base, user, transport=httpx.ASGITransport(app=self.app)) as who:
            yield who

    async def me(self, client: httpx.AsyncClient, **headers: str) -> dict[str, Any] | None:
        response = await client.post("/graphql", json={"query": ME}, headers=headers)
        assert response.status_code == 200, response.text
        me: dict[str, Any] | None = response.json()["data"]["me"]
        return me


@pytest.fixture
async def served(graph: Graph, engine_settings: Settings) -> AsyncIterator[Served]:
    """The app on each engine's emptied graph (tests import this fixture by name: `served = accounts.served`)."""
    app = create_app(engine_settings)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=Served.base
    ) as http:
        yield Served(app=app, graph=graph, http=http)


_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_in(html: str) -> str:
    """The CSRF token a page's form carries."""
    found = _CSRF_FIELD.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


async def sign_in_by_form(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    """Sign in as a browser does: the form's page first (its CSRF token), then the form."""
    page = await client.get("/signin")
    return await client.post("/signin", data={"email": email, "password": password, "csrf_token": csrf_in(page.text)})
