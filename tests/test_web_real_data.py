"""The pages on the real CV/ML graph (58,146 DBLP records from ../shared/data) in headless Chromium: the explorer with
papers and topics around a well-connected researcher, a profile and a paper page, as a person meets them.

Loads the file once for the module (about 30 s here); skips with the reason when the shared data is absent.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from app.graph import open_graph
from app.server import create_app
from tests import web_app
from tests.conftest import make_settings
from tests.shared_data import shared_data_dir
from tests.web_app import Watched, shot, wait_drawn, watched_page

browser = web_app.browser  # the fixture these tests use, by name

CV_ML = "bibtex/dblp-cv-ml-2015.bib.gz"
FOCUS = "dblp:Andrew Zisserman"
LABELS = """() => explorer.nodes.get().filter(n => !explorer.state.labelsHidden.has(n.id)).map(n => {
    const s = explorer.network.body.nodes[n.id].labelModule.size, scale = explorer.network.getScale();
    return {px: Math.round(explorer.labelPixels(n.id) * 100) / 100, box: [s.left, s.top, s.left + s.width, s.top + s.height].map(v => v * scale)};
})"""


async def _load(settings: Any, path: Path, rejects: Path) -> None:
    from loaders.load import load

    graph = await open_graph(settings)
    try:
        await graph.reset()
        await load(graph, "bibtex", [path], rejects)
    finally:
        await graph.close()


@pytest.fixture(scope="module")
def real_url(embedded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the CV/ML graph, on its own port and graph beside the demo's."""
    import uvicorn

    path = shared_data_dir() / CV_ML
    settings = make_settings(data_dir=embedded_dir, graph_name="web_cv_ml")
    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API may run an event loop in this thread
        pool.submit(asyncio.run, _load(settings, path, tmp_path_factory.mktemp("real") / "rejects.jsonl")).result()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the real-data web server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page_on_real(browser: Any, real_url: str) -> Iterator[Watched]:
    """A page on the real-data app that refuses and records any request off localhost, and any console error."""
    yield from watched_page(browser.new_context(viewport={"width": 1400, "height": 900}, base_url=real_url))


def test_the_explorer_with_papers_and_topics_draws_readable_labels_on_the_real_graph(page_on_real: Watched) -> None:
    page = page_on_real.page
    page.goto("/explore?focus=" + quote(FOCUS, safe=":"))
    wait_drawn(page, 60_000)
    page.get_by_label("Papers", exact=True).check()
    page.get_by_label("Topics", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_function("() => explorer.nodes.get().some(n => n.kind === 'PAPER')", timeout=60_000)
    wait_drawn(page, 60_000)
    page.wait_for_function("() => explorer.state.labelled")
    status = page.locator("#graph-status").inner_text()
    assert "edge(s) with these filters" in status, status
    labels = page.evaluate(LABELS)
    assert len(labels) >= 20 and min(label["px"] for label in labels) >= 12
    boxes = [label["box"] for label in labels]
    assert not any(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] for i, a in enumerate(boxes) for b in boxes[i + 1:])
    shot(page, "real-explorer-papers")


def test_a_real_profile_and_paper_page_speak_in_words(page_on_real: Watched) -> None:
    page = page_on_real.page
    page.goto("/researchers/" + quote(FOCUS, safe=":"))
    main = page.locator("main").inner_text()
    assert "dblp:" not in main and "inproceedings" not in main
    assert page.locator('[data-count="collaborators"]').inner_text().endswith("co-authors")
    assert page.locator("ol.closest li").count() == 5
    wait_drawn(page, 60_000)
    shot(page, "real-profile")
    first = page.locator("li.work h3 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/papers/**")
    assert page.locator("h1").inner_text() == title
    assert FOCUS.removeprefix("dblp:") in page.locator(".byline").inner_text()
    assert "dblp:" not in page.locator("main").inner_text()
    shot(page, "real-paper")
