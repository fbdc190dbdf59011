"""Load benchmark: `collab load bibtex` into a fresh engine, against a minimal UNWIND baseline.

    python -m bench.load                          # CV/ML file, then 100k, 400k and all 1.6M conference records
    python -m bench.load --sizes 100000 --no-baseline
    python -m bench.load --engine neo4j --sizes cv-ml   # on Neo4j 5.26, started through tools/neo4j-local

For each size: wall time, records/s, authorships/s and the loader process's peak RSS; then the same
researchers, papers, authorships and co-author pairs, with the same properties and into the same schema,
written by plain `UNWIND ... CREATE` statements through the falkordb client (rows prepared before the clock
starts, the schema created on it as the loader creates it; through the Neo4j driver with --engine neo4j, each
side on a Neo4j server of its own), and the ratio of the two rates. Each side's node and edge counts are
printed beside its figures; tests/test_bench_load.py checks that the two write identical graphs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations, islice
from pathlib import Path
from typing import Any

from falkordb.asyncio import FalkorDB
from falkordb.asyncio.graph import AsyncGraph

from app import embedded
from app.graph import open_graph
from app.settings import Settings
from loaders import bibtex
from loaders.files import open_text
from loaders.front_matter import FRONT_MATTER, is_front_matter
from loaders.keys import PaperKeys, PersonKeys, paper_keys, person_keys, search_text
from loaders.options import LoadOptions
from loaders.records import Author, Work
from tests.neo4j_server import local_server  # the suite's way of starting tools/neo4j-local

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "bibtex"
CV_ML = DATA / "dblp-cv-ml-2015.bib.gz"
CONFERENCES = DATA / "dblp-conferences-2015.bib.xz"
LIMITS = embedded.Limits(60_000, 600_000, 1_000_000)
BATCH = 2_000


# What each side wrote, counted in its graph afterwards: both must write the same nodes and edges.
COUNTS = {
    "researchers": "MATCH (n:Researcher) RETURN count(n)",
    "papers": "MATCH (n:Paper) RETURN count(n)",
    "authorships": "MATCH ()-[e:AUTHORED]->() RETURN count(e)",
    "pairs": "MATCH ()-[e:COLLABORATES_WITH]->() RETURN count(e)",
}


@dataclass
class Run:
    name: str
    records: int
    written: dict[str, int]
    seconds: float
    peak_rss_mb: float | None = None
    check: str = ""  # what `collab db check` said of the loader's graph, run after the engine was restarted

    @property
    def rate(self) -> float:
        return self.records / self.seconds

    @property
    def authorships(self) -> int:
        return self.written["authorships"]


def count_written(endpoint: embedded.Endpoint, graph: str) -> dict[str, int]:
    with contextlib.closing(endpoint.client(timeout=600)) as client:
        return {name: int(client.execute_command("GRAPH.RO_QUERY", graph, q)[1][0][0]) for name, q in COUNTS.items()}


def first_records(source: Path, count: int, out: Path) -> Path:
    """The first `count` entries of a BibTeX file, uncompressed, cut at entry boundaries."""
    seen = 0
    with open_text(source) as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if line.startswith("@"):
                seen += 1
                if seen > count:
                    break
            dst.write(line)
    return out


def _watch_peak_rss(proc: subprocess.Popen[str]) -> int:
    """The process's peak resident set (VmHWM, kB), read every 0.2 s until it exits.

    Not `wait4`'s ru_maxrss: Linux carries the parent's peak across fork and exec into the child's,
    so a benchmark process that had grown (the baseline keeps its rows in memory) made the loader
    look as large as itself.
    """
    peak = 0
    while proc.poll() is None:
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
        except OSError:  # exited between poll and read
            break
        if "VmHWM:" not in status:  # exited, not yet reaped: a zombie has no memory left to report
            break
        peak = max(peak, int(status.split("VmHWM:", 1)[1].split()[0]))
        time.sleep(0.2)
    return peak


def loader_process(path: Path, env: dict[str, str]) -> tuple[int, float, float]:
    """`collab load` in its own process, so its RSS is its own: records read, seconds, peak RSS in MB."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "load", "bibtex", str(path), "-q"],
        env=env | {"COLLAB_WRITE_TIMEOUT_MS": "600000"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    peak_kb = _watch_peak_rss(proc)
    seconds = time.monotonic() - started
    out, err = proc.communicate()  # also reaps it: the watch may stop at a zombie, whose returncode is None
    if proc.returncode != 0:
        raise SystemExit(f"loader failed (exit {proc.returncode}): {err}")
    return int(out.split("read ", 1)[1].split(" records", 1)[0].replace(",", "")), seconds, peak_kb / 1024


def run_loader(path: Path, data_dir: Path) -> Run:
    """The loader on an embedded engine this process started."""
    endpoint = embedded.ensure_running(data_dir, LIMITS)
    holder = endpoint.client()
    holder.client_setname("collab-bench")  # keeps the engine up after the loader leaves
    env = os.environ | {"COLLAB_DATA_DIR": str(data_dir)}
    env.pop("NEO4J_URI", None)
    try:
        records, seconds, peak_mb = loader_process(path, env)
        written = count_written(endpoint, "collab")
    finally:  # a failed load must not leave its engine running
        holder.close()
        embedded.release(data_dir, endpoint)
    return Run("collab load", records, written, seconds, peak_mb, db_check(env))  # the engine restarts from its files


def db_check(env: dict[str, str]) -> str:
    """`collab db check` in a process of its own: its one-line verdict (or its last line when something is wrong)."""
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "db", "check"], env=env | {"COLLAB_WRITE_TIMEOUT_MS": "3600000"},
        capture_output=True, text=True,
    )
    lines = (done.stdout if done.returncode == 0 else done.stderr).strip().splitlines()  # stderr may hold warnings
    return f"db check exit {done.returncode}: {lines[-1] if lines else 'no output'}"


def run_loader_neo4j(path: Path, data_dir: Path, neo4j: tuple[str, str]) -> Run:
    """The loader on a Neo4j server of its own (the password through the environment, never argv)."""
    env = os.environ | {"COLLAB_DATA_DIR": str(data_dir), "NEO4J_URI": neo4j[0], "NEO4J_PASSWORD": neo4j[1]}
    records, seconds, peak_mb = loader_process(path, env)
    return Run("collab load", records, asyncio.run(count_written_neo4j(neo4j)), seconds, peak_mb, db_check(env))


async def count_written_neo4j(neo4j: tuple[str, str]) -> dict[str, int]:
    from neo4j import AsyncGraphDatabase

    async with AsyncGraphDatabase.driver(neo4j[0], auth=("neo4j", neo4j[1])) as driver:
        return {
            name: (await driver.execute_query(q, database_="neo4j")).records[0][0] for name, q in COUNTS.items()
        }


def baseline_rows(path: Path) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """The nodes and edges the loader writes for a file into an empty graph, with the same properties, built in
    memory untimed. Keys and derived fields come from the loader's own key functions, so both sides write the
    same ids; a record whose paper key was seen before is skipped (the loader merges it into that node)."""
    papers: dict[str, dict[str, Any]] = {}
    people: dict[str, dict[str, Any]] = {}
    authored: list[dict[str, Any]] = []
    pairs: dict[tuple[str, str], list[int]] = {}
    records = 0
    for record in bibtex.parse(path):
        records += 1
        if not isinstance(record, Work):
            continue
        keys = paper_keys(record)
        if keys.id in papers:
            continue
        papers[keys.id] = _paper_row(record, keys)
        ids: list[str] = []
        for position, author in enumerate(record.authors):
            person = person_keys(author)
            if person.id in ids:
                continue
            ids.append(person.id)
            row = people.get(person.id) or people.setdefault(person.id, _researcher_row(author, person))
            row["works_count"] += 1
            if record.year:
                row["first_year"] = min(record.year, row["first_year"] or record.year)
                row["last_year"] = max(record.year, row["last_year"] or record.year)
            authored.append({"r": person.id, "p": keys.id, "position": position})
        front = is_front_matter(record.title, record.kind)
        if front or len(ids) > LoadOptions().max_paired_authors:  # no pairs, as loaders/plan.py draws none
            papers[keys.id] |= {"unpaired": True, "kind": FRONT_MATTER if front else record.kind}
            continue
        for a, b in combinations(sorted(ids), 2):
            pair = pairs.setdefault((a, b), [0, 9999, 0])
            pair[0] += 1
            if record.year:
                pair[1], pair[2] = min(pair[1], record.year), max(pair[2], record.year)
    return records, {
        "researchers": list(people.values()),
        "papers": list(papers.values()),
        "authored": authored,
        "pairs": [{"a": a, "b": b, "papers": n, "first": f, "last": last} for (a, b), (n, f, last) in pairs.items()],
    }


def _paper_row(work: Work, keys: PaperKeys) -> dict[str, Any]:
    return {
        "id": keys.id, "title": work.title, "title_key": keys.title_key, "title_year": keys.title_year,
        "year": work.year, "date": work.date, "kind": work.kind, "venue": work.venue, "doi": work.doi,
        "arxiv_id": work.arxiv_id, "abstract": work.abstract, "has_code": work.has_code,
        "cited_by_count": work.cited_by_count, "ids": list(work.ids) or None, "unpaired": None,
    }


def _researcher_row(author: Author, keys: PersonKeys) -> dict[str, Any]:
    return {
        "id": keys.id, "name": author.name, "name_key": keys.name_key, "orcid": author.orcid,
        "ids": list(keys.strong_ids), "aliases": [], "search_text": search_text(author.name),
        "works_count": 0, "first_year": None, "last_year": None,
    }


BASELINE = {
    "researchers": "UNWIND $rows AS row CREATE (:Researcher {id: row.id, name: row.name, name_key: row.name_key, "
    "orcid: row.orcid, ids: row.ids, aliases: row.aliases, search_text: row.search_text, "
    "works_count: row.works_count, first_year: row.first_year, last_year: row.last_year})",
    "papers": "UNWIND $rows AS row CREATE (:Paper {id: row.id, title: row.title, title_key: row.title_key, "
    "title_year: row.title_year, year: row.year, date: row.date, kind: row.kind, venue: row.venue, doi: row.doi, "
    "arxiv_id: row.arxiv_id, abstract: row.abstract, has_code: row.has_code, cited_by_count: row.cited_by_count, "
    "ids: row.ids, unpaired: row.unpaired})",
    "authored": "UNWIND $rows AS row MATCH (r:Researcher {id: row.r}), (p:Paper {id: row.p}) "
    "CREATE (r)-[:AUTHORED {position: row.position, source: 'bibtex', loaded_at: $loaded_at}]->(p)",
    "pairs": "UNWIND $rows AS row MATCH (a:Researcher {id: row.a}), (b:Researcher {id: row.b}) "
    "CREATE (a)-[:COLLABORATES_WITH {papers: row.papers, first_year: row.first, last_year: row.last}]->(b)",
}


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while chunk := list(islice(it, BATCH)):
        yield chunk


async def write_baseline(graph: AsyncGraph, rows: dict[str, list[dict[str, Any]]]) -> None:
    """`baseline_rows` written by the BASELINE statements, 2,000 rows a statement, nodes before edges."""
    loaded_at = int(time.time() * 1000)  # as the loader stamps each authorship with its start
    for kind in ("researchers", "papers", "authored", "pairs"):
        for chunk in _chunks(rows[kind]):
            await graph.query(BASELINE[kind], {"rows": chunk, "loaded_at": loaded_at}, timeout=600_000)


async def run_baseline(path: Path, data_dir: Path) -> Run:
    records, rows = baseline_rows(path)
    endpoint = embedded.ensure_running(data_dir, LIMITS)
    db = FalkorDB(host=endpoint.host, port=endpoint.port, password=endpoint.password)
    graph = db.select_graph("baseline")
    # The project's schema (keys, unique constraints, lookup and full-text indexes), as the loader writes into;
    # created on the clock, as `collab load` creates it on an empty graph.
    started = time.monotonic()
    schema = await open_graph(Settings(neo4j_uri=None, data_dir=data_dir, graph_name="baseline"))
    await schema.apply_schema()
    await write_baseline(graph, rows)
    seconds = time.monotonic() - started
    written = count_written(endpoint, "baseline")
    await db.connection.aclose()
    await schema.close()  # the last collab connection: stops the engine
    return Run("UNWIND baseline", records, written, seconds)


async def run_baseline_neo4j(path: Path, data_dir: Path, neo4j: tuple[str, str]) -> Run:
    """The baseline's statements through the Neo4j driver, on a Neo4j server of its own with the project's schema."""
    from neo4j import AsyncGraphDatabase

    records, rows = baseline_rows(path)
    started = time.monotonic()  # the schema on the clock, as on the embedded engine
    schema = await open_graph(Settings(neo4j_uri=neo4j[0], neo4j_password=neo4j[1], data_dir=data_dir))
    await schema.apply_schema()
    await schema.close()
    async with AsyncGraphDatabase.driver(neo4j[0], auth=("neo4j", neo4j[1])) as driver:
        loaded_at = int(time.time() * 1000)
        for kind in ("researchers", "papers", "authored", "pairs"):
            for chunk in _chunks(rows[kind]):
                await driver.execute_query(BASELINE[kind], {"rows": chunk, "loaded_at": loaded_at}, database_="neo4j")
        seconds = time.monotonic() - started
    return Run("UNWIND baseline", records, await count_written_neo4j(neo4j), seconds)


def measure(path: Path, work: Path, engine: str, baseline: bool) -> tuple[Run, Run | None]:
    """Both sides for one file on `engine`; on Neo4j each gets a fresh server, started before its clock."""
    if engine == "falkordb":
        ours = run_loader(path, work / "engine")
        return ours, asyncio.run(run_baseline(path, work / "baseline")) if baseline else None
    with local_server(work / "neo4j-loader") as neo4j:
        ours = run_loader_neo4j(path, work / "loader", neo4j)
    if not baseline:
        return ours, None
    with local_server(work / "neo4j-baseline") as neo4j:
        return ours, asyncio.run(run_baseline_neo4j(path, work / "baseline", neo4j))


def report(label: str, ours: Run, base: Run | None) -> None:
    print(f"\n== {label}")
    for run in (ours, base):
        if run is None:
            continue
        rss = f"{run.peak_rss_mb:8.0f} MB" if run.peak_rss_mb else "        -"
        print(f"  {run.name:<16} {run.records:>10,} records {run.seconds:8.1f} s {run.rate:>9,.0f} records/s "
              f"{run.authorships / run.seconds:>9,.0f} authorships/s  peak RSS {rss}")
        print("  " + " " * 17 + "wrote " + ", ".join(f"{v:,} {k}" for k, v in run.written.items()))
        if run.check:
            print("  " + " " * 17 + run.check)
    if base and base.written != ours.written:
        print("  the two sides wrote different numbers of nodes or edges: the ratio compares unlike work")
    if base:
        print(f"  ratio (collab load / baseline, records/s): {ours.rate / base.rate:.2f}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="cv-ml,100000,400000,all", help="comma-separated: cv-ml, N, all")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--engine", choices=("falkordb", "neo4j"), default="falkordb",
                        help="the embedded engine (default) or Neo4j 5.26 started through tools/neo4j-local")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        with tempfile.TemporaryDirectory(prefix="collab-bench-") as tmp:
            work = Path(tmp)
            if size == "cv-ml":
                path, label = CV_ML, f"{CV_ML.name} (all records)"
            elif size == "all":
                path, label = CONFERENCES, f"{CONFERENCES.name} (all records)"
            else:
                path = first_records(CONFERENCES, int(size), work / f"first-{size}.bib")
                label = f"{CONFERENCES.name}, first {int(size):,} records"
            ours, base = measure(path, work, args.engine, not args.no_baseline)
            report(f"{label}, {args.engine}", ours, base)


if __name__ == "__main__":
    main()
