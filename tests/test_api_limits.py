"""Operation limits, error codes and masking over HTTP, and GraphiQL for a browser."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.api import limits
from tests import api_community
from tests.api_community import Api, GraphQL, R

api, client = api_community.api, api_community.client  # the fixtures these tests use, by name

pytestmark = pytest.mark.anyio


def nested(depth: int) -> str:
    """A researcher's papers' authors' papers ... `depth` object fields deep (`__typename` adds no depth)."""
    inner = "__typename"
    levels = ["researcher(id: $id)", "papers(first: 1)", "edges", "node", "authors"]  # first: 1 keeps it in budget
    fields = [levels[0]] + [levels[1 + i % 4] for i in range(depth - 1)]
    for name in reversed(fields):
        inner = f"{name} {{ {inner} }}"
    return f"query ($id: ID!) {{ {inner} }}"


async def test_a_query_deeper_than_the_limit_is_refused_before_it_runs(client: GraphQL) -> None:
    assert (await client(nested(limits.MAX_DEPTH), id=R[0]))["researcher"]
    errors = await client.errors(nested(limits.MAX_DEPTH + 1), id=R[0])
    assert errors[0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert f"exceeds maximum operation depth of {limits.MAX_DEPTH}" in errors[0]["message"]


async def test_too_many_aliases_are_refused(client: GraphQL) -> None:
    def aliased(n: int) -> str:
        return "query ($id: ID!) { " + " ".join(f"a{i}: researcher(id: $id) {{ id }}" for i in range(n)) + " }"

    assert len(await client(aliased(limits.MAX_ALIASES), id=R[0])) == limits.MAX_ALIASES
    errors = await client.errors(aliased(limits.MAX_ALIASES + 1), id=R[0])
    assert errors[0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert f"Allowed: {limits.MAX_ALIASES}" in errors[0]["message"]


async def test_a_document_with_too_many_tokens_is_refused(client: GraphQL) -> None:
    query = "query ($id: ID!) { researcher(id: $id) { " + "id " * limits.MAX_TOKENS + "} }"
    errors = await client.errors(query, id=R[0])
    assert errors[0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert f"more than {limits.MAX_TOKENS} tokens" in errors[0]["message"]


async def test_an_unknown_field_is_a_validation_error_naming_it(client: GraphQL) -> None:
    errors = await client.errors("{ researcher(id: \"x\") { nosuch } }")
    assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED" and "nosuch" in errors[0]["message"]


async def test_a_syntax_error_has_its_code(api: Api) -> None:
    async with httpx.AsyncClient() as http:
        body = (await http.post(api.url, json={"query": "{ researcher(id: "})).json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_an_internal_error_is_masked_and_coded(client: GraphQL, api: Api) -> None:
    graph = api.app.state.graph

    async def broken(name: str, **params: Any) -> Any:
        raise RuntimeError("secret detail: password=hunter2")

    graph.read = broken
    try:
        errors = await client.errors("query ($id: ID!) { researcher(id: $id) { id } }", id=R[0])
    finally:
        del graph.read
    assert errors[0]["message"] == "Internal server error."
    assert errors[0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert set(errors[0]["extensions"]) == {"code", "requestId"}  # the id of the log line, nothing else
    assert "hunter2" not in str(errors)


async def test_a_browser_gets_graphiql(api: Api) -> None:
    async with httpx.AsyncClient() as http:
        page = await http.get(api.url, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
