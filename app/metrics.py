"""Prometheus metrics of this process: HTTP requests, engine query time, load progress; served at /metrics.

One registry for the process (not prometheus-client's global one): engine and load figures come from code
that knows nothing of the app, and several apps in one process (the tests) share them.
"""

from __future__ import annotations

import logging
import re
from typing import Protocol

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = CONTENT_TYPE_LATEST

# Operation names come from clients: only names that look like names, and no more than this many distinct ones,
# become label values, so a client cannot grow the registry without bound.
MAX_OPERATIONS = 200
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_operations: set[str] = set()

REQUESTS = Counter(
    "collab_http_requests", "HTTP requests answered, by route, GraphQL operation and status.",
    ["route", "operation", "status"], registry=REGISTRY,
)
LATENCY = Histogram(
    "collab_http_request_duration_seconds", "Time from a request's arrival to the end of its answer.",
    ["route", "operation"], registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ENGINE = Histogram(
    "collab_engine_query_duration_seconds", "Time the graph engine took per statement, by engine and query file.",
    ["engine", "query"], registry=REGISTRY,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 600),
)
LOAD_BATCHES = Counter("collab_load_batches", "Load batches written.", registry=REGISTRY)
LOAD_RECORDS = Counter(
    "collab_load_records", "Records in the load batches written (works and person records).", registry=REGISTRY
)
LOAD_PAPERS = Counter(
    "collab_load_papers_created", "Papers new to the graph in the load batches written.", registry=REGISTRY
)
LOAD_AUTHORSHIPS = Counter(
    "collab_load_authorships_created", "AUTHORED edges new to the graph in the load batches written.", registry=REGISTRY
)

batch_log = logging.getLogger("collab.load")


def operation_label(name: str | None) -> str:
    if not name:
        return ""
    if name in _operations:
        return name
    if not _NAME.fullmatch(name) or len(_operations) >= MAX_OPERATIONS:
        return "other"
    _operations.add(name)
    return name


def observe_request(route: str, operation: str | None, status: int, seconds: float) -> None:
    label = operation_label(operation)
    REQUESTS.labels(route, label, str(status)).inc()
    LATENCY.labels(route, label).observe(seconds)


def observe_query(engine: str, query: str, seconds: float) -> None:
    ENGINE.labels(engine, query).observe(seconds)


class BatchCounts(Protocol):
    """What a load batch counted (loaders/plan.py's Counts): the metrics take it without importing the loaders."""

    works: int
    persons: int
    papers_new: int
    papers_merged: int
    authorships_new: int


def note_batch(number: int, counts: BatchCounts, read: int, rejected: int, seconds: float) -> None:
    """A load batch was planned and handed to the engine: counters, and one debug line (not shown by default)."""
    records = counts.works + counts.persons
    LOAD_BATCHES.inc()
    LOAD_RECORDS.inc(records)
    LOAD_PAPERS.inc(counts.papers_new)
    LOAD_AUTHORSHIPS.inc(counts.authorships_new)
    batch_log.debug(
        "load batch",
        extra={"batch": number, "records": records, "papers_new": counts.papers_new,
               "papers_merged": counts.papers_merged, "authorships_new": counts.authorships_new,
               "read_in_file": read, "rejected": rejected, "elapsed_ms": round(seconds * 1000)},
    )


def exposition() -> bytes:
    return generate_latest(REGISTRY)
