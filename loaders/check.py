"""`collab db check`: whether the graph holds what the loaders promise, with examples of what does not.

The promises: every co-author pair's joint papers and years equal what AUTHORED implies (over papers that
draw co-authorship), every researcher's counters equal their AUTHORED edges, no load left its lease or an
unfinished recount behind, and every key is short enough for the engines to index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.graph import Graph
from loaders.writer_lease import describe_holder, holder_alive

# Characters: 4 KB of UTF-8 at most, under the length FalkorDB's unique index and Neo4j's indexes take.
KEY_LIMIT = 1_000


@dataclass(frozen=True, slots=True)
class Problem:
    what: str
    count: int
    examples: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"{self.what}: {self.count:,}"]
        lines += [f"  e.g. {e}" for e in self.examples]
        return "\n".join(lines)


@dataclass(slots=True)
class Report:
    problems: list[Problem]
    checked: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        seen = ", ".join(f"{n:,} {what}" for what, n in self.checked.items())
        if self.ok:
            return f"graph ok: {seen} checked"
        return "\n".join([*(p.text() for p in self.problems), f"{len(self.problems)} problem(s) in {seen}"])


async def check(graph: Graph) -> Report:
    """Every check, each one query over the whole graph (allowed the write time limit)."""
    problems: list[Problem] = []
    [pairs] = await graph.scan("check/count_wrong_pairs")
    if pairs["wrong"]:
        problems.append(Problem(
            "co-author pairs whose COLLABORATES_WITH edge is missing or disagrees with AUTHORED",
            int(pairs["wrong"]), [_pair(e) for e in pairs["examples"]],
        ))
    unbacked = int(pairs["edges"]) - (int(pairs["pairs"]) - int(pairs["missing"]))  # edges beyond the implied ones
    if unbacked > 0:
        rows = await graph.scan("check/list_unbacked_pairs")
        problems.append(Problem(
            "COLLABORATES_WITH edges that no joint paper backs, duplicates or reversed",
            unbacked, [f"{r['a']} - {r['b']} ({r['papers']} papers)" for r in rows],
        ))
    [counters] = await graph.scan("check/count_wrong_counters")
    if counters["wrong"]:
        problems.append(Problem(
            "researchers whose works_count, first_year or last_year disagree with AUTHORED",
            int(counters["wrong"]), [_counter(e) for e in counters["examples"]],
        ))
    [long] = await graph.scan("check/count_long_keys", max=KEY_LIMIT)
    if long["nodes"]:
        problems.append(Problem(
            f"nodes with a key longer than {KEY_LIMIT:,} characters",
            int(long["nodes"]), [f"{label} {key!r}... ({n:,} characters)" for label, key, n in long["examples"]],
        ))
    problems += await _marks(graph)
    return Report(problems, {"researchers": int(counters["researchers"]), "co-author pairs": int(pairs["pairs"])})


async def _marks(graph: Graph) -> list[Problem]:
    """What a load that did not finish leaves: its lease on the graph, or the mark asking for a full recount."""
    rows = await graph.scan("load/get_writer")
    if not rows:
        return []
    [state] = rows
    found = []
    if state["token"] is not None:
        if holder_alive(state):
            found.append(Problem(f"{describe_holder(state)} is still writing; check again when it has finished", 1))
        else:
            found.append(Problem(f"{describe_holder(state)} stopped before finishing; run it again to complete it", 1))
    elif state["dirty"]:
        found.append(
            Problem("the last load stopped before recounting researchers' works; the next load recounts them", 1)
        )
    return found


def _pair(e: list[Any]) -> str:
    a, b, n, first, last, edge = e
    held = "no edge" if edge is None else f"the edge says {edge}"
    return f"{a} - {b}: {n} joint papers ({first}-{last}), {held}"


def _counter(e: list[Any]) -> str:
    rid, held, works, held_first, first, held_last, last = e
    return f"{rid}: works {held} (AUTHORED {works}), years {held_first}-{held_last} (AUTHORED {first}-{last})"
