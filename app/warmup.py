"""Neo4j plans each statement the first time it sees it, seconds for the large ones: a cold server answered the
first profile page in 2.7 s (or past the time limit). At start-up, in the background, the app runs the statements
the pages and the API run most, once each, for ids that no node has: planned and compiled, they find nothing.

Neo4j caches a plan per statement text and parameter types (a null `$among` and a list `$among` are two plans), a
list also by its size's bucket (0, 1, up to 10, up to 100...), so each sample binds its parameters to values of
the types and sizes the common calls pass: one id for a page, 60 for a neighbourhood level (levels of 11-100 ids).
Not EXPLAIN: it plans but leaves the first real run 15-180 ms of compiling (measured per statement on the demo
graph), where a run that finds nothing leaves 3-9 ms. The state (finished, which statements, how long) is
served in /metrics.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import Gauge

from app.graph import Graph, GraphError
from app.metrics import REGISTRY

log = logging.getLogger(__name__)

_ID = "warm-up:none"  # an id no node has: each statement starts from an id, so each run finds nothing
ONE = [_ID]
SLICE = [_ID] * 60  # a neighbourhood level: about as many ids as a slice's limit


@dataclass(frozen=True)
class Sample:
    """One statement as a page or the API calls it: parameter values of the types the real call passes."""

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)


def _neighbourhood(ids: list[str]) -> list[Sample]:
    """What one level of a neighbourhood (explorer, profile slice, API) runs, for a focus or a level of ids."""
    years: dict[str, Any] = {"yearFrom": None, "yearTo": None}
    return [
        Sample("graph/list_collaborations", {"ids": ONE, "among": None, "minJointPapers": 1, **years}),
        Sample("graph/list_collaborations", {"ids": ids, "among": ids, "minJointPapers": 1, **years}),
        Sample("graph/list_papers", {"ids": ids, "limit": 100, **years}),
        Sample("graph/list_institutions", {"ids": ids, **years}),
        Sample("graph/list_topics", {"ids": ids}),
        Sample("graph/list_citations", {"ids": ids}),
    ]


# The profile page, the paper page, home, the explorer's slices and search: what a first visitor asks for.
SAMPLES: tuple[Sample, ...] = (
    Sample("db/count_nodes"),
    Sample("db/count_relationships"),
    Sample("researcher/list_prominent_researchers", {"limit": 12}),
    Sample("researcher/list_researchers", {"ids": ONE}),
    Sample("researcher/list_topics", {"ids": ONE}),
    Sample("researcher/list_institutions", {"ids": ONE}),
    Sample("researcher/count_coauthors", {"ids": ONE}),
    Sample("researcher/list_papers", {"ids": ONE, "skip": 0, "limit": 20}),
    Sample("researcher/search_researchers", {"terms": ["warm"], "skip": 0, "limit": 10}),
    Sample("load/get_writer"),
    Sample("follow/count_followers", {"ids": ONE}),
    Sample("follow/list_followed", {"user": _ID, "ids": ONE}),
    Sample("claim/list_researcher_claims", {"ids": ONE}),
    Sample("trust/list_circle_links", {"id": _ID, "limit": 10}),
    Sample("trust/list_evidence", {"ids": ONE}),
    Sample("collaborator/list_coauthors", {"id": _ID}),
    Sample("collaborator/list_topic_sets", {"ids": SLICE}),
    Sample("paper/list_papers", {"ids": ONE}),
    Sample("paper/list_authors", {"ids": ONE}),
    Sample("paper/list_topics", {"ids": ONE}),
    Sample("paper/list_references", {"ids": ONE, "skip": 0, "limit": 20}),
    Sample("paper/list_citing", {"ids": ONE, "skip": 0, "limit": 20}),
    *_neighbourhood(SLICE),
)


def type_of(value: Any) -> str:
    """A parameter's type as Neo4j's plan cache tells types apart (a list by its elements' type)."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list | tuple):
        inner = {type_of(v) for v in value}
        return f"List<{inner.pop() if len(inner) == 1 else 'Any'}>"
    return "Map" if isinstance(value, Mapping) else type(value).__name__


def signature(name: str, params: Mapping[str, Any]) -> str:
    """`name(param: Type, ...)`: one plan in Neo4j's cache."""
    return f"{name}({', '.join(f'{k}: {type_of(v)}' for k, v in sorted(params.items()))})"


@dataclass
class WarmUp:
    """What the warm-up has done so far; served in /metrics."""

    finished: bool = False
    planned: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


_FINISHED = Gauge("collab_warmup_finished", "1 once the start-up warm-up of Neo4j's plan cache has finished.",
                  registry=REGISTRY)
_SECONDS = Gauge("collab_warmup_seconds", "How long the start-up warm-up took.", registry=REGISTRY)
_PLANNED = Gauge("collab_warmup_planned", "Statements (with their parameter types) planned by the warm-up.",
                 ["statement"], registry=REGISTRY)


async def warm_up(graph: Graph, state: WarmUp, samples: tuple[Sample, ...] = SAMPLES) -> WarmUp:
    """Run every sample, one after the other (one server core busy, not all), and log one line at the end.
    A statement that fails to plan is logged and skipped: the warm-up never stops the app."""
    started = time.perf_counter()
    _FINISHED.set(0)
    for sample in samples:
        key = signature(sample.name, sample.params)
        try:
            # the write time limit, as maintenance reads get: planning alone may outlast a page's limit
            await graph.scan(sample.name, **sample.params)
        except GraphError as e:
            state.failed.append(key)
            log.warning("warm-up: %s did not run: %s", sample.name, e)
            continue
        state.planned.append(key)
        _PLANNED.labels(key).set(1)
    state.seconds = time.perf_counter() - started
    state.finished = True
    _SECONDS.set(state.seconds)
    _FINISHED.set(1)
    log.info("warm-up: Neo4j planned %d statements in %d ms (%d failed)",
             len(state.planned), round(state.seconds * 1000), len(state.failed))
    return state
