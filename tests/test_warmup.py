"""The start-up warm-up on Neo4j (app/warmup.py): once it has finished, every statement the first profile and paper
pages run (signed out and signed in) has already run with parameters of the same types, so Neo4j plans none of them
on a visitor's request. Checked by what the pages read against what the warm-up ran, not by timing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI

from app.cli import DEMO_BIB
from app.graph import open_graph
from app.server import create_app
from app.settings import Settings
from app.warmup import SAMPLES, Sample, WarmUp, signature, warm_up
from loaders.load import load
from tests.accounts import make_user, signed_in
from tests.conftest import make_settings

pytestmark = pytest.mark.anyio

BASE = "http://127.0.0.1"
PAGES = ["/researchers/" + quote("dblp:Cordelia Schmid", safe=":"), "/papers/" + quote("doi:10.1109/cvpr.2015.7298720", safe=":"), "/"]


async def finished(app: FastAPI, within_s: float = 120.0) -> WarmUp:
    """The app's warm-up once it has finished (it runs in the background from start-up)."""
    deadline = time.monotonic() + within_s
    while not app.state.warmup.finished:
        assert time.monotonic() < deadline, "the warm-up did not finish"
        await asyncio.sleep(0.05)
    state: WarmUp = app.state.warmup
    return state


@pytest.fixture
def neo4j_settings(neo4j_uri: tuple[str, str]) -> Settings:
    uri, password = neo4j_uri
    return make_settings(neo4j_uri=uri, neo4j_password=password)


@asynccontextmanager
async def demo_app(settings: Settings, tmp_path: Path) -> AsyncIterator[FastAPI]:
    """The app started on the demo graph (loaded first, so the warm-up runs on a graph like a user's)."""
    graph = await open_graph(settings)
    try:
        await graph.reset()
        await load(graph, "bibtex", [DEMO_BIB], tmp_path / "rejects.jsonl")
    finally:
        await graph.close()
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


class Recorded:
    """The app graph's reads while a page renders, as `name(param: Type, ...)`; each still runs on the engine."""

    def __init__(self, app: FastAPI) -> None:
        self.graph = app.state.graph
        self.seen: set[str] = set()
        self.read = self.graph.read

    async def _read(self, name: str, **params: Any) -> Any:
        self.seen.add(signature(name, params))
        return await self.read(name, **params)

    def __enter__(self) -> Recorded:
        self.graph.read = self._read
        return self

    def __exit__(self, *exc: object) -> None:
        del self.graph.read


async def test_after_the_warm_up_the_first_pages_run_only_statements_neo4j_has_planned(
    neo4j_settings: Settings, tmp_path: Path
) -> None:
    async with demo_app(neo4j_settings, tmp_path) as app:
        state = await finished(app)
        assert state.failed == [] and len(state.planned) == len(SAMPLES)
        with Recorded(app) as recorded:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
                for path in PAGES:
                    assert (await client.get(path)).status_code == 200, path
            user = await make_user(app.state.graph, display_name="Ada")
            async with signed_in(app, app.state.graph, BASE, user, transport=httpx.ASGITransport(app=app)) as ada:
                assert (await ada.client.get(PAGES[0])).status_code == 200
        page_reads = {s for s in recorded.seen if not s.startswith(("account/", "follow/get_", "claim/get_"))}
        assert page_reads, "the pages read nothing"
        assert sorted(page_reads - set(state.planned)) == []
        metrics = (await httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE).get("/metrics")).text
        assert "collab_warmup_finished 1.0" in metrics
        assert f'collab_warmup_planned{{statement="{signature("researcher/list_researchers", {"ids": ["x"]})}"}} 1.0' in metrics


async def test_a_statement_that_fails_is_logged_and_skipped_and_the_rest_run(neo4j_settings: Settings) -> None:
    graph = await open_graph(neo4j_settings)
    try:  # the first sample lacks its parameter: Neo4j refuses it
        samples = (Sample("researcher/list_topics"), Sample("researcher/list_researchers", {"ids": ["none"]}))
        state = await warm_up(graph, WarmUp(), samples)
    finally:
        await graph.close()
    assert state.finished
    assert state.failed == ["researcher/list_topics()"]
    assert state.planned == ["researcher/list_researchers(ids: List<String>)"]


async def test_the_embedded_engine_runs_no_warm_up(embedded_dir: Path) -> None:
    """FalkorDB plans a statement in microseconds: nothing to warm, and its state says so."""
    app = create_app(make_settings(data_dir=embedded_dir, graph_name="warmup0"))
    async with app.router.lifespan_context(app):
        await asyncio.sleep(0.2)
        assert app.state.warmup == WarmUp()
