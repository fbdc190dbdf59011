"""The GraphQL API's latency on a real graph, against two baselines: the same Cypher through the engine's
client, and the same Cypher behind a minimal JSON endpoint over HTTP.

    python -m bench.api --bib ../shared/data/bibtex/dblp-cv-ml-2015.bib.gz [--data-dir DIR] [--requests 200]
    python -m bench.api --engine neo4j --bib ...   # the same on Neo4j 5.26, started through tools/neo4j-local

Loads the BibTeX file with `collab load bibtex` into a fresh data directory (or reuses --data-dir when its
graph already holds researchers), serves the app in a child process, then for each kind of request draws
random arguments and, request by request, times the three ways in turn, in an order that rotates from one
request to the next so that no way is always the first to reach a server that sat idle. The Cypher each
GraphQL request runs is recorded once by executing the schema in this process against a recording graph, so
both baselines replay exactly the statements and parameters GraphQL ran. Prints p50/p95 per query and way, and
GraphQL/JSON at p50. Targets: p95 < 25 ms for each query over GraphQL (50 ms for neighbourhoods of every kind:
researchers, papers, topics, institutions); GraphQL/JSON at p50 <= 1.5.

Runs on the 1.6M-record conference file too: the co-author graph is read once (integers, not strings) and a
pair at distance d is drawn by a random walk checked by a two-sided breadth-first search, never a walk over the
whole graph.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import (
    Request,  # at module level: FastAPI resolves the route's annotations here
)

from app.api.dataloaders import Loaders
from app.api.schema import schema
from app.graph import Graph, open_graph
from app.settings import Settings
from tests.neo4j_server import local_server  # the suite's way of starting tools/neo4j-local

BENCH_QUERIES = Path(__file__).resolve().parent / "cypher"
P95_TARGET_MS = 25.0
P95_ALL_KINDS_MS = 50.0  # neighbourhoods with papers, topics and institutions
RATIO_TARGET = 1.5
WARMUP = 20

NEIGHBOURHOOD = """query ($id: ID!, $depth: Int, $kinds: [NodeKind!]) {
  neighbourhood(id: $id, depth: $depth, limit: 100, kinds: $kinds) {
    nodes { id kind label weight } edges { source target kind weight } truncated
  }
}"""
ALL_KINDS = ["RESEARCHER", "PAPER", "TOPIC", "INSTITUTION"]
PATHS = """query ($from: ID!, $to: ID!, $k: Int) {
  collaborationPaths(from: $from, to: $to, k: $k, maxHops: 6) {
    length researchers { id name } hops { from { id } to { id } jointPapers papers { id title year } }
  }
}"""
COLLABORATORS = """query ($id: ID!) {
  %s(id: $id, first: 10) {
    researcher { id name } jointPapers firstYear lastYear score
    reasons { jointPapers recency topicOverlap sharedInstitution commonCollaborators }
  }
}"""


def settings_for(data_dir: Path, neo4j: tuple[str, str] | None = None) -> Settings:
    """The engine benchmarked: Neo4j at `neo4j` (URI, password) if given, else the embedded one whatever
    NEO4J_URI says; a result cap wide enough to sample every edge."""
    uri, password = neo4j or (None, "")
    return Settings(
        neo4j_uri=uri, neo4j_password=password, data_dir=data_dir, extra_queries=BENCH_QUERIES, result_cap=10_000_000
    )


def engine_env(data_dir: Path, neo4j: tuple[str, str] | None) -> dict[str, str]:
    """The environment of a child process (the loader, the server) on the same engine; the password travels
    here rather than on a command line."""
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_PASSWORD")}
    env["COLLAB_DATA_DIR"] = str(data_dir)
    if neo4j:
        env |= {"NEO4J_URI": neo4j[0], "NEO4J_PASSWORD": neo4j[1]}
    return env


@contextlib.contextmanager
def engine(name: str, data_dir: Path) -> Iterator[tuple[str, str] | None]:
    """Neo4j's URI and password for `neo4j` (a server of its own, home under the data directory, so a second
    run reuses its graph), None for the embedded engine."""
    if name == "falkordb":
        yield None
        return
    started = time.perf_counter()
    with local_server(data_dir / "neo4j") as neo4j:
        print(f"Neo4j answered at {neo4j[0]} {time.perf_counter() - started:.1f}s after the launcher started")
        yield neo4j


# --- the server child: the app plus the minimal JSON endpoint ------------------------------------


def serve(data_dir: Path, port: int) -> None:
    import uvicorn

    from app.server import create_app

    # NEO4J_URI and NEO4J_PASSWORD, when the parent benchmarks Neo4j, come from the environment it set.
    app = create_app(Settings(data_dir=data_dir, extra_queries=BENCH_QUERIES, result_cap=10_000_000))

    @app.post("/bench/cypher")
    async def run_cypher(request: Request) -> dict[str, Any]:
        """Run named queries in order with their parameters; answer their rows as JSON. No GraphQL."""
        body = await request.json()
        graph = request.app.state.graph
        return {"results": [await graph.read(name, **params) for name, params in body["queries"]]}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


# --- recording the Cypher a GraphQL request runs -------------------------------------------------


class Recorder:
    """A graph that remembers every read it forwards, in order."""

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        self.calls.append((name, params))
        return await self._graph.read(name, **params)


async def record(graph: Graph, query: str, variables: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    recorder = Recorder(graph)
    context = {"graph": recorder, "loaders": Loaders(recorder), "request": None}  # type: ignore[arg-type]
    result = await schema.execute(query, variable_values=variables, context_value=context)
    if result.errors:
        raise RuntimeError(f"{query.split('(')[0]} {variables}: {result.errors}")
    return recorder.calls


# --- sampling arguments -----------------------------------------------------------------------------


@dataclass
class Sample:
    """The co-author graph as integers: researcher i is people[i], its co-authors adjacency[i]."""

    people: list[str]
    adjacency: list[list[int]]

    def distance(self, a: int, b: int, most: int) -> int | None:
        """Hops between a and b when at most `most`, else None: breadth-first from both ends, the smaller frontier
        first, so a hub's millions of third neighbours are never listed."""
        if a == b:
            return 0
        dist = ({a: 0}, {b: 0})
        frontier = ([a], [b])
        depth = [0, 0]
        while frontier[0] and frontier[1] and depth[0] + depth[1] < most:
            side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
            mine, other = dist[side], dist[1 - side]
            best, grown = None, []
            for n in frontier[side]:
                for m in self.adjacency[n]:
                    if m in other:
                        hops = depth[side] + 1 + other[m]
                        best = hops if best is None or hops < best else best
                    if m not in mine:
                        mine[m] = depth[side] + 1
                        grown.append(m)
            if best is not None:
                return best if best <= most else None
            frontier = (grown, frontier[1]) if side == 0 else (frontier[0], grown)
            depth[side] += 1
        return None

    def pair_at(self, rng: random.Random, low: int = 3, high: int = 6) -> tuple[str, str]:
        """A random connected pair whose distance is drawn uniformly from low..high: a random walk of that many
        steps, kept when the walk's end is exactly that far from its start."""
        while True:
            want = rng.randint(low, high)
            node = source = rng.randrange(len(self.people))
            seen = {source}
            for _ in range(want):
                steps = [m for m in self.adjacency[node] if m not in seen]
                if not steps:
                    break
                node = rng.choice(steps)
                seen.add(node)
            else:
                if self.distance(source, node, want) == want:
                    return self.people[source], self.people[node]


async def sample(graph: Graph) -> Sample:
    """Every researcher with co-authors and every pair, read as whole-graph scans (the read time limit is for
    requests, and the conference graph has 4.1M pairs)."""
    people = sorted(r["id"] for r in await graph.scan("bench/list_researchers"))
    index = {p: i for i, p in enumerate(people)}
    adjacency: list[list[int]] = [[] for _ in people]
    for r in await graph.scan("bench/list_collaborations"):
        a, b = index[r["a"]], index[r["b"]]
        adjacency[a].append(b)
        adjacency[b].append(a)
    return Sample(people, adjacency)


@dataclass(frozen=True)
class Kind:
    name: str
    query: str
    variables: Callable[[random.Random, Sample], dict[str, Any]]


def kinds() -> list[Kind]:
    def one(rng: random.Random, s: Sample) -> dict[str, Any]:
        return {"id": rng.choice(s.people)}

    def everything(depth: int) -> Callable[[random.Random, Sample], dict[str, Any]]:
        return lambda rng, s: one(rng, s) | {"depth": depth, "kinds": ALL_KINDS}

    def pair(k: int) -> Callable[[random.Random, Sample], dict[str, Any]]:
        def variables(rng: random.Random, s: Sample) -> dict[str, Any]:
            a, b = s.pair_at(rng)
            return {"from": a, "to": b, "k": k}

        return variables

    return [
        Kind("neighbourhood depth 1", NEIGHBOURHOOD, lambda rng, s: one(rng, s) | {"depth": 1}),
        Kind("neighbourhood depth 2", NEIGHBOURHOOD, lambda rng, s: one(rng, s) | {"depth": 2}),
        Kind("neighbourhood d1 all kinds", NEIGHBOURHOOD, everything(1)),
        Kind("neighbourhood d2 all kinds", NEIGHBOURHOOD, everything(2)),
        Kind("collaborationPaths k=1", PATHS, pair(1)),
        Kind("collaborationPaths k=5", PATHS, pair(5)),
        Kind("closeCollaborators", COLLABORATORS % "closeCollaborators", one),
        Kind("suggestedCollaborators", COLLABORATORS % "suggestedCollaborators", one),
    ]


# --- timing -------------------------------------------------------------------------------------


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


async def measure(graph: Graph, base: str, kind: Kind, s: Sample, n: int, rng: random.Random) -> dict[str, list[float]]:
    """Time each request the three ways. The order of the ways rotates from one request to the next: whichever
    runs first after the recording meets a server that sat idle meanwhile and pays a millisecond or more for it,
    which a fixed order would charge to one way only."""
    times: dict[str, list[float]] = {"graphql": [], "json": [], "direct": []}
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:

        # Each way answers what to check once the clock has stopped.
        async def graphql(variables: dict[str, Any], calls: list[tuple[str, dict[str, Any]]]) -> httpx.Response | None:
            return await http.post("/graphql", json={"query": kind.query, "variables": variables})

        async def json_endpoint(
            variables: dict[str, Any], calls: list[tuple[str, dict[str, Any]]]
        ) -> httpx.Response | None:
            return await http.post("/bench/cypher", json={"queries": calls})

        async def direct(variables: dict[str, Any], calls: list[tuple[str, dict[str, Any]]]) -> httpx.Response | None:
            for name, params in calls:
                await graph.read(name, **params)
            return None

        ways = [("graphql", graphql), ("json", json_endpoint), ("direct", direct)]
        for i in range(n + WARMUP):
            variables = kind.variables(rng, s)
            calls = await record(graph, kind.query, variables)
            for name, way in ways[i % 3 :] + ways[: i % 3]:
                start = time.perf_counter()
                response = await way(variables, calls)
                elapsed = ms_since(start)
                if response is not None:
                    response.raise_for_status()
                    if name == "graphql" and response.json().get("errors"):
                        raise RuntimeError(f"{kind.name} {variables}: {response.json()['errors']}")
                if i >= WARMUP:
                    times[name].append(elapsed)
    return times


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(results: dict[str, dict[str, list[float]]], n: int) -> bool:
    print(f"\n{n} random requests per query, sequential; milliseconds")
    print(f"{'query':<26}{'GraphQL p50':>12}{'p95':>8}{'JSON p50':>10}{'p95':>8}"
          f"{'Cypher p50':>12}{'p95':>8}{'GQL/JSON':>10}")
    ok = True
    for name, t in results.items():
        g50, g95 = percentile(t["graphql"], 50), percentile(t["graphql"], 95)
        j50, j95 = percentile(t["json"], 50), percentile(t["json"], 95)
        d50, d95 = percentile(t["direct"], 50), percentile(t["direct"], 95)
        ratio = g50 / j50
        target = P95_ALL_KINDS_MS if "all kinds" in name else P95_TARGET_MS
        flags = ("" if g95 < target else " p95!") + ("" if ratio <= RATIO_TARGET else " ratio!")
        ok = ok and not flags
        print(f"{name:<26}{g50:>12.1f}{g95:>8.1f}{j50:>10.1f}{j95:>8.1f}{d50:>12.1f}{d95:>8.1f}{ratio:>10.2f}{flags}")
    print(f"targets: GraphQL p95 < {P95_TARGET_MS:.0f} ms ({P95_ALL_KINDS_MS:.0f} ms with all kinds), "
          f"GraphQL/JSON at p50 <= {RATIO_TARGET}: {'met' if ok else 'NOT met'}")
    return ok


# --- the run ------------------------------------------------------------------------------------


def load(bib: Path, data_dir: Path, neo4j: tuple[str, str] | None) -> None:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app.cli", "load", "bibtex", str(bib), "-q"], env=engine_env(data_dir, neo4j), check=True
    )
    print(f"loaded {bib.name} in {time.perf_counter() - start:.1f}s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def bench(
    graph: Graph, data_dir: Path, n: int, seed: int, only: list[str] | None = None, neo4j: tuple[str, str] | None = None
) -> bool:
    port = free_port()
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.api", "--serve", str(port), "--data-dir", str(data_dir),
        env=engine_env(data_dir, neo4j),
    )
    try:
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base) as http:
            health = await wait_for_health(http, 30)
        print(f"{health['version']}: {health['nodes']} {health['relationships']}")
        s = await sample(graph)
        # The sample holds the whole co-author graph: left to the collector, its full passes over it would
        # stall whichever way a request was being timed in by tens of milliseconds.
        gc.freeze()
        print(f"sampling from {len(s.people):,} researchers with co-authors")
        rng = random.Random(seed)
        results = {}
        for kind in kinds():
            if only and not any(o in kind.name for o in only):
                continue
            results[kind.name] = await measure(graph, base, kind, s, n, rng)
            print(f"  {kind.name}: done", flush=True)
        return report(results, n)
    finally:
        child.terminate()
        await asyncio.wait_for(child.wait(), timeout=30)


async def wait_for_health(http: httpx.AsyncClient, seconds: float) -> dict[str, Any]:
    """/health's answer once the app serves it; RuntimeError after `seconds`."""
    for _ in range(int(seconds * 10)):
        try:
            return dict((await http.get("/health")).json())
        except httpx.TransportError:
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the app did not come up in {seconds:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__.split("\n\n")[0])
    parser.add_argument("--bib", type=Path,
                        help="BibTeX file to load (e.g. ../shared/data/bibtex/dblp-cv-ml-2015.bib.gz)")
    parser.add_argument("--data-dir", type=Path, help="data directory; reused when its graph already holds researchers")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per query (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", choices=("falkordb", "neo4j"), default="falkordb",
                        help="the embedded engine (default) or Neo4j 5.26 started through tools/neo4j-local")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="time only the queries whose name contains NAME "
                        "(repeatable; the draws differ from a full run)")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)  # the server child
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.data_dir, args.serve)
        return 0
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="collab-bench-"))

    async def run(neo4j: tuple[str, str] | None) -> bool:
        # Opened first and held to the end: the loader and the server child join this engine, so it is never
        # restarted on a large append-only file, whose replay outlasts the engine's start-up probe.
        graph = await open_graph(settings_for(data_dir, neo4j))
        try:
            if (await graph.counts())["nodes"].get("Researcher", 0) == 0:
                if args.bib is None:
                    parser.error(f"{data_dir} holds no graph: give --bib to load one")
                await asyncio.to_thread(load, args.bib, data_dir, neo4j)
            return await bench(graph, data_dir, args.requests, args.seed, args.only, neo4j)
        finally:
            await graph.close()

    with engine(args.engine, data_dir) as neo4j:
        return 0 if asyncio.run(run(neo4j)) else 1


if __name__ == "__main__":
    sys.exit(main())
