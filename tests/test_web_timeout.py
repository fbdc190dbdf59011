"""A real time limit in the browser, on both engines: the explorer drawn around a researcher with one co-author, a
hub with a hundred thousand co-authors; the app's query limit is then lowered (the engines read it per statement)
and expanding the hub runs past it in the engine. What was drawn stays and the status line says so in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from app.graph import open_graph
from app.settings import Settings
from tests import web_app
from tests.conftest import make_settings
from tests.web_app import Watched, node_point, wait_drawn, watched_page

browser = web_app.browser  # the fixture these tests use, by name

HUB = "test:hub"
SPOKE = f"{HUB}:1"  # one of the hub's co-authors: its own neighbourhood is the hub alone
SPOKES = 100_000  # enough that gathering the hub's neighbourhood takes either engine well past LOW_MS
LOW_MS = 50


async def _seed_hub(settings: Settings, rejects: Path) -> None:
    graph = await open_graph(settings)
    try:
        await graph.reset()
        await graph.write("web/merge_hub", [], hub=HUB, spokes=SPOKES)
    finally:
        await graph.close()


@pytest.fixture(scope="module", params=["falkordb", "neo4j"])
def hub_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    """The app on the hub graph, and the settings object its graph reads each statement's time limit from."""
    if request.param == "neo4j":
        uri, password = request.getfixturevalue("neo4j_uri")
        settings = make_settings(neo4j_uri=uri, neo4j_password=password)
    else:
        settings = make_settings(data_dir=request.getfixturevalue("embedded_dir"), graph_name="webhub")
    url, stop = web_app._start_server(settings, tmp_path_factory.mktemp("hub") / "rejects.jsonl", seed=_seed_hub)
    yield url, settings
    stop()  # Neo4j's demo graph is seeded again by the next web test that needs it (web_app._reseed_if_changed)


@pytest.fixture
def hub_page(browser: Any, hub_app: tuple[str, Settings]) -> Iterator[Watched]:
    yield from watched_page(browser.new_context(viewport={"width": 1400, "height": 900}, base_url=hub_app[0]))


def test_a_real_timeout_keeps_the_drawing_and_says_what_happened(hub_page: Watched, hub_app: tuple[str, Settings]) -> None:
    page, settings = hub_page.page, hub_app[1]
    page.goto("/explore?focus=" + quote(SPOKE, safe=":"))
    wait_drawn(page)
    before = sorted(page.evaluate("() => explorer.nodes.getIds()"))
    assert before == sorted([HUB, SPOKE])
    # Two nodes just drawn may still overlap while the layout settles: ask until a click would hit the hub.
    point = None
    for _ in range(50):
        if (point := node_point(page, HUB)) is not None:
            break
        page.wait_for_timeout(100)
    assert point is not None
    page.mouse.click(*point)
    expand = page.locator("#details").get_by_role("button", name="Expand neighbourhood")
    expand.wait_for()
    normal = settings.query_timeout_ms
    settings.query_timeout_ms = LOW_MS  # from here on every statement gets 50 ms: the hub's co-authors take longer
    try:
        expand.click()
        page.wait_for_function("() => document.querySelector('#graph-status').textContent.includes('time limit')")
    finally:
        settings.query_timeout_ms = normal
    status = page.locator("#graph-status").inner_text()
    assert status.startswith("The database took longer than its time limit (0.1 s) to fetch the neighbourhood"), status
    assert "What is drawn stays" in status
    assert sorted(page.evaluate("() => explorer.nodes.getIds()")) == before
    web_app.shot(page, "explorer-real-timeout")
