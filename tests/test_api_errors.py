"""Errors that say what happened, over real HTTP on both engines: GraphQL-over-HTTP status codes and media
types, a query timeout named as such, one operation per request, internal errors masked with a request id."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.logs import formatter
from tests import api_community
from tests.api_community import Api, R

api = api_community.api  # the fixture these tests use, by name

pytestmark = pytest.mark.anyio

MODERN = {"Accept": "application/graphql-response+json, application/json;q=0.9"}
LEGACY = {"Accept": "application/json"}
RESEARCHER = "query ($id: ID!) { researcher(id: $id) { id name } }"


async def post(api: Api, body: Any, headers: dict[str, str], **kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient(timeout=30) as http:
        if isinstance(body, dict):
            return await http.post(api.url, json=body, headers=headers, **kwargs)
        return await http.post(api.url, content=body, headers={"Content-Type": "application/json", **headers})


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


@pytest.mark.parametrize(
    ("query", "code"),
    [("{ researcher(id: ", "GRAPHQL_PARSE_FAILED"), ('{ researcher(id: "x") { nosuch } }', "GRAPHQL_VALIDATION_FAILED")],
    ids=["parse", "validation"],
)
async def test_a_request_that_cannot_run_is_a_400_for_graphql_response_json(api: Api, query: str, code: str) -> None:
    response = await post(api, {"query": query}, MODERN)
    assert response.status_code == 400
    assert media_type(response) == "application/graphql-response+json"
    body = response.json()
    assert "data" not in body  # the operation never ran: no data entry at all
    assert body["errors"][0]["extensions"]["code"] == code


async def test_plain_json_clients_keep_200_with_the_errors(api: Api) -> None:
    for headers in (LEGACY, {}):  # asked for application/json, or said nothing
        response = await post(api, {"query": "{ researcher(id: "}, headers)
        assert response.status_code == 200 and media_type(response) == "application/json"
        assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_a_client_preferring_plain_json_gets_it(api: Api) -> None:
    headers = {"Accept": "application/json, application/graphql-response+json;q=0.5"}
    response = await post(api, {"query": "{ nosuch }"}, headers)
    assert response.status_code == 200 and media_type(response) == "application/json"


async def test_an_operation_that_ran_is_200_even_with_field_errors(api: Api) -> None:
    """A field's own refusal happens while the operation runs: the response has `data` and status 200."""
    query = "query ($id: ID!) { researcher(id: $id) { id } neighbourhood(id: $id, depth: 0) { truncated } }"
    response = await post(api, {"query": query, "variables": {"id": R[0]}}, MODERN)
    assert response.status_code == 200 and media_type(response) == "application/graphql-response+json"
    body = response.json()
    assert "data" in body and body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["path"] == ["neighbourhood"]


async def test_variables_of_the_wrong_type_are_a_request_error_not_an_internal_one(api: Api) -> None:
    body = {"query": "query ($d: Int) { neighbourhood(id: \"x\", depth: $d) { truncated } }", "variables": {"d": "two"}}
    response = await post(api, body, MODERN)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "$d" in error["message"] and "two" in error["message"]


async def test_a_body_that_is_not_graphql_gets_400_with_a_json_error(api: Api) -> None:
    for headers in (MODERN, LEGACY):
        response = await post(api, b"{not json", headers)
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    response = await post(api, {"query": RESEARCHER, "operationName": "Nope"}, MODERN)
    assert response.status_code == 400 and "Nope" in response.json()["errors"][0]["message"]


TWO_OPERATIONS = (
    "query First($id: ID!) { researcher(id: $id) { name } } "
    f"query Second {{ researcher(id: \"{R[1]}\") {{ name }} }}"
)


async def test_two_operations_without_an_operation_name_are_an_error(api: Api) -> None:
    for headers, status in ((MODERN, 400), (LEGACY, 200)):
        response = await post(api, {"query": TWO_OPERATIONS, "variables": {"id": R[0]}}, headers)
        assert response.status_code == status
        body = response.json()
        assert body.get("data") is None  # neither operation ran
        error = body["errors"][0]
        assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert "First, Second" in error["message"] and "operationName" in error["message"]


async def test_the_named_operation_runs(api: Api) -> None:
    for name, expected in (("Second", "Jonas Berg"), ("First", "Gül Ayhan")):
        body = {"query": TWO_OPERATIONS, "variables": {"id": R[0]}, "operationName": name}
        response = await post(api, body, MODERN)
        assert response.status_code == 200
        assert response.json()["data"]["researcher"]["name"] == expected


@pytest.fixture
def slow_reads(api: Api) -> Iterator[None]:
    """Every read of the app's graph runs the fixture query that outlasts any time limit, on the real engine."""
    graph = api.app.state.graph
    read = graph.read

    async def slow(name: str, **params: Any) -> Any:
        return await read("contract/count_slowly")

    graph.read = slow
    yield
    del graph.read


async def test_a_query_over_its_time_limit_says_so_and_names_the_limit(api: Api, slow_reads: None) -> None:
    limit_ms = api.app.state.settings.query_timeout_ms
    response = await post(api, {"query": RESEARCHER, "variables": {"id": R[0]}}, MODERN)
    assert response.status_code == 200  # the operation ran; its field was stopped
    body = response.json()
    assert body["data"] == {"researcher": None}
    error = body["errors"][0]
    assert error["extensions"] == {"code": "QUERY_TIMEOUT", "timeoutMs": limit_ms}
    assert f"time limit of {limit_ms} ms" in error["message"]
    assert "cypher" not in error["message"]  # which statement ran stays in the log


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the app logs while a test runs, rendered by the app's JSON formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter("json"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


async def test_an_internal_error_is_masked_with_a_request_id_that_the_log_line_carries(
    api: Api, log_lines: io.StringIO
) -> None:
    graph = api.app.state.graph

    async def broken(name: str, **params: Any) -> Any:
        raise RuntimeError("secret detail: password=hunter2")

    graph.read = broken
    try:
        response = await post(api, {"query": RESEARCHER, "variables": {"id": R[0]}}, MODERN)
    finally:
        del graph.read
    error = response.json()["errors"][0]
    assert error["message"] == "Internal server error."
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    request_id = error["extensions"]["requestId"]
    assert request_id == response.headers["x-request-id"]
    assert "hunter2" not in response.text
    logged = [json.loads(line) for line in log_lines.getvalue().splitlines() if line.startswith("{")]
    # The operator finds the masked error's detail and traceback under the id the client was given.
    traced = [e for e in logged if e.get("request_id") == request_id and "hunter2" in e.get("exception", "")]
    assert traced and traced[0]["level"] == "error"
