"""`collab load`: files -> records (a reader thread) -> batches -> one atomic write per batch.

Every file's format is checked before anything is written. Each batch is one statement, so an
interrupted load leaves whole batches only, and loading again completes it: writes merge on keys and
only authorships new to the graph move the counters.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from app.graph import Graph, PreparedWrite
from loaders.keys import PaperKeys, PersonKeys, paper_keys, person_keys
from loaders.plan import Counts, Matches, Planner, lookup_params, lookup_value
from loaders.progress import Progress
from loaders.records import Person, Record, Reject, Work
from loaders.seen import Seen
from loaders.sources import infer, open_records

log = logging.getLogger(__name__)

DEFAULT_BATCH = 2_000
_DONE = object()


@dataclass(slots=True)
class Summary(Counts):
    files: int = 0
    read: int = 0
    rejected: int = 0
    batches: int = 0
    seconds: float = 0.0
    rejects_path: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        lines = [
            f"read {self.read:,} records from {self.files} file(s) in {self.seconds:.1f}s ({rate:,.0f} records/s)",
            f"written: {self.papers_new:,} new papers, {self.authorships_new:,} new authorships, "
            f"{self.persons:,} profile owners",
            f"merged: {self.papers_merged:,} records matched a paper already in the graph",
            f"rejected: {self.rejected:,}" + (f" (see {self.rejects_path})" if self.rejects_path else ""),
        ]
        return "\n".join(lines)


@dataclass(slots=True)
class Batch:
    source: str
    works: list[Work] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    read: int = 0  # records read up to the end of this batch, in this file
    keys: list[PaperKeys] = field(default_factory=list)  # of the works, computed once for lookup and plan
    wanted: dict[str, list[Any]] = field(default_factory=dict)  # its keys not resolved from memory


class Rejects:
    """The rejects report: one JSON line per malformed record, created on the first one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._file: IO[str] | None = None

    def add(self, file: Path, reject: Reject) -> None:
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")
        _, _, position = reject.where.rpartition(":")
        entry: dict[str, Any] = {"file": str(file), "where": reject.where, "reason": reject.reason}
        if position.isdigit():
            entry["line"] = int(position)
        else:
            entry["position"] = position  # "@byte" or "results[3]"
        self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def plan_sources(source: str | None, paths: list[Path]) -> list[tuple[Path, str, Iterator[Record]]]:
    """Each file with its source and records; raises on the first bad file, before anything is written."""
    planned = []
    for path in paths:
        name = source or infer(path)
        planned.append((path, name, open_records(name, path)))
    return planned


def _read(
    planned: list[tuple[Path, str, Iterator[Record]]], batch_size: int, out: queue.Queue[Any],
    rejects: Rejects, progress: Progress, stop: threading.Event,
) -> None:
    """The reader thread: parses while the main thread writes, handing over whole batches."""
    try:
        total = 0
        for number, (path, source, records) in enumerate(planned, 1):
            progress.start_file(path, number, len(planned))
            batch = Batch(source)
            for record in records:
                if stop.is_set():
                    return
                total += 1
                if isinstance(record, Work):
                    batch.works.append(record)
                elif isinstance(record, Person):
                    batch.persons.append(record)
                else:
                    rejects.add(path, record)
                if len(batch.works) + len(batch.persons) >= batch_size:
                    batch.read = total
                    out.put(batch)
                    batch = Batch(source)
                progress.update(total)
            batch.read = total
            out.put(batch)
        out.put(_DONE)
    except BaseException as e:  # handed to the writer, which re-raises it in the main thread
        out.put(e)


async def _matches(graph: Graph, batch: Batch, previous: Planner | None, seen: Seen) -> Matches:
    m = Matches()
    batch.keys = [paper_keys(w) for w in batch.works]
    unknown: list[PersonKeys] = []
    for keys in [person_keys(a) for w in batch.works for a in w.authors] + [person_keys(p.author) for p in batch.persons]:
        rid = seen.person(keys)
        if rid is None:
            unknown.append(keys)
        else:
            m.add_person(keys, rid)
    batch.wanted = lookup_params(batch.keys, unknown)
    asked = {name: [v for v in values if seen.may_exist(lookup_value(v))] for name, values in batch.wanted.items()}
    if any(asked.values()):
        for row in await graph.read("load/list_matches", **asked):
            m.ids.setdefault((row["kind"], row["prop"], row["value"]), []).append(row["id"])
            if row["kind"] == "researcher":
                m.add_person_ids(row["id"], row["ids"] or ())
            else:
                m.paper_years[row["id"]] = row["year"]
                m.add_paper_ids(row["id"], row["ids"] or ())
    if m.paper_years:
        for row in await graph.read("load/list_authorships", papers=sorted(m.paper_years)):
            if row["researcher"] is not None:
                m.authors[row["paper"]].add(row["researcher"])
                m.person_ids.setdefault(row["researcher"], ())  # in the graph, so its pairs may exist
    if previous is not None:
        previous.carry_into(m, asked)
    return m


def plan_batch(matches: Matches, batch: Batch) -> Planner:
    """Settle identities against what the graph and the previous batch hold."""
    planner = Planner(matches, batch.source)
    for person in batch.persons:
        planner.add_person(person)
    for work, keys in zip(batch.works, batch.keys, strict=True):
        planner.add_work(work, keys)
    return planner


def remember(seen: Seen, batch: Batch, planner: Planner) -> None:
    """After planning: every key of the batch is on a node its write creates or merges."""
    seen.wrote(lookup_value(v) for values in batch.wanted.values() for v in values)
    for key, rid in planner.strong_aliases():
        seen.people.put(key, rid)


async def _link_citations(graph: Graph) -> None:
    """CITES between loaded papers: references point at OpenAlex ids that may have arrived in any load."""
    citing = [r["id"] for r in await graph.read("load/list_citing_papers")]
    for start in range(0, len(citing), DEFAULT_BATCH):
        await graph.write("load/merge_citations", [{"p": p} for p in citing[start : start + DEFAULT_BATCH]])


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while loading.

    A load allocates millions of short-lived rows, and at the default pace (a collection every 700
    allocations, the older generations rescanned as the caches grow) the collector took about 40% of
    the loader's CPU. Rows still die by reference counting; only cycles wait longer.
    """
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1_000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


async def load(
    graph: Graph, source: str | None, paths: list[Path], rejects_path: Path,
    batch_size: int = DEFAULT_BATCH, progress: Progress | None = None,
) -> Summary:
    """Load `paths` into `graph`; bad files raise before any write, bad records go to the rejects report."""
    with _rare_collections():
        return await _load(graph, source, paths, rejects_path, batch_size, progress)


async def _load(
    graph: Graph, source: str | None, paths: list[Path], rejects_path: Path, batch_size: int, progress: Progress | None,
) -> Summary:
    progress = progress or Progress(enabled=False)
    planned = plan_sources(source, paths)
    summary = Summary(files=len(planned), sources={str(p): s for p, s, _ in planned})
    rejects = Rejects(rejects_path)
    batches: queue.Queue[Any] = queue.Queue(maxsize=4)  # bounded: the reader never runs far ahead
    stop = threading.Event()
    reader = threading.Thread(
        target=_read, args=(planned, batch_size, batches, rejects, progress, stop), daemon=True
    )
    started = time.monotonic()
    reader.start()
    [empty] = await graph.read("load/count_nodes")
    seen = Seen(fresh=empty["papers"] == 0 and empty["researchers"] == 0)
    cites = False
    # The engine writes batch N while this process plans batch N+1 and encodes its write. N+1 is looked
    # up before N's write is sent (a write holds the graph's lock, so a later read would wait for it),
    # and what N will write is carried over into N+1's matches.
    writing: asyncio.Task[dict[str, int]] | None = None
    pending: tuple[Planner, PreparedWrite] | None = None  # planned and encoded, not yet sent
    try:
        while (item := await asyncio.to_thread(batches.get)) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            matches = await _matches(graph, item, pending[0] if pending else None, seen)
            if pending is not None:
                writing = asyncio.create_task(graph.write_prepared(pending[1]))
                await asyncio.sleep(0)  # let it reach the engine before planning holds this thread
            planner = plan_batch(matches, item)
            remember(seen, item, planner)
            prepared = graph.prepare("load/merge_batch", [], **planner.params())
            if writing is not None:
                await writing
                writing = None
            summary.add(planner.counts)
            summary.read = item.read
            summary.batches += 1
            cites = cites or any(p["references"] for p in planner.papers.values())
            pending = (planner, prepared)
        if pending is not None:
            await graph.write_prepared(pending[1])
        if cites:
            await _link_citations(graph)
    finally:
        if writing is not None:  # interrupted: the engine applies that statement whole or not at all
            writing.cancel()
        stop.set()
        while reader.is_alive():  # unblock a reader waiting on a full queue, then let it end
            try:
                batches.get_nowait()
            except queue.Empty:
                await asyncio.sleep(0.01)
        rejects.close()
        progress.finish()
    summary.rejected = rejects.count
    summary.seconds = time.monotonic() - started
    summary.rejects_path = rejects.path if rejects.count else None
    return summary
