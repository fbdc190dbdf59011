"""Soak: many concurrent clients of mixed requests against the app as it is served, for a while.

    python -m bench.soak [--clients 50] [--seconds 60] [--data-dir DIR] [--bib FILE]

Loads the CV/ML BibTeX file (../shared/data/bibtex/dblp-cv-ml-2015.bib.gz) with `collab load bibtex` when the
data directory holds no graph, serves it with `collab serve` (uvicorn, the embedded engine) in a child
process, warms it up with one round of every kind of request, then runs N clients, each sending its next
request as soon as the last is answered, for T seconds: name search, a researcher's profile data (and its
second page of papers), neighbourhoods, collaboration paths, close, suggested and common collaborators, and
the server-rendered profile page. Prints throughput, p50/p95/p99 per kind and overall, every error (a
transport error such as a client-side read error or timeout, a 5xx or other non-200 status, a GraphQL
error, an ERROR line in the server's log) and the resident memory of the app and of the engine at start,
after the warm-up and at the end. Targets: zero errors; the app and the engine end within 10% (or 16 MB)
of their size after the warm-up. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from app import embedded
from app.api import cursors
from app.graph import Graph, open_graph
from bench.api import Sample, engine_env, free_port, load, percentile, sample, settings_for, wait_for_health

REPO = Path(__file__).resolve().parents[1]
CV_ML = REPO.parent / "shared" / "data" / "bibtex" / "dblp-cv-ml-2015.bib.gz"
GROWTH_SHARE, GROWTH_FLOOR_MB = 0.10, 16.0

SEARCH = """query ($q: String!) {
  searchResearchers(query: $q, first: 10) { totalCount edges { node { id name worksCount } } }
}"""
RESEARCHER = """query ($id: ID!, $after: String) {
  researcher(id: $id) {
    id name worksCount firstYear lastYear coauthorCount
    topics { topic { name } count } institutions { name }
    papers(first: 10, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id title year venue authors { id name } } }
    }
  }
}"""
NEIGHBOURHOOD = """query ($id: ID!, $depth: Int, $kinds: [NodeKind!]) {
  neighbourhood(id: $id, depth: $depth, limit: 100, kinds: $kinds) {
    nodes { id kind label weight } edges { source target kind weight } truncated
  }
}"""
PATHS = """query ($from: ID!, $to: ID!, $k: Int) {
  collaborationPaths(from: $from, to: $to, k: $k, maxHops: 6) {
    length researchers { id name } hops { jointPapers papers { id title year } }
  }
}"""
COLLABORATORS = """query ($id: ID!) {
  %s(id: $id, first: 10) {
    researcher { id name } jointPapers score reasons { recency topicOverlap commonCollaborators }
  }
}"""
COMMON = "query ($a: ID!, $b: ID!) { commonCollaborators(a: $a, b: $b, first: 10) { id name } }"
KINDS_CHOICES = [None, ["RESEARCHER", "PAPER"], ["RESEARCHER", "PAPER", "TOPIC", "INSTITUTION"]]

# A request: (method, path, GraphQL body or None)
Request = tuple[str, str, dict[str, Any] | None]


def _gql(query: str, **variables: Any) -> Request:
    return "POST", "/graphql", {"query": query, "variables": variables}


def _search_term(rng: random.Random, s: Sample) -> str:
    """A word of a random researcher's name, as people type them."""
    words = [w for w in re.findall(r"[^\W\d_]+", rng.choice(s.people).partition(":")[2]) if len(w) >= 3]
    return rng.choice(words) if words else "wang"


def _coauthors(rng: random.Random, s: Sample) -> tuple[str, str]:
    a = rng.randrange(len(s.people))
    return s.people[a], s.people[rng.choice(s.adjacency[a])] if s.adjacency[a] else s.people[a]


KINDS: dict[str, Callable[[random.Random, Sample], Request]] = {
    "search": lambda rng, s: _gql(SEARCH, q=_search_term(rng, s)),
    "researcher": lambda rng, s: _gql(RESEARCHER, id=rng.choice(s.people)),
    "researcher page 2": lambda rng, s: _gql(RESEARCHER, id=rng.choice(s.people), after=cursors.encode(9)),
    "neighbourhood": lambda rng, s: _gql(NEIGHBOURHOOD, id=rng.choice(s.people), depth=rng.choice((1, 1, 2)),
                                         kinds=rng.choice(KINDS_CHOICES)),
    "paths": lambda rng, s: _gql(PATHS, **dict(zip(("from", "to"), s.pair_at(rng, 2, 5), strict=True)),
                                 k=rng.choice((1, 1, 3))),
    "close collaborators": lambda rng, s: _gql(COLLABORATORS % "closeCollaborators", id=rng.choice(s.people)),
    "suggested collaborators": lambda rng, s: _gql(COLLABORATORS % "suggestedCollaborators", id=rng.choice(s.people)),
    "common collaborators": lambda rng, s: _gql(COMMON, **dict(zip(("a", "b"), _coauthors(rng, s), strict=True))),
    "profile page": lambda rng, s: ("GET", "/researchers/" + rng.choice(s.people), None),
}


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # kind -> ms
    errors: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # error -> one request that had it

    def error(self, what: str, kind: str, request: Request) -> None:
        self.errors[what] += 1
        self.examples.setdefault(what, f"{kind}: {json.dumps(request[2]['variables']) if request[2] else request[1]}")


async def send(http: httpx.AsyncClient, kind: str, request: Request, tally: Tally) -> None:
    method, path, body = request
    started = time.perf_counter()
    try:
        response = await http.request(method, path, json=body)
    except httpx.HTTPError as e:  # read errors, timeouts, refused or dropped connections
        tally.error(f"transport: {type(e).__name__}", kind, request)
        return
    tally.latencies[kind].append((time.perf_counter() - started) * 1000)
    if response.status_code != 200:
        tally.error(f"HTTP {response.status_code}", kind, request)
    elif body is not None:
        for e in response.json().get("errors") or []:
            tally.error(f"GraphQL {(e.get('extensions') or {}).get('code')}", kind, request)


async def client(http: httpx.AsyncClient, s: Sample, rng: random.Random, until: float, tally: Tally) -> None:
    while time.monotonic() < until:
        kind = rng.choice(list(KINDS))
        await send(http, kind, KINDS[kind](rng, s), tally)


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:", 1)[1].split()[0]) / 1024


def server_errors(log: Path) -> list[str]:
    """The ERROR lines of the server's log: JSON lines at level error, or any other line naming ERROR."""
    found = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if isinstance(entry, dict):
            if str(entry.get("level")).lower() in ("error", "critical"):
                found.append(line)
        elif re.search(r"\b(ERROR|CRITICAL)\b", line):
            found.append(line)
    return found


def grew(before: float, after: float) -> bool:
    return after - before > max(GROWTH_FLOOR_MB, GROWTH_SHARE * before)


def report(tally: Tally, seconds: float, clients: int, memory: dict[str, list[float]], log_errors: list[str]) -> bool:
    every = [ms for values in tally.latencies.values() for ms in values]
    total = len(every) + sum(v for k, v in tally.errors.items() if k.startswith("transport"))
    print(f"\n{clients} clients for {seconds:.0f} s: {total:,} requests, {total / seconds:,.1f} requests/s")
    print(f"{'kind':<26}{'requests':>9}{'p50':>9}{'p95':>9}{'p99':>9}  (ms)")
    for kind, values in [*sorted(tally.latencies.items()), ("all", every)]:
        if len(values) >= 2:
            print(f"{kind:<26}{len(values):>9,}{percentile(values, 50):>9.1f}{percentile(values, 95):>9.1f}"
                  f"{percentile(values, 99):>9.1f}")
    errors = sum(tally.errors.values()) + len(log_errors)
    print(f"errors: {errors} (client side {sum(tally.errors.values())}, server log {len(log_errors)} ERROR lines)")
    for what, n in tally.errors.most_common():
        print(f"  {n:>6} {what}  e.g. {tally.examples[what][:160]}")
    for line in log_errors[:5]:
        print(f"  server: {line[:200]}")
    print(f"{'resident memory (MB)':<22}{'start':>9}{'warmed':>9}{'end':>9}{'growth':>9}")
    growth = False
    for name, (start, warmed, end) in memory.items():
        growth = growth or grew(warmed, end)
        print(f"{name:<22}{start:>9.0f}{warmed:>9.0f}{end:>9.0f}{end - warmed:>+9.0f}")
    print(f"targets: zero errors {'met' if errors == 0 else 'NOT met'}; no memory growth after the warm-up "
          f"(within {GROWTH_SHARE:.0%} or {GROWTH_FLOOR_MB:.0f} MB) {'NOT met' if growth else 'met'}")
    return errors == 0 and not growth


async def soak(graph: Graph, data_dir: Path, clients: int, seconds: float, seed: int) -> bool:
    port = free_port()
    log = data_dir / "soak-server.log"
    env = engine_env(data_dir, None) | {"COLLAB_PORT": str(port), "COLLAB_LOG_FORMAT": "json"}
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve"], env=env, stderr=out, stdout=out)
    try:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30, limits=limits) as http:
            try:
                health = await wait_for_health(http, 60)
            except RuntimeError as e:
                raise RuntimeError(f"{e}; see {log}") from None
            print(f"{health['version']}: {health['nodes']}")
            state = embedded.read_state(data_dir)
            assert state is not None, "the app runs the embedded engine"
            pids = {"app": server.pid, "engine": state.pid}
            memory = {name: [rss_mb(pid)] for name, pid in pids.items()}
            s = await sample(graph)
            rng = random.Random(seed)
            warm = Tally()
            for kind, make in KINDS.items():  # the warm-up: every kind a few times, one client
                for _ in range(5):
                    await send(http, kind, make(rng, s), warm)
            for name, pid in pids.items():
                memory[name].append(rss_mb(pid))
            tally = Tally()
            started = time.monotonic()
            await asyncio.gather(*(client(http, s, random.Random(seed + i), started + seconds, tally)
                                   for i in range(clients)))
            elapsed = time.monotonic() - started
            for name, pid in pids.items():
                memory[name].append(rss_mb(pid))
        if warm.errors:
            print(f"warm-up errors (not counted): {dict(warm.errors)}")
        return report(tally, elapsed, clients, memory, server_errors(log))
    finally:
        server.terminate()
        server.wait(timeout=60)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="how long they run (default 60)")
    parser.add_argument("--data-dir", type=Path, help="data directory; reused when its graph holds researchers")
    parser.add_argument("--bib", type=Path, default=CV_ML,
                        help="BibTeX file loaded into an empty graph (the CV/ML file)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="collab-soak-"))

    async def run() -> bool:
        # Held open to the end, so the loader and the server join this engine rather than restart it.
        graph = await open_graph(settings_for(data_dir))
        try:
            if (await graph.counts())["nodes"].get("Researcher", 0) == 0:
                if not args.bib.exists():
                    parser.error(f"{data_dir} holds no graph and {args.bib} is not there to load")
                await asyncio.to_thread(load, args.bib, data_dir, None)
            return await soak(graph, data_dir, args.clients, args.seconds, args.seed)
        finally:
            await graph.close()

    return 0 if asyncio.run(run()) else 1


if __name__ == "__main__":
    sys.exit(main())
