"""Server-rendered pages over HTTP, then the explorer in headless Chromium on a slice of about 500 nodes and 2,000
edges, against a bare vis-network page.

    python -m bench.web [--bib ../shared/data/bibtex/dblp-cv-ml-2015.bib.gz] [--data-dir DIR] [--runs 5]
    python -m bench.web --pages-only --data-dir DIR   # the pages only (no browser), e.g. on the 1.6M-record graph

Pages: home, a random researcher's profile, a random paper of theirs, and the shared path view between two random
researchers, each fetched --page-requests times one after another (after a few not counted), with p50, p95 and
max printed. Target: p95 under 150 ms for every page.

Loads the BibTeX file into a fresh embedded engine (or reuses --data-dir when its graph already holds
researchers) and serves the app in a child process. The centre is the researcher, among the best connected,
whose `neighbourhood(depth: 2, limit: 500)` — the query the explorer sends — comes closest to 500 nodes and
2,000 edges. Each run opens /explore?focus=…&depth=2&limit=500 in a fresh browser context (nothing cached) of
Debian's chromium, driven by Playwright, and measures:

- settle: from the start of navigation to the layout settling (physics off), on the page's own clock;
- click: from pressing the mouse on a researcher to the side panel showing their details (the facts list
  the panel fills from /graphql), up to the next frame;
- what the vis DataSets hold (nodes, edges).

The baseline, in the same run and browser: a page that only creates a vis-network with the same nodes and
edges (as the explorer styled them) and vis's default options, from the same local vis-network files and
in a container of the same size; its settle is to vis's "stabilizationIterationsDone" (the layout drawn; with
vis's defaults physics then goes on, so "stabilized", physics at rest, is reported apart when it comes within
5 s), its click to vis's click event plus the next frame.

One warm-up run of each page is not counted. Prints median and max over the runs; exits 1 when a target
is missed: every run settles and answers its click within 3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from app.graph import Graph, open_graph
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BENCH_QUERIES = Path(__file__).resolve().parent / "cypher"
DEFAULT_BIB = ROOT.parent / "shared" / "data" / "bibtex" / "dblp-cv-ml-2015.bib.gz"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 900}
DEPTH, LIMIT = 2, 500
WANT_NODES, WANT_EDGES = 500, 2000
CANDIDATES = 120  # best-connected researchers tried as the centre
TARGET_MS = 3000.0
PAGE_TARGET_MS = 150.0  # p95 of a server-rendered page
PAGE_WARMUP = 5
# The bare pages: vis's default options (the baseline), and the explorer's own options (what the explorer adds).
BASELINES = {"default": "vis-network default options", "explorer-options": "the explorer's vis options"}
TIMEOUT_MS = 60_000
AT_REST_WAIT_MS = 5_000  # how long the baseline is given, after its layout is drawn, to come to rest

SIZE = """query ($id: ID!, $depth: Int, $limit: Int) {
  neighbourhood(id: $id, depth: $depth, limit: $limit) { nodes { id } edges { kind } }
}"""

# In the explorer: the press on the canvas starts the clock; the facts list in the panel, one frame later, stops it.
CLICK_PROBE = """() => {
  window.__bench = { down: null, answered: null };
  document.querySelector('#graph canvas').addEventListener('pointerdown', (e) => { window.__bench.down = e.timeStamp; },
                                                           { capture: true, once: true });
  const panel = document.getElementById('details');
  const observer = new MutationObserver(() => {
    if (!panel.querySelector('dl')) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__bench.answered = performance.now(); });
  });
  observer.observe(panel, { childList: true, subtree: true });
}"""

# Where a node sits on screen, if a click there hits it (and not a node drawn over it).
NODE_POINT = """([net, id]) => {
  const network = window[net].network;
  const dom = network.canvasToDOM(network.getPositions([id])[id]);
  if (network.getNodeAt(dom) !== id) return null;
  const box = document.querySelector('#graph canvas').getBoundingClientRect();
  return [box.left + dom.x, box.top + dom.y];
}"""

BASELINE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>vis-network baseline</title>
<link rel="stylesheet" href="/vendor/vis-network.css">
<style>body {{ margin: 0; }} #graph {{ width: {width}px; height: {height}px; }}</style></head>
<body><div id="graph"></div><p id="panel"></p>
<script src="/vendor/vis-network.min.js"></script>
<script id="data" type="application/json">{data}</script>
<script>
const data = JSON.parse(document.getElementById("data").textContent);
const nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
const network = new vis.Network(document.getElementById("graph"), {{ nodes, edges }}, {options});
window.baseline = {{ nodes, edges, network, drawnAt: null, settledAt: null, clicked: null }};
network.once("stabilizationIterationsDone", () => {{ baseline.drawnAt = performance.now(); }});
network.once("stabilized", () => {{ baseline.settledAt = performance.now(); }});
network.on("click", (p) => {{
  if (!p.nodes.length) return;
  document.getElementById("panel").textContent = p.nodes[0];
  requestAnimationFrame(() => {{ baseline.clicked = performance.now(); }});
}});
</script></body></html>
"""


def settings_for(data_dir: Path) -> Settings:
    # The embedded engine only, whatever NEO4J_URI says; a result cap wide enough to list every researcher.
    return Settings(neo4j_uri=None, data_dir=data_dir, extra_queries=BENCH_QUERIES, result_cap=10_000_000)


# --- the server child: the app plus the baseline page --------------------------------------------


def serve(data_dir: Path, port: int, pages: Path) -> None:
    import uvicorn
    from fastapi.responses import HTMLResponse

    from app.server import create_app

    app = create_app(settings_for(data_dir))

    @app.get("/bench/baseline/{name}")
    async def baseline(name: str) -> HTMLResponse:
        """A bare vis-network page the parent wrote for this run."""
        if name not in BASELINES:
            return HTMLResponse("no such page", status_code=404)
        return HTMLResponse((pages / f"{name}.html").read_text(encoding="utf-8"))

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


# --- the graph and the centre --------------------------------------------------------------------


async def load_bib(graph: Graph, bib: Path, data_dir: Path) -> None:
    from loaders.load import load

    start = time.perf_counter()
    await graph.reset()
    summary = await load(graph, "bibtex", [bib], data_dir / "rejects.jsonl")
    print(f"loaded {bib.name}: {summary.works:,} works in {time.perf_counter() - start:.1f}s")


async def pick_centre(graph: Graph, http: httpx.AsyncClient) -> tuple[str, int, int]:
    """The best-connected researcher whose slice comes closest to WANT_NODES nodes and WANT_EDGES edges."""
    best: tuple[float, str, int, int] | None = None
    for row in await graph.scan("bench/list_connected_researchers", first=CANDIDATES):
        variables = {"id": row["id"], "depth": DEPTH, "limit": LIMIT}
        answer = (await http.post("/graphql", json={"query": SIZE, "variables": variables})).json()
        s = answer["data"]["neighbourhood"]
        n, e = len(s["nodes"]), len(s["edges"])
        miss = abs(n - WANT_NODES) / WANT_NODES + abs(e - WANT_EDGES) / WANT_EDGES
        if best is None or miss < best[0]:
            best = (miss, row["id"], n, e)
        if miss < 0.01:
            break
    if best is None:
        raise RuntimeError("the graph holds no researcher with co-authors")
    return best[1], best[2], best[3]


# --- server-rendered pages -----------------------------------------------------------------------


def page_url(kind: str, *ids: str) -> str:
    q = [quote(i, safe=":/") for i in ids]
    return {"home": "/", "profile": f"/researchers/{q[0] if q else ''}", "paper": f"/papers/{q[0] if q else ''}",
            "path": f"/path?from={q[0] if q else ''}&to={q[-1] if q else ''}"}[kind]


async def draw_page(graph: Graph, kind: str, people: list[str], rng: random.Random) -> str:
    """A page's address with random arguments: papers are drawn from a random researcher's first page of works."""
    if kind == "home":
        return page_url(kind)
    if kind == "path":
        return page_url(kind, rng.choice(people), rng.choice(people))
    person = rng.choice(people)
    if kind == "profile":
        return page_url(kind, person)
    while True:
        [row] = await graph.read("researcher/list_papers", ids=[person], skip=0, limit=20) or [{"papers": []}]
        if row["papers"]:
            return page_url(kind, rng.choice(row["papers"])["id"])
        person = rng.choice(people)


async def time_pages(graph: Graph, http: httpx.AsyncClient, n: int, seed: int) -> dict[str, list[float]]:
    people = sorted(r["id"] for r in await graph.scan("bench/list_researchers"))
    rng = random.Random(seed)
    times: dict[str, list[float]] = {}
    for kind in ("home", "profile", "paper", "path"):
        times[kind] = []
        for i in range(n + PAGE_WARMUP):
            url = await draw_page(graph, kind, people, rng)
            start = time.perf_counter()
            response = await http.get(url)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code} {response.text[:300]}")
            if i >= PAGE_WARMUP:
                times[kind].append(elapsed)
        print(f"  {kind}: done", flush=True)
    return times


def report_pages(times: dict[str, list[float]]) -> bool:
    n = len(next(iter(times.values())))
    print(f"\nserver-rendered pages: {n} random requests each, sequential; milliseconds")
    print(f"  {'page':<12}{'p50':>9}{'p95':>9}{'max':>9}")
    ok = True
    for kind, t in times.items():
        cuts = statistics.quantiles(t, n=100, method="inclusive")
        ok = ok and cuts[94] < PAGE_TARGET_MS
        flag = "" if cuts[94] < PAGE_TARGET_MS else "  p95!"
        print(f"  {kind:<12}{cuts[49]:>9.1f}{cuts[94]:>9.1f}{max(t):>9.1f}{flag}")
    print(f"target: p95 under {PAGE_TARGET_MS:.0f} ms for every page: {'met' if ok else 'NOT met'}")
    return ok


# --- the browser runs ----------------------------------------------------------------------------


@dataclass
class Run:
    nodes: int
    edges: int
    settle_ms: float
    click_ms: float
    fetched_ms: float | None = None  # explorer: when the slice's /graphql answer arrived
    at_rest_ms: float | None = None  # baseline: vis's "stabilized", when its physics came to rest (None: not in time)


class Watch:
    """Console errors and requests that leave localhost: either makes the run void."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    async def attach(self, page: Any) -> None:
        page.on("console", lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))

        async def guard(route: Any) -> None:
            host = httpx.URL(route.request.url).host
            if host in ("127.0.0.1", "localhost"):
                await route.continue_()
            else:
                self.problems.append(f"left localhost: {route.request.url}")
                await route.abort()

        await page.route("**/*", guard)


async def click_point(page: Any, net: str, ids: list[str]) -> tuple[str, list[float]]:
    for node_id in ids:
        point = await page.evaluate(NODE_POINT, [net, node_id])
        if point:
            return node_id, point
    raise RuntimeError("no node could be clicked where it is drawn")


async def explorer_run(browser: Any, base: str, centre: str) -> tuple[Run, dict[str, Any]]:
    context = await browser.new_context(viewport=VIEWPORT, base_url=base)
    watch = Watch()
    try:
        page = await context.new_page()
        await watch.attach(page)
        await page.goto(f"/explore?focus={quote(centre, safe=':')}&depth={DEPTH}&limit={LIMIT}", wait_until="commit")
        settled = await page.wait_for_function(
            "() => window.explorer && explorer.state.ready && explorer.state.settled && explorer.state.settledAt",
            polling="raf", timeout=TIMEOUT_MS)
        settle_ms = float(await settled.json_value())
        fetched = await page.evaluate("""() => {
            const slice = performance.getEntriesByType('resource').find(r => r.name.endsWith('/graphql'));
            return slice ? slice.responseEnd : null; }""")
        counts = await page.evaluate("() => [explorer.nodes.length, explorer.edges.length]")
        researchers = await page.evaluate(
            "(c) => [c, ...explorer.nodes.getIds({filter: n => n.kind === 'RESEARCHER' && n.id !== c})]", centre)
        _, point = await click_point(page, "explorer", researchers)
        await page.evaluate(CLICK_PROBE)
        await page.mouse.click(*point)
        await page.wait_for_function("() => window.__bench.answered", polling="raf", timeout=TIMEOUT_MS)
        click_ms = await page.evaluate("() => window.__bench.answered - window.__bench.down")
        data = await page.evaluate("""() => ({
            nodes: explorer.nodes.get().map(
                ({id, label, title, shape, color, value}) => ({id, label, title, shape, color, value})),
            edges: explorer.edges.get().map(
                ({id, from, to, value, color, title}) => ({id, from, to, value, color, title})),
            box: (({width, height}) => ({width, height}))(document.getElementById('graph').getBoundingClientRect()),
        })""")
    finally:
        await context.close()
    if watch.problems:
        raise RuntimeError("explorer: " + "; ".join(watch.problems))
    return Run(counts[0], counts[1], settle_ms, click_ms, fetched_ms=fetched), data


async def baseline_run(browser: Any, base: str, name: str) -> Run:
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    context = await browser.new_context(viewport=VIEWPORT, base_url=base)
    watch = Watch()
    try:
        page = await context.new_page()
        await watch.attach(page)
        await page.goto(f"/bench/baseline/{name}", wait_until="commit")
        drawn = await page.wait_for_function(
            "() => window.baseline && baseline.drawnAt", polling="raf", timeout=TIMEOUT_MS
        )
        drawn_ms = float(await drawn.json_value())
        try:  # physics goes on after the layout is drawn (unless told otherwise), and may never come to rest
            settled = await page.wait_for_function("() => baseline.settledAt", polling="raf", timeout=AT_REST_WAIT_MS)
            at_rest_ms: float | None = float(await settled.json_value())
        except PlaywrightTimeout:
            at_rest_ms = None
        nodes, edges, ids = await page.evaluate(
            "() => [baseline.nodes.length, baseline.edges.length, baseline.nodes.getIds()]"
        )
        for _ in range(10):  # nodes still moving can slip away from the point between looking and clicking: again
            _, point = await click_point(page, "baseline", ids)
            await page.evaluate("""() => { window.__down = null; baseline.clicked = null;
                document.querySelector('#graph canvas').addEventListener(
                    'pointerdown', (e) => { window.__down = e.timeStamp; }, { capture: true, once: true }); }""")
            await page.mouse.click(*point)
            try:
                await page.wait_for_function("() => window.baseline.clicked", polling="raf", timeout=5_000)
                break
            except PlaywrightTimeout:
                continue
        else:
            raise RuntimeError(f"baseline {name}: no click hit a node in 10 tries")
        click_ms = await page.evaluate("() => baseline.clicked - window.__down")
    finally:
        await context.close()
    if watch.problems:
        raise RuntimeError(f"baseline {name}: " + "; ".join(watch.problems))
    return Run(nodes, edges, drawn_ms, click_ms, at_rest_ms=at_rest_ms)


def baseline_page(data: dict[str, Any], options: dict[str, Any]) -> str:
    body = json.dumps({"nodes": data["nodes"], "edges": data["edges"]})
    body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return BASELINE_PAGE.format(width=round(data["box"]["width"]), height=round(data["box"]["height"]), data=body,
                                options=json.dumps(options))


# --- report --------------------------------------------------------------------------------------


def line(name: str, values: list[float]) -> str:
    return f"  {name:<44}{statistics.median(values):>9.0f}{max(values):>9.0f}"


def report(centre: str, explorer: list[Run], baselines: dict[str, list[Run]]) -> bool:
    e0 = explorer[0]
    print(f"\ncentre {centre}, neighbourhood depth {DEPTH} limit {LIMIT}; {len(explorer)} timed runs of each page "
          "(after one warm-up), a fresh browser context each")
    print(f"drawn (vis DataSets): explorer {e0.nodes} nodes, {e0.edges} edges; "
          + "; ".join(f"bare page with {name} {runs[0].nodes} nodes, {runs[0].edges} edges"
                      for name, runs in baselines.items()))
    print(f"\n  {'milliseconds':<44}{'median':>9}{'max':>9}")
    print("explorer: /explore?focus=…&depth=2&limit=500 "
          "(slice from /graphql; Barnes-Hut, stabilize(200), then physics off)")
    fetched = [r.fetched_ms for r in explorer if r.fetched_ms is not None]
    if fetched:
        print(line("navigation -> slice answer from /graphql", fetched))
    print(line("navigation -> settled (physics off)", [r.settle_ms for r in explorer]))
    print(line("click on a researcher -> details in the panel", [r.click_ms for r in explorer]))
    for name, runs in baselines.items():
        print(f"baseline: bare page, same nodes and edges inline, {BASELINES[name]}")
        print(line("navigation -> layout drawn (iterations done)", [r.settle_ms for r in runs]))
        at_rest = [r.at_rest_ms for r in runs if r.at_rest_ms is not None]
        if at_rest:
            print(line(f"navigation -> physics at rest ({len(at_rest)}/{len(runs)} runs)", at_rest))
        if len(at_rest) < len(runs):
            moving = len(runs) - len(at_rest)
            print(f"  {'physics still moving 5 s after it was drawn':<44}{moving:>9} of {len(runs)} runs")
        print(line("click on a node -> vis click event + frame", [r.click_ms for r in runs]))
    worst_settle, worst_click = max(r.settle_ms for r in explorer), max(r.click_ms for r in explorer)
    ok = worst_settle <= TARGET_MS and worst_click <= TARGET_MS
    print(f"\ntarget: every run settles within {TARGET_MS / 1000:.0f} s "
          f"and answers a click within {TARGET_MS / 1000:.0f} s "
          f"(worst: settle {worst_settle:.0f} ms, click {worst_click:.0f} ms): {'met' if ok else 'NOT met'}")
    return ok


# --- the run -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_up(http: httpx.AsyncClient) -> dict[str, Any]:
    for _ in range(600):
        try:
            return (await http.get("/health")).json()
        except httpx.TransportError:
            await asyncio.sleep(0.1)
    raise RuntimeError("the app did not come up in 60 s")


async def bench(graph: Graph, data_dir: Path, runs: int, work: Path, page_requests: int, pages_only: bool) -> bool:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.web", "--serve", str(port), "--data-dir", str(data_dir),
        "--pages", str(work), env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            health = await wait_up(http)
            print(f"{health['version']}: {health['nodes']} {health['relationships']}")
            pages_ok = report_pages(await time_pages(graph, http, page_requests, seed=1))
            if pages_only:
                return pages_ok
            centre, n, e = await pick_centre(graph, http)
        print(f"centre: {centre} (its slice: {n} nodes, {e} edges)")
        return await browser_runs(base, centre, runs, work) and pages_ok
    finally:
        child.terminate()
        await asyncio.wait_for(child.wait(), timeout=30)


async def browser_runs(base: str, centre: str, runs: int, work: Path) -> bool:
    from playwright.async_api import async_playwright

    from web.network import options as explorer_options

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            _, data = await explorer_run(browser, base, centre)  # warm-up, and the data for the bare pages
            for name, options in (("default", {}), ("explorer-options", explorer_options())):
                (work / f"{name}.html").write_text(baseline_page(data, options), encoding="utf-8")
                await baseline_run(browser, base, name)  # warm-up
            explorer: list[Run] = []
            baselines: dict[str, list[Run]] = {name: [] for name in BASELINES}
            for i in range(runs):
                explorer.append((await explorer_run(browser, base, centre))[0])
                for name in BASELINES:
                    baselines[name].append(await baseline_run(browser, base, name))
                last = explorer[-1]
                print(f"  run {i + 1}: explorer settle {last.settle_ms:.0f} ms, click {last.click_ms:.0f} ms; "
                      + "; ".join(f"{name} drawn {b[-1].settle_ms:.0f} ms, click {b[-1].click_ms:.0f} ms"
                                  for name, b in baselines.items()), flush=True)
        finally:
            await browser.close()
    return report(centre, explorer, baselines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.split("\n\n")[0])
    parser.add_argument("--bib", type=Path, default=DEFAULT_BIB, help=f"BibTeX file to load (default {DEFAULT_BIB})")
    parser.add_argument("--data-dir", type=Path, help="data directory; reused when its graph already holds researchers")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each page (default 5, at least 5)")
    parser.add_argument("--page-requests", type=int, default=100,
                        help="timed requests of each server-rendered page (default 100)")
    parser.add_argument("--pages-only", action="store_true", help="time the server-rendered pages only, no browser")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)  # the server child
    parser.add_argument("--pages", type=Path, help=argparse.SUPPRESS)  # where the bare pages are written
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.data_dir, args.serve, args.pages)
        return 0
    if args.runs < 5:
        parser.error("--runs must be 5 or more")
    if not args.pages_only and not Path(CHROMIUM).exists():
        parser.error(f"the benchmark needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="collab-bench-web-"))

    async def run() -> bool:
        # Opened first and held to the end: the server child joins this engine rather than starting another.
        graph = await open_graph(settings_for(data_dir))
        try:
            if (await graph.counts())["nodes"].get("Researcher", 0) == 0:
                if not args.bib.exists():
                    parser.error(f"{data_dir} holds no graph and {args.bib} does not exist: give --bib")
                await load_bib(graph, args.bib, data_dir)
            with tempfile.TemporaryDirectory(prefix="collab-bench-web-page-") as work:
                return await bench(graph, data_dir, args.runs, Path(work), args.page_requests, args.pages_only)
        finally:
            await graph.close()

    return 0 if asyncio.run(run()) else 1


if __name__ == "__main__":
    sys.exit(main())
