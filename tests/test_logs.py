"""Logs: one structured line per request and per load batch, JSON lines on request, user errors without
tracebacks, internal errors with one; every line of a request carries its id, the one X-Request-Id names."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import GraphQLError

from app import logs
from app.graph import open_graph
from app.server import create_app
from app.settings import Settings
from loaders.load import load
from tests.conftest import make_settings

DEMO_BIB = Path(__file__).resolve().parents[1] / "app" / "demo" / "demo.bib"
NAMED = "query WhoRunsThis { database { engine } }"

pytestmark = pytest.mark.anyio


class Captured:
    """What the process logged, in the format asked for."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines() if line.startswith("{")]

    def requests(self) -> list[dict[str, Any]]:
        return [r for r in self.records() if r["event"] == "request"]


@pytest.fixture
def capture() -> Iterator[Any]:
    """configure() for the test, the root logger's handlers and level put back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    def start(log_format: str, level: int = logging.INFO) -> Captured:
        stream = io.StringIO()
        logs.configure(make_settings(log_format=log_format), level, stream)
        return Captured(stream)

    yield start
    for h in list(root.handlers):
        root.removeHandler(h)
    for h in handlers:
        root.addHandler(h)
    root.setLevel(level)


@asynccontextmanager
async def served(settings: Settings, extra_routes: bool = False) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    if extra_routes:
        async def boom() -> None:
            raise RuntimeError("boom: a fault in the server")

        app.add_api_route("/boom", boom)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture
def settings(embedded_dir: Path) -> Settings:
    return make_settings(data_dir=embedded_dir, graph_name="logs")


async def test_each_request_writes_one_json_line_with_its_id_operation_status_and_duration(
    capture: Any, settings: Settings,
) -> None:
    captured = capture("json")
    async with served(settings) as client:
        named = await client.post("/graphql", json={"query": NAMED})
        page = await client.get("/health")
        chosen = await client.post("/graphql", json={"query": NAMED}, headers={"x-request-id": "proxy-id-12345"})
    lines = captured.requests()
    assert len(lines) == 3
    first, health, third = lines
    assert {k: first[k] for k in ("method", "path", "operation", "status", "level")} == {
        "method": "POST", "path": "/graphql", "operation": "WhoRunsThis", "status": 200, "level": "info"}
    assert first["request_id"] == named.headers["x-request-id"] and len(first["request_id"]) == 32
    assert isinstance(first["duration_ms"], int | float) and first["duration_ms"] >= 0
    assert "timestamp" in first and "error_code" not in first
    assert health["path"] == "/health" and health["status"] == 200 and "operation" not in health
    assert health["request_id"] == page.headers["x-request-id"] != first["request_id"]
    assert third["request_id"] == chosen.headers["x-request-id"] == "proxy-id-12345"


async def test_user_errors_are_logged_by_their_code_without_a_traceback(capture: Any, settings: Settings) -> None:
    captured = capture("json")
    async with served(settings) as client:
        await client.post("/graphql", json={"query": "{ nosuch }"})
        await client.post("/graphql", json={"query": "{ database { engine "})
        await client.post("/graphql", json={"query": '{ searchResearchers(query: "a", first: 100000) { edges { cursor } } }'})
    codes = [line.get("error_code") for line in captured.requests()]
    assert codes == ["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "LIMIT_EXCEEDED"]
    assert "Traceback" not in captured.text and all("exception" not in r for r in captured.records())
    assert all(r["level"] == "info" for r in captured.records())


async def test_an_internal_error_is_logged_once_with_its_traceback_and_request_id(capture: Any, settings: Settings) -> None:
    captured = capture("json")
    async with served(settings, extra_routes=True) as client:
        answer = await client.get("/boom")
    assert answer.status_code == 500
    assert answer.json()["request_id"] == answer.headers["x-request-id"]
    assert "boom" not in answer.text  # the client learns nothing of the fault itself
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    faults = [r for r in captured.records() if "exception" in r]
    assert len(faults) == 1 and faults[0]["level"] == "error"
    assert "Traceback" in faults[0]["exception"] and "RuntimeError: boom" in faults[0]["exception"]
    assert faults[0]["request_id"] == answer.headers["x-request-id"]
    assert [(r["status"], r["level"]) for r in captured.requests()] == [(500, "error")]


def test_graphql_errors_keep_a_traceback_only_when_the_server_failed(capture: Any) -> None:
    """strawberry logs every GraphQL error with exc_info: a fault inside a resolver keeps it, a user's error loses it."""
    captured = capture("text")
    strawberry_log = logging.getLogger("strawberry.execution")
    try:
        raise KeyError("a bug in a resolver")
    except KeyError as bug:
        fault = GraphQLError("masked", original_error=bug)
    strawberry_log.error(fault, exc_info=fault.original_error)
    mistake = GraphQLError("Cannot query field 'nosuch' on type 'Query'.")
    strawberry_log.error(mistake, exc_info=mistake.original_error)
    assert "level=ERROR" in captured.text and "KeyError: 'a bug in a resolver'" in captured.text
    assert "Traceback" in captured.text and "nosuch" not in captured.text  # below INFO: the request line has its code


async def test_text_lines_are_logfmt(capture: Any, settings: Settings) -> None:
    captured = capture("text")
    async with served(settings) as client:
        answer = await client.post("/graphql", json={"query": NAMED})
    line = next(line for line in captured.text.splitlines() if "event=request" in line)
    assert line.startswith("level=INFO event=request method=POST path=/graphql status=200 duration_ms=")
    assert "operation=WhoRunsThis" in line and f"request_id={answer.headers['x-request-id']}" in line


async def test_each_load_batch_writes_a_debug_line_not_shown_by_default(capture: Any, embedded_dir: Path, tmp_path: Path) -> None:
    async def demo_load(name: str) -> int:
        graph = await open_graph(make_settings(data_dir=embedded_dir, graph_name=name))
        try:
            await graph.reset()
            return (await load(graph, "bibtex", [DEMO_BIB], tmp_path / f"{name}.jsonl", batch_size=50)).batches
        finally:
            await graph.close()

    quiet = capture("json", logging.WARNING)
    await demo_load("logs_quiet")
    assert not [r for r in quiet.records() if r["event"] == "load batch"]
    debug = capture("json", logging.DEBUG)
    batches = await demo_load("logs_debug")
    lines = [r for r in debug.records() if r["event"] == "load batch"]
    assert batches > 1 and len(lines) == batches
    assert [r["batch"] for r in lines] == list(range(1, batches + 1))
    assert sum(r["records"] for r in lines) > 0 and all(r["level"] == "debug" for r in lines)
