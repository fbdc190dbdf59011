"""The graph's writer lease: one `collab load` at a time per graph, on either engine.

Two loads at once broke the graph (unique-key violations, then counters that disagreed with AUTHORED), so a
load first takes a lease on the graph's one `LoadState` node and refuses to start while a live load holds it. The
lease is held by a process: one that died (gone from this host, or silent for LEASE_MS when it ran on another
host) is taken over. A load that ends without its recount (an error, Ctrl-C, SIGTERM, kill -9) leaves the
graph marked `dirty`, and the next load recounts every researcher. Nothing here deletes a node: the lease
and the mark are properties, so the embedded engine's log never replays a deletion (see loaders/load.py).
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import time
import uuid
from dataclasses import dataclass

from app.graph import Graph, GraphError

log = logging.getLogger(__name__)

# A holder on another host that has not beaten for this long is taken for dead. One statement of a large load
# (the final recount of a chunk, citations) can hold the engine for minutes, so this is generous.
LEASE_MS = 15 * 60 * 1000
BEAT_EVERY_S = 10.0


class WriterBusy(GraphError):
    """Another load holds the graph's writer lease."""


def _now_ms() -> int:
    return int(time.time() * 1000)


def holder_alive(holder: dict[str, object]) -> bool:
    """Whether the lease's holder may still be working: its process exists here, or it beat recently elsewhere."""
    if holder["host"] == socket.gethostname() and isinstance(holder["pid"], int):
        try:
            os.kill(holder["pid"], 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # someone else's process: alive
        return True
    seen = holder["seen"]
    return isinstance(seen, int) and _now_ms() - seen < LEASE_MS


def describe_holder(holder: dict[str, object]) -> str:
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(int(holder["since"] or 0) / 1000))  # type: ignore[call-overload]
    return f"another load (pid {holder['pid']} on {holder['host']}, started {since}: {holder['command']})"


@dataclass(slots=True)
class WriterLease:
    """This load's hold on the graph; `recount_all` when an earlier load ended without its recount."""

    graph: Graph
    token: str
    recount_all: bool
    _beaten: float = 0.0

    async def beat(self) -> None:
        """Tell other loads this one is alive (at most every BEAT_EVERY_S); fails if the lease was taken over."""
        if time.monotonic() - self._beaten < BEAT_EVERY_S:
            return
        self._beaten = time.monotonic()
        written = await self.graph.write("load/merge_writer_seen", [], token=self.token, now=_now_ms())
        if not written["properties_set"]:
            raise GraphError("another load took over this load's lease on the graph; stopping")

    async def release(self, finished: bool) -> None:
        """Give the lease up; an unfinished load leaves the graph marked for a full recount."""
        await self.graph.write("load/delete_writer", [], token=self.token, now=_now_ms(), dirty=not finished)


async def take_lease(graph: Graph, command: str | None = None) -> WriterLease:
    """Take the graph for one load, or raise WriterBusy naming the load that holds it."""
    token = uuid.uuid4().hex
    command = command or " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))
    for _ in range(3):  # a dead holder may be taken over by another process between our read and write
        rows = await graph.scan("load/get_writer")
        holder = rows[0] if rows else None
        stale = None
        if holder is not None and holder["token"] is not None:
            if holder_alive(holder):
                raise WriterBusy(
                    f"{describe_holder(holder)} is writing to this graph; run this one when it has finished"
                )
            log.warning("taking over the lease of %s, which is gone", describe_holder(holder))
            stale = holder["token"]
        await graph.write(
            "load/merge_writer", [], token=token, pid=os.getpid(), host=socket.gethostname(),
            command=command[:500], now=_now_ms(), stale=stale,
        )
        [now] = await graph.scan("load/get_writer")
        if now["token"] == token:
            return WriterLease(graph, token, recount_all=stale is not None or bool(now["dirty"]))
    raise WriterBusy("other loads keep taking this graph's writer lease; run this one when they have finished")

