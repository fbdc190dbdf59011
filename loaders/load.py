"""`collab load`: files -> records (a reader thread) -> batches -> one atomic write per batch.

Every file's format is checked before anything is written. Each batch is one statement, so an
interrupted load leaves whole batches only, and loading again completes it: writes merge on keys and
only authorships new to the graph move the counters. One load at a time holds the graph (loaders/writer_lease.py).

Nothing on the load path deletes a node or an edge. The embedded engine (FalkorDB 4.16) logs every write's
effects and replays the log at start-up, and a replayed effect on an entity that the log deletes later
crashed it or corrupted the graph (upstream issues 2235 and 2201): the marks that earlier builds created
and deleted on every load left a graph that the next process could not read. A finished load also has the
engine rewrite its log as a snapshot (Graph.compact), so what is replayed is the graph, not its history.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from app.graph import Graph, GraphError, PreparedWrite
from app.metrics import note_batch
from loaders.keys import PaperKeys, PersonKeys, clear_caches, paper_keys, person_keys
from loaders.options import LoadOptions
from loaders.plan import Counts, Matches, Planner, lookup_params, lookup_value
from loaders.progress import Progress
from loaders.records import Cut, Note, Person, Record, Reject, Stopped, Work
from loaders.seen import Seen
from loaders.sources import infer, open_records
from loaders.writer_lease import WriterLease, take_lease

log = logging.getLogger(__name__)

DEFAULT_BATCH = 2_000
COLLECT_EVERY = 500  # batches between garbage collections during a load (see _collections_between_batches)
RECOUNT_CHUNK = 10_000  # researchers per recount statement at the end of a load
_DONE = object()


def _papers(n: int) -> str:
    return f"{n:,} paper" if n == 1 else f"{n:,} papers"


@dataclass(slots=True)
class Summary(Counts):
    files: int = 0
    read: int = 0
    rejected: int = 0
    cut: int = 0  # fields cut to their limits (loaders/limits.py); their records loaded
    batches: int = 0
    seconds: float = 0.0
    rejects_path: Path | None = None
    notes: list[str] = field(default_factory=list)  # what parsers and planner want said, in order
    stopped: list[str] = field(default_factory=list)  # "file:line: why" of each file that could not be read to its end

    def pairing_notes(self) -> list[str]:
        """What the planner left out of the co-authorship graph (see loaders/plan.py), said once per load."""
        notes = []
        if self.front_matter:
            notes.append(f"{_papers(self.front_matter)} taken for front matter (editorials, prefaces, proceedings "
                         "volumes...): shown on profiles, no co-authorship (--no-front-matter: load them as research)")
        if self.wide:
            notes.append(f"{_papers(self.wide)} with more authors than --max-paired-authors: authorships loaded, "
                         "no co-author pairs drawn")
        if self.crowded:
            notes.append(f"{self.crowded_authors:,} new authors of {_papers(self.crowded)} already paired in the "
                         "graph left out: they would take them past --max-paired-authors (load again with a higher "
                         "limit to add them with their pairs)")
        return notes

    def text(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        lines = [
            f"read {self.read:,} records from {self.files} file(s) in {self.seconds:.1f}s ({rate:,.0f} records/s)",
            f"written: {self.papers_new:,} new papers, {self.authorships_new:,} new authorships, "
            f"{self.persons:,} profile owners",
            f"merged: {self.papers_merged:,} records matched a paper already in the graph",
            f"rejected: {self.rejected:,}" + (f" (see {self.rejects_path})" if self.rejects_path else ""),
        ]
        if self.cut:
            lines.append(f"cut: {self.cut:,} overlong fields, their records loaded (see {self.rejects_path})")
        lines += [f"note: {note}" for note in (*self.notes, *self.pairing_notes())]
        lines += [f"stopped: {where}; the records before it were loaded" for where in self.stopped]
        return "\n".join(lines)


@dataclass(slots=True)
class Batch:
    source: str
    works: list[Work] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    read: int = 0  # records read up to the end of this batch, in this file
    keys: list[PaperKeys] = field(default_factory=list)  # of the works, computed once for lookup and plan
    people: list[PersonKeys] = field(default_factory=list)  # of the works' authors, then of the persons

    def seal(self, read: int) -> Batch:
        """Compute the batch's identity keys (pure work, done by the reader while the writer waits on the engine)."""
        self.read = read
        self.keys = [paper_keys(w) for w in self.works]
        self.people = [person_keys(a) for w in self.works for a in w.authors]
        self.people += [person_keys(p.author) for p in self.persons]
        return self


class Rejects:
    """The rejects report: one JSON line per malformed record, created on the first one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.cuts = 0
        self._file: IO[str] | None = None

    def add(self, file: Path, reject: Reject | Cut) -> None:
        """One line: a Reject's record was skipped, a Cut's loaded with the field shortened ("outcome" says which)."""
        if self._file is None:
            # Private (0700/0600): the report quotes the records it rejects.
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            self._file = open(fd, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the load, closed by close()
        _, _, position = reject.where.rpartition(":")
        outcome = "cut" if isinstance(reject, Cut) else "skipped"
        entry: dict[str, Any] = {"file": str(file), "where": reject.where, "reason": reject.reason, "outcome": outcome}
        if position.isdigit():
            entry["line"] = int(position)
        else:
            entry["position"] = position  # "@byte" or "results[3]"
        self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        if isinstance(reject, Cut):
            self.cuts += 1
        else:
            self.count += 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


async def _next(batches: queue.Queue[Any]) -> Batch | None:
    """The reader's next batch; None at the end; a reader's exception is raised here."""
    item = await asyncio.to_thread(batches.get)
    if isinstance(item, BaseException):
        raise item
    return None if item is _DONE else item


def plan_sources(
    source: str | None, paths: list[Path], options: LoadOptions | None = None
) -> list[tuple[Path, str, Iterator[Record]]]:
    """Each file with its source and records; raises on the first bad file, before anything is written."""
    planned = []
    for path in paths:
        name = source or infer(path)
        planned.append((path, name, open_records(name, path, options)))
    return planned


def _read(
    planned: list[tuple[Path, str, Iterator[Record]]], batch_size: int, out: queue.Queue[Any],
    rejects: Rejects, progress: Progress, stop: threading.Event, notes: list[str], stopped: list[str],
) -> None:
    """The reader thread: parses while the main thread writes, handing over whole batches. A file that breaks off
    (Stopped) hands over what was read before the break, and the load goes on with the next file."""
    try:
        total = 0
        for number, (path, source, records) in enumerate(planned, 1):
            progress.start_file(path, number, len(planned))
            batch = Batch(source)
            try:
                for record in records:
                    if stop.is_set():
                        return
                    if isinstance(record, Note):  # not a record of the file: not counted as read
                        # list.append is atomic: read after the reader ends
                        notes.append(f"{record.where}: {record.text}")
                        continue
                    total += 1
                    if isinstance(record, Work):
                        batch.works.append(record)
                    elif isinstance(record, Person):
                        batch.persons.append(record)
                    else:
                        rejects.add(path, record)
                    if len(batch.works) + len(batch.persons) >= batch_size:
                        out.put(batch.seal(total))
                        batch = Batch(source)
                    progress.update(total)
            except Stopped as e:
                stopped.append(f"{e.where}: {e.reason}")
            out.put(batch.seal(total))
        out.put(_DONE)
    except BaseException as e:  # handed to the writer, which re-raises it in the main thread
        out.put(e)


@dataclass(slots=True)
class Asked:
    """A batch ready to be looked up: what the load's memory resolved, and the keys the graph may hold."""

    batch: Batch
    matches: Matches
    params: dict[str, list[Any]]


def ask(batch: Batch, seen: Seen) -> Asked:
    """Resolve what memory can; the rest of the batch's keys, minus those the graph cannot hold, are to be asked."""
    m = Matches()
    unknown: list[PersonKeys] = []
    for keys in batch.people:
        rid = seen.person(keys)
        if rid is None:
            unknown.append(keys)
        else:
            m.add_person(keys, rid)
    wanted = lookup_params(batch.keys, unknown)
    return Asked(batch, m, {name: _to_ask(name, values, seen) for name, values in wanted.items()})


def _to_ask(param: str, wanted: list[Any], seen: Seen) -> list[Any]:
    """The entries of one lookup parameter the graph may hold, sorted (after the filter, which drops most)
    so that one batch always sends the same query. All of them are noted as written by this load.

    A record with ids claims only a name-only node, whose id is "name:" + its name key: when the load never
    wrote that id there is nothing to claim, however often the bare name key was written (every researcher
    writes one; DBLP's authors all carry ids).
    """
    keys = [lookup_value(v) for v in wanted] if param == "title_years" else wanted
    maybe = seen.note(keys, "name:" if param == "claimable_name_keys" else "")
    return sorted((v for v, m in zip(wanted, maybe, strict=True) if m), key=lookup_value)


async def look_up(graph: Graph, asked: Asked) -> None:
    """Add what the graph holds for the asked keys, and the authors of the papers found, to the batch's matches."""
    m = asked.matches
    if any(asked.params.values()):
        for row in await graph.scan("load/list_matches", **asked.params):
            m.ids.setdefault((row["kind"], row["prop"], row["value"]), []).append(row["id"])
            if row["kind"] == "researcher":
                m.add_person_ids(row["id"], row["ids"] or ())
            else:
                m.paper_years[row["id"]] = row["year"]
                m.add_paper_ids(row["id"], row["ids"] or ())
    if m.paper_years:
        for row in await graph.scan("load/list_authorships", papers=sorted(m.paper_years)):
            if row["unpaired"]:
                m.unpaired.add(row["paper"])
            if row["researcher"] is not None:
                m.authors[row["paper"]].add(row["researcher"])
                m.person_ids.setdefault(row["researcher"], ())  # in the graph, so its pairs may exist


def plan_batch(matches: Matches, batch: Batch, options: LoadOptions | None = None) -> Planner:
    """Settle identities against what the graph and the previous batch hold."""
    planner = Planner(matches, batch.source, options)
    start = len(batch.people) - len(batch.persons)  # the works' authors come first in batch.people
    for person, keys in zip(batch.persons, batch.people[start:], strict=True):
        planner.add_person(person, keys)
    start = 0
    for work, work_keys in zip(batch.works, batch.keys, strict=True):
        end = start + len(work.authors)
        planner.add_work(work, work_keys, batch.people[start:end])
        start = end
    return planner


class Recount:
    """Counters of researchers already in the graph, recounted from AUTHORED once, at the end of a load.

    Updating them in every batch was the engine's largest cost late in a large load: FalkorDB re-indexes a node
    (its keys and full text) and checks its unique key on any update, and a prolific author is in most batches.
    The load keeps their ids instead and recounts each once. After a load that ended without its recount
    (the writer lease says so), everyone is recounted; only counters that differ are written.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.ids: dict[str, None] = {}  # ordered set: recounted in the order first seen

    def add(self, ids: list[str]) -> None:
        self.ids.update(dict.fromkeys(ids))

    async def finish(self, progress: Progress, everyone: bool) -> None:
        if everyone:
            log.warning("an earlier load ended before recounting: recounting every researcher's works")
            progress.phase("recounting the works of every researcher (an earlier load was interrupted)")
            after: Any = None
            while rows := await self.graph.scan("load/list_researcher_ids", after=after, chunk=RECOUNT_CHUNK):
                await self.graph.write("load/merge_researcher_counts", [], ids=[r["id"] for r in rows])
                after = rows[-1]["cursor"]
            return
        ids = list(self.ids)
        progress.phase(f"recounting the works of {len(ids):,} researchers")
        for start in range(0, len(ids), RECOUNT_CHUNK):
            await self.graph.write("load/merge_researcher_counts", [], ids=ids[start : start + RECOUNT_CHUNK])


def _prepare(graph: Graph, planner: Planner, loaded_at: int) -> PreparedWrite:
    """A planned batch's one write, encoded and ready to send; its new authorships stamped with the load's time."""
    return graph.prepare("load/merge_batch", [], loaded_at=loaded_at, **planner.params())


def remember(seen: Seen, planner: Planner) -> None:
    """After planning: the researchers the batch's strong keys resolved to."""
    for key, rid in planner.strong_aliases():
        seen.people.put(key, rid)


async def _link_citations(graph: Graph) -> None:
    """CITES between loaded papers: references point at OpenAlex ids that may have arrived in any load."""
    citing = [r["id"] for r in await graph.scan("load/list_citing_papers")]
    for start in range(0, len(citing), DEFAULT_BATCH):
        await graph.write("load/merge_citations", [{"p": p} for p in citing[start : start + DEFAULT_BATCH]])


async def _release(hold: WriterLease, finished: bool) -> None:
    """Give up the writer lease; an engine that died with the load cannot take the word, and the next load
    then finds a dead holder and recounts everyone."""
    try:
        await asyncio.shield(hold.release(finished))
    except GraphError as e:
        log.warning("could not release the load's lease on the graph: %s", e)


@contextmanager
def _collections_between_batches() -> Iterator[None]:
    """No automatic runs of the cyclic garbage collector while loading: `_collect` runs it every few batches.

    A load allocates millions of container objects (rows, keys, records) that live for a batch or two, and
    a collection scans every one that is alive when it runs: at a threshold of 100,000 allocations that was
    350 collections and 11 s of the first 400k records' 70 s of loader CPU. Rows still die by reference
    counting; only cycles wait for the next batch boundary that collects, and they are few: 30 unreachable
    objects in the first 50 batches of 100k records. A full collection still took 0.4-0.55 s, most of it
    scanning the identity-key caches (some 300,000 tracked objects), so it runs every 500 batches, not 50.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _collect(batches: int) -> None:
    if batches % COLLECT_EVERY == 0:
        gc.collect()


async def load(
    graph: Graph, source: str | None, paths: list[Path], rejects_path: Path,
    batch_size: int = DEFAULT_BATCH, progress: Progress | None = None, options: LoadOptions | None = None,
) -> Summary:
    """Load `paths` into `graph`; bad files raise before any write, bad records go to the rejects report."""
    with _collections_between_batches():
        try:
            return await _load(graph, source, paths, rejects_path, batch_size, progress, options or LoadOptions())
        finally:
            clear_caches()  # while the collector is still off, so its first run afterwards need not scan them


async def _stop_reader(reader: threading.Thread, batches: queue.Queue[Any], stop: threading.Event) -> None:
    """Tell the reader to stop, taking batches off the queue so one waiting on a full queue sees it, till it ends."""
    stop.set()
    while reader.is_alive():
        try:
            batches.get_nowait()
        except queue.Empty:
            await asyncio.sleep(0.01)


async def _load(
    graph: Graph, source: str | None, paths: list[Path], rejects_path: Path, batch_size: int, progress: Progress | None,
    options: LoadOptions,
) -> Summary:
    progress = progress or Progress(enabled=False)
    planned = plan_sources(source, paths, options)
    summary = Summary(files=len(planned))
    hold = await take_lease(graph)  # after every file's format was checked, before anything is written
    # Taken once the lease is held: a reader that saw no load running before this instant sees every authorship
    # stamped later as new (app/follows.py records visits of the Following page that way).
    loaded_at = int(time.time() * 1000)
    rejects = Rejects(rejects_path)
    batches: queue.Queue[Any] = queue.Queue(maxsize=4)  # bounded: the reader never runs far ahead
    stop = threading.Event()
    reader = threading.Thread(
        target=_read, daemon=True,
        args=(planned, batch_size, batches, rejects, progress, stop, summary.notes, summary.stopped),
    )
    started = time.monotonic()
    reader.start()
    held = await graph.scan("load/count_nodes")  # no row from a graph never written to
    seen = Seen(fresh=not held or held[0]["papers"] == held[0]["researchers"] == 0)
    counters = Recount(graph)
    cites = False
    # The engine is kept busy: while it writes batch N, this process plans N+1, takes N+2 from the reader
    # and resolves what it can of N+2 from memory. N+1's lookups (few once memory answers most) run between
    # N-1's write and N's, while this process encodes N's write: a write holds the graph's lock, so a read
    # sent during it would wait. What N will write is carried into N+1's matches, since N+1 was looked up
    # before it.
    writing: asyncio.Task[dict[str, int]] | None = None
    looking: asyncio.Task[None] | None = None
    pending: Planner | None = None  # planned, not yet sent
    finished = False
    try:
        item = await _next(batches)
        asked = ask(item, seen) if item is not None else None
        while asked is not None:
            if writing is not None:
                await writing
            looking = asyncio.create_task(look_up(graph, asked))
            await asyncio.sleep(0)  # let the lookup reach the engine before encoding holds this thread
            prepared = _prepare(graph, pending, loaded_at) if pending is not None else None
            await looking
            if pending is not None and prepared is not None:
                writing = asyncio.create_task(graph.write_prepared(prepared))
                await asyncio.sleep(0)  # let it reach the engine before planning holds this thread
                pending.carry_into(asked.matches, asked.params)
            batch = asked.batch
            pending = plan_batch(asked.matches, batch, options)
            remember(seen, pending)
            counters.add(pending.recount())
            await hold.beat()
            item = await _next(batches)
            asked = ask(item, seen) if item is not None else None
            summary.add(pending.counts)
            summary.read = batch.read
            summary.batches += 1
            note_batch(summary.batches, pending.counts, batch.read, rejects.count, time.monotonic() - started)
            _collect(summary.batches)
            # A citing paper, or one an earlier load's references may point at: CITES are drawn at the end.
            cites = cites or any(p["references"] or p["openalex_id"] for p in pending.papers.values())
        if writing is not None:
            await writing
        writing = None
        if pending is not None:
            await graph.write_prepared(_prepare(graph, pending, loaded_at))
        if cites:
            await _link_citations(graph)
        await counters.finish(progress, everyone=hold.recount_all)
        # a claim whose researcher node was deleted finds the one of its id this load may have brought back
        await graph.write("claim/merge_researcher_links", [])
        finished = True
    finally:
        for task in (looking, writing):  # interrupted: the engine applies a statement whole or not at all
            if task is not None:
                task.cancel()  # no effect once it is done
        await _stop_reader(reader, batches, stop)
        rejects.close()
        progress.finish()
        await _release(hold, finished)
    if finished:
        await graph.compact()
    summary.rejected = rejects.count
    summary.cut = rejects.cuts
    summary.seconds = time.monotonic() - started
    summary.rejects_path = rejects.path if rejects.count or rejects.cuts else None
    return summary
