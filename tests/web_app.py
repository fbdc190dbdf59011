"""The web view under a real headless Chromium: the app on the embedded engine with the demo graph, served by
uvicorn in a thread, and Playwright pages that record console errors and any request that leaves localhost.

Imported by the tests/test_web_*.py modules (fixtures are session-scoped: one server per engine, one browser).
Tests marked `ON_BOTH_ENGINES` also run against the app on Neo4j (the suite's `neo4j_uri` server).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from app.cli import DEMO_BIB
from app.graph import open_graph
from app.server import create_app
from tests.conftest import make_settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts"
DOCS = Path(__file__).resolve().parents[1] / "docs"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
_names = itertools.count()

# The demo graph's best-connected researcher and people close to her; extra facts the demo lacks.
CENTRE = "dblp:Cordelia Schmid"
FAR = "dblp:Andrew Zisserman"
CODE_PAPER = "doi:10.1109/cvpr.2015.7298720"  # EpicFlow, her newest paper
ABSTRACT = "We propose a novel approach for optical flow estimation <b>not bold</b>."
CITED = "doi:10.1109/cvpr.2008.4587603"  # an older paper of hers that EpicFlow is made to cite (the demo has no CITES)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _seed(settings: Any, rejects: Path) -> None:
    from loaders.load import load

    graph = await open_graph(settings)
    try:
        await graph.reset()
        await load(graph, "bibtex", [DEMO_BIB], rejects)
        await graph.write("web/merge_paper_details", [{"id": CODE_PAPER, "abstract": ABSTRACT, "has_code": True}])
        await graph.write("web/merge_reported_figures", [{"id": CENTRE, "h_index": 45, "citations": 7698}])
        await graph.write("api/merge_citations", [{"source": CODE_PAPER, "target": CITED}])
    finally:
        await graph.close()


class _Shared:
    """One value for the whole session, however many test modules import the fixture that holds it.

    A fixture imported into several modules is registered once per module, so a session-scoped one
    would start a second server (and a second Playwright, which refuses to run inside the first).
    """

    def __init__(self) -> None:
        self.value: Any = None
        self.users = 0
        self.stop: Any = None

    def enter(self, start: Any) -> Any:
        if self.users == 0:
            self.value, self.stop = start()
        self.users += 1
        return self.value

    def leave(self) -> None:
        self.users -= 1
        if self.users == 0:
            self.stop()


_servers, _browser = {"falkordb": _Shared(), "neo4j": _Shared()}, _Shared()
# Tests that take `web_url` from this mark run on both engines; the others on the embedded one only.
ON_BOTH_ENGINES = pytest.mark.parametrize("web_url", ["falkordb", "neo4j"], indirect=True, scope="session")


@dataclass
class _Seeded:
    """The Neo4j app's graph as seeded: other tests share Neo4j's one database and may empty or reload it."""

    settings: Any = None
    rejects: Path | None = None
    counts: dict[str, Any] = field(default_factory=dict)


_neo4j_seed = _Seeded()


def _in_thread(work: Any) -> Any:
    """Run a coroutine to its end in a thread of its own: Playwright's sync API may already run a loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work).result()


async def _counts(settings: Any) -> dict[str, Any]:
    graph = await open_graph(settings)
    try:
        return await graph.counts()
    finally:
        await graph.close()


def _reseed_if_changed() -> None:
    """Seed Neo4j's demo graph again when another test left other data there (the counts cost no scan)."""
    if _neo4j_seed.settings is not None and _in_thread(_counts(_neo4j_seed.settings)) != _neo4j_seed.counts:
        _in_thread(_seed(_neo4j_seed.settings, _neo4j_seed.rejects))
        _neo4j_seed.counts = _in_thread(_counts(_neo4j_seed.settings))


def _start_server(settings: Any, rejects: Path, seed: Any = _seed) -> tuple[str, Any]:
    """The app served on a free port, on the graph `seed` fills (the demo graph unless a test seeds its own)."""
    import uvicorn

    _in_thread(seed(settings, rejects))
    if settings.engine == "neo4j" and seed is _seed:
        _neo4j_seed.settings, _neo4j_seed.rejects = settings, rejects
        _neo4j_seed.counts = _in_thread(_counts(settings))
    port = _free_port()
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web test server did not start")
        time.sleep(0.05)
    while settings.engine == "neo4j" and not app.state.warmup.finished:  # Neo4j has planned what pages run
        if time.monotonic() > deadline + 120:
            raise RuntimeError("the web test server's warm-up did not finish")
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)

    return f"http://127.0.0.1:{port}", stop


@pytest.fixture(scope="session")
def web_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the demo graph (plus a code flag, an abstract and reported figures), at http://127.0.0.1:<port>:
    on the embedded engine, or on Neo4j for tests marked ON_BOTH_ENGINES."""
    engine = getattr(request, "param", "falkordb")
    if engine == "neo4j":
        uri, password = request.getfixturevalue("neo4j_uri")
        settings = make_settings(neo4j_uri=uri, neo4j_password=password)
    else:
        settings = make_settings(data_dir=request.getfixturevalue("embedded_dir"), graph_name=f"web{next(_names)}")
    yield _servers[engine].enter(lambda: _start_server(settings, tmp_path_factory.mktemp("web") / "rejects.jsonl"))
    _servers[engine].leave()


ENGINES = ["falkordb", "neo4j"]  # params for a module's own site fixture (own_site), so its tests run on both


def settings_for(request: pytest.FixtureRequest, name: str, **overrides: Any) -> Any:
    """Settings for an app of a test module's own on the engine `request.param` names: a graph of its own on the
    embedded engine; Neo4j's one database with 10 s per query (a cold Neo4j plans the profile's statements while
    the machine is shared; the tests' usual 2 s gave 503s)."""
    if request.param == "neo4j":
        uri, password = request.getfixturevalue("neo4j_uri")
        return make_settings(neo4j_uri=uri, neo4j_password=password, query_timeout_ms=10_000, **overrides)
    return make_settings(data_dir=request.getfixturevalue("embedded_dir"), graph_name=f"{name}{next(_names)}",
                         **overrides)


async def _empty(settings: Any) -> None:
    graph = await open_graph(settings)
    try:
        await graph.reset()
    finally:
        await graph.close()


def release_neo4j(settings: Any) -> None:
    """After a module's own app wrote users, follows or claims to Neo4j's one database: empty it, so that the
    shared Neo4j app (web_url) seeds its demo graph again before its next page instead of showing them."""
    if settings.engine == "neo4j":
        _in_thread(_empty(settings))


def own_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, name: str
             ) -> Iterator[tuple[str, Any]]:
    """For a module-scoped fixture with params=ENGINES: the app on the demo graph for one module whose tests
    write (users, follows, claims), served at its own port, with its settings (to write users straight into
    its graph)."""
    settings = settings_for(request, name)
    url, stop = _start_server(settings, tmp_path_factory.mktemp(name) / "rejects.jsonl")
    yield url, settings
    stop()
    release_neo4j(settings)


async def get_page(client: httpx.AsyncClient, path: str) -> httpx.Response:
    """A page that should answer 200 (once the app's warm-up has finished, Neo4j plans none of its statements)."""
    page = await client.get(path)
    assert page.status_code == 200, page.text[-500:]
    return page


def gql(base: str, query: str, **variables: Any) -> dict[str, Any]:
    """The API's answer, fetched by the test itself to know what the page should show."""
    body = json.dumps({"query": query, "variables": variables}).encode()
    req = urllib.request.Request(f"{base}/graphql", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as res:
        answer = json.loads(res.read())
    assert "errors" not in answer, answer
    return answer["data"]


def _start_browser() -> tuple[Any, Any]:
    from playwright.sync_api import sync_playwright

    manager = sync_playwright()
    chromium = manager.start().chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def stop() -> None:
        chromium.close()
        manager.__exit__(None, None, None)

    return chromium, stop


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (no downloaded browser builds), for one test module at a time:
    Playwright's sync API holds an event loop in this thread while it runs, and the async tests of modules
    after the browser ones (test_wide_papers.py) could not run theirs."""
    pytest.importorskip("playwright.sync_api", reason="the web tests need the `playwright` package")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"the web tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    yield _browser.enter(_start_browser)
    _browser.leave()


@dataclass
class Watched:
    """A page plus what went wrong on it: console errors, uncaught exceptions, requests off localhost."""

    page: Any
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.external == [], f"requests that left localhost: {self.external}"


@pytest.fixture
def watched(browser: Any, web_url: str) -> Iterator[Watched]:
    if _servers["neo4j"].value == web_url:
        _reseed_if_changed()
    yield from watched_page(browser.new_context(
        viewport={"width": 1400, "height": 900}, accept_downloads=True, base_url=web_url
    ))


def watched_page(context: Any) -> Iterator[Watched]:
    """A page of `context` that records console errors and uncaught exceptions and refuses (and records) every
    request off localhost; checked clean, and the context closed, when the test is done."""
    page = context.new_page()
    w = Watched(page)
    page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(str(e)))

    def guard(route: Any) -> None:  # every request passes here: anything not for localhost is logged and refused
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            w.external.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield w
    context.close()
    w.assert_clean()


def wait_drawn(page: Any, timeout_ms: int = 20_000) -> None:
    """Until the page's explorer has drawn what it fetched and the layout has settled."""
    # A function, not an expression: the pages' CSP refuses the eval Playwright would use for a bare expression.
    page.wait_for_function("() => window.explorer && explorer.state.ready && explorer.state.settled", timeout=timeout_ms)


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def drawn(page: Any) -> dict[str, Any]:
    """What the vis DataSets hold: node ids by kind and edges."""
    return page.evaluate("""() => ({
        nodes: explorer.nodes.get().map(n => ({id: n.id, kind: n.kind})),
        edges: explorer.edges.get().map(e => ({id: e.id, from: e.from, to: e.to, kind: e.kind, weight: e.weight ?? e.value,
                                               color: typeof e.color === 'string' ? e.color : e.color && e.color.color})),
        physics: explorer.network.physics.options.enabled,
    })""")


def node_point(page: Any, node_id: str) -> tuple[float, float] | None:
    """Where a node sits on screen, if clicking there hits that node (and not one drawn over it)."""
    return page.evaluate(
        """(id) => {
            const pos = explorer.network.getPositions([id])[id];
            const dom = explorer.network.canvasToDOM(pos);
            if (explorer.network.getNodeAt(dom) !== id) return null;
            const box = document.querySelector('#graph canvas').getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        node_id,
    )
