"""/metrics in Prometheus's text format: requests by route, operation and status, their latency, the engine's
time per query file and the load's progress; on in development, off in production unless COLLAB_METRICS=true."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.graph import open_graph
from app.server import create_app
from app.settings import Settings
from loaders.load import load
from tests.conftest import make_settings

DEMO_BIB = Path(__file__).resolve().parents[1] / "app" / "demo" / "demo.bib"
NAMED = "query MetricsProbe { database { engine } }"

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def served(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        yield client


async def scrape(client: httpx.AsyncClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of /metrics by (name, labels)."""
    answer = await client.get("/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(answer.text)
        for s in family.samples
    }


def value(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_requests_latency_and_engine_time_are_counted(engine_settings: Settings) -> None:
    settings = engine_settings
    async with served(settings) as client:
        before = await scrape(client)
        for _ in range(3):
            assert (await client.post("/graphql", json={"query": NAMED})).status_code == 200
        await client.post("/graphql", json={"query": "{ nosuch }"})
        await client.get("/no/such/page")
        after = await scrape(client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("collab_http_requests_total", route="/graphql", operation="MetricsProbe", status="200") == 3
    assert delta("collab_http_requests_total", route="/graphql", operation="", status="200") == 1
    assert delta("collab_http_requests_total", route="unmatched", operation="", status="404") == 1
    assert delta("collab_http_request_duration_seconds_count", route="/graphql", operation="MetricsProbe") == 3
    assert delta("collab_http_request_duration_seconds_bucket", route="/graphql", operation="MetricsProbe", le="+Inf") == 3
    # `database` asks the engine for its counts: time spent in the engine, by query file.
    engine_calls = {
        dict(key[1])["query"]: v - before.get(key, 0.0) for key, v in after.items()
        if key[0] == "collab_engine_query_duration_seconds_count" and ("engine", settings.engine) in key[1]
    }
    assert sum(engine_calls.values()) >= 3 and all(name.count("/") == 1 for name in engine_calls)


async def test_a_load_counts_its_batches_records_and_new_papers(embedded_dir: Path, tmp_path: Path) -> None:
    settings = make_settings(data_dir=embedded_dir, graph_name="metrics_load")
    async with served(settings) as client:
        before = await scrape(client)
        graph = await open_graph(settings)
        try:
            await graph.reset()
            summary = await load(graph, "bibtex", [DEMO_BIB], tmp_path / "rejects.jsonl", batch_size=50)
        finally:
            await graph.close()
        after = await scrape(client)
    gained = {name: value(after, name) - value(before, name) for name in (
        "collab_load_batches_total", "collab_load_records_total", "collab_load_papers_created_total",
        "collab_load_authorships_created_total")}
    assert gained == {
        "collab_load_batches_total": summary.batches, "collab_load_records_total": summary.works + summary.persons,
        "collab_load_papers_created_total": summary.papers_new,
        "collab_load_authorships_created_total": summary.authorships_new,
    }
    assert summary.batches > 1 and summary.papers_new > 0


async def test_operation_names_from_clients_cannot_grow_the_metrics_without_bound(embedded_dir: Path) -> None:
    settings = make_settings(data_dir=embedded_dir, graph_name="metrics")
    odd = 'query Weird { database { engine } }'
    async with served(settings) as client:
        await client.post("/graphql", json={"query": odd.replace("Weird", "x" * 200)})
        samples = await scrape(client)
    assert not any(dict(labels).get("operation", "").startswith("xxxx") for _, labels in samples)


async def test_metrics_are_off_in_production_unless_enabled(embedded_dir: Path) -> None:
    async def status(**overrides: object) -> int:
        async with served(make_settings(data_dir=embedded_dir, graph_name="metrics", **overrides)) as client:
            return (await client.get("/metrics")).status_code

    assert await status() == 200
    assert await status(env="production") == 404
    assert await status(env="production", metrics=True) == 200
    assert await status(metrics=False) == 404
