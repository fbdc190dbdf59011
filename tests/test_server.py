"""The app over HTTP: health and the GraphQL root report the engine and what the graph holds."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from app.server import create_app
from app.settings import Settings

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client(engine_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app in process, its lifespan run as a server would run it (httpx's ASGI transport, not starlette's
    test client, whose use of httpx starlette now deprecates)."""
    app = create_app(engine_settings)
    async with app.router.lifespan_context(app):
        assert app.state.graph is not None  # opened by the lifespan
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
            yield c


async def test_health_reports_the_engine_its_version_and_counts(client: httpx.AsyncClient) -> None:
    body = (await client.get("/health")).json()
    assert body["status"] == "ok"
    assert body["engine"] in {"falkordb", "neo4j"}
    assert body["version"].split()[0] in {"FalkorDB", "Neo4j"}
    assert isinstance(body["nodes"], dict) and isinstance(body["relationships"], dict)


async def test_graphql_root_reports_what_health_reports(client: httpx.AsyncClient) -> None:
    query = "{ database { engine version nodes { label count } relationships { label count } } }"
    body = (await client.post("/graphql", json={"query": query})).json()
    health = (await client.get("/health")).json()
    db = body["data"]["database"]
    assert (db["engine"], db["version"]) == (health["engine"], health["version"])
    assert {n["label"]: n["count"] for n in db["nodes"]} == health["nodes"]


async def test_an_unknown_graphql_field_is_an_error_naming_it(client: httpx.AsyncClient) -> None:
    body = (await client.post("/graphql", json={"query": "{ nosuch }"})).json()
    assert "nosuch" in body["errors"][0]["message"]
