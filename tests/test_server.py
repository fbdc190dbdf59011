"""The app over HTTP: health and the GraphQL root report the engine and what the graph holds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.server import create_app
from app.settings import Settings


@pytest.fixture
def client(engine_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(engine_settings)) as c:
        c.app.state.graph  # opened by the lifespan
        yield c


def test_health_reports_the_engine_its_version_and_counts(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["engine"] in {"falkordb", "neo4j"}
    assert body["version"].split()[0] in {"FalkorDB", "Neo4j"}
    assert isinstance(body["nodes"], dict) and isinstance(body["relationships"], dict)


def test_graphql_root_reports_what_health_reports(client: TestClient) -> None:
    query = "{ database { engine version nodes { label count } relationships { label count } } }"
    body = client.post("/graphql", json={"query": query}).json()
    health = client.get("/health").json()
    db = body["data"]["database"]
    assert (db["engine"], db["version"]) == (health["engine"], health["version"])
    assert {n["label"]: n["count"] for n in db["nodes"]} == health["nodes"]


def test_an_unknown_graphql_field_is_an_error_naming_it(client: TestClient) -> None:
    body = client.post("/graphql", json={"query": "{ nosuch }"}).json()
    assert "nosuch" in body["errors"][0]["message"]
