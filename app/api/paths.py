"""collaborationPaths: the k shortest chains of co-authorship between two researchers, with the joint papers on
every hop."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Annotated, Any

import strawberry
from strawberry import UNSET
from strawberry.types import Info

from app.api import limits
from app.api.context import graph_of, loaders_of
from app.api.errors import BadInput
from app.api.paper import Paper
from app.api.path_search import LazyGraph, Path, k_shortest
from app.api.researcher import Researcher
from app.graph import Graph, Row

DESCRIPTION = (
    "The k shortest collaboration paths from one researcher to another: distinct sequences of researchers where "
    "each consecutive pair co-authored a paper, shortest first, with the joint papers of every hop (newest first). "
    "With yearFrom/yearTo only collaborations with a joint paper inside the window count, and each hop lists only "
    "those papers; `avoid` removes people from the search. "
    f"Limits: 1 <= maxHops <= {limits.MAX_HOPS}, 1 <= k <= {limits.MAX_PATHS}, "
    f"at most {limits.MAX_AVOID} ids in avoid. "
    "An empty list when the two are not connected within maxHops or either id is unknown."
)


@strawberry.type(description="One step of a collaboration path: two researchers and the papers they wrote together.")
class Hop:
    from_: Researcher = strawberry.field(name="from")
    to: Researcher
    joint_papers: int = strawberry.field(
        description="How many joint papers (inside the year window, if one was given)."
    )
    papers: list[Paper] = strawberry.field(description="The joint papers, newest first.")


@strawberry.type(description="A chain of co-authorship between two researchers.")
class CollaborationPath:
    length: int = strawberry.field(description="Number of hops.")
    researchers: list[Researcher] = strawberry.field(
        description="The researchers in order, from the first to the last."
    )
    hops: list[Hop]


def _check(source: str, target: str, max_hops: int, k: int, year_from: int | None, year_to: int | None,
           avoid: list[str]) -> None:
    limits.at_most(limits.at_least(max_hops, 1, "maxHops"), limits.MAX_HOPS, "maxHops")
    limits.at_most(limits.at_least(k, 1, "k"), limits.MAX_PATHS, "k")
    limits.year_window(year_from, year_to)
    limits.id_list(avoid, limits.MAX_AVOID, "avoid")
    if source == target:
        raise BadInput("`from` and `to` are the same researcher; a path needs two")
    if source in avoid or target in avoid:
        raise BadInput("`avoid` holds `from` or `to`; only people between them can be avoided")


async def _search(graph: Graph, source: str, target: str, max_hops: int, k: int, year_from: int | None,
                  year_to: int | None, avoid: list[str]) -> list[Path]:
    """Yen's k shortest paths over links the engine lists a BFS level at a time.

    Neither engine's own search fits: FalkorDB's algo.SPpaths takes no filters and took from 0.2 s to past
    the 5 s timeout per pair on the CV/ML graph; one search in Python keeps both engines' answers the same.
    The search walks the engine's node handles, which it seeks and returns about three times faster than
    researcher ids; only the people on the paths found are turned back into ids.
    """
    handles = {r["id"]: r["handle"] for r in await graph.read("path/list_handles", ids=[source, target, *avoid])}
    if source not in handles or target not in handles:
        return []
    windowed = year_from is not None or year_to is not None
    low, high = year_from if year_from is not None else -(10**9), year_to if year_to is not None else 10**9
    avoided = {handles[a] for a in avoid if a in handles}

    async def links(nodes: list[Any]) -> dict[Any, set[Any]]:
        if not windowed:
            rows = await graph.read("path/list_links", handles=nodes)
            return {r["source"]: set(r["targets"]) - avoided for r in rows}
        rows = await graph.read("path/list_dated_links", handles=nodes, yearFrom=year_from, yearTo=year_to)
        found: dict[Any, set[Any]] = defaultdict(set)
        unsure = []
        for r in rows:
            if r["target"] in avoided:
                continue
            if r["first_year"] is not None and low <= r["first_year"] and r["last_year"] <= high:
                found[r["source"]].add(r["target"])
            else:  # the years overlap the window; whether a joint paper falls inside needs the papers
                unsure.append({"source": r["source"], "target": r["target"]})
        if unsure:
            for r in await graph.read("path/count_joint_papers", pairs=unsure, yearFrom=year_from, yearTo=year_to):
                found[r["source"]].add(r["target"])
        return found

    async def ids(nodes: list[Any]) -> dict[Any, str]:
        return {r["handle"]: r["id"] for r in await graph.read("path/list_researcher_ids", handles=nodes)}

    return await k_shortest(LazyGraph(links, ids), handles[source], handles[target], max_hops, k)


async def _resolve(graph: Graph, paths: list[Path], year_from: int | None, year_to: int | None,
                   ) -> tuple[list[Path], dict[tuple[str, str], list[Row]]]:
    """Paths of node handles as paths of researcher ids, with the joint papers of each hop by (smaller, larger) id."""
    on_paths = sorted({n for p in paths for n in p})
    ids = {r["handle"]: r["id"] for r in await graph.read("path/list_researcher_ids", handles=on_paths)}
    pairs = sorted({tuple(sorted(p[i : i + 2])) for p in paths for i in range(len(p) - 1)})
    rows = await graph.read(
        "path/list_hops", pairs=[{"source": a, "target": b} for a, b in pairs], yearFrom=year_from, yearTo=year_to
    )
    papers = {}
    for r in rows:
        a, b = ids[r["source"]], ids[r["target"]]
        papers[min(a, b), max(a, b)] = r["papers"]
    # Shortest first; equal lengths in the order of their researcher ids, whatever the engine's handles are.
    return sorted((tuple(ids[n] for n in p) for p in paths), key=lambda p: (len(p), p)), papers


async def collaboration_paths(
    info: Info,
    from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
    to: strawberry.ID,
    max_hops: int | None = 6,
    k: int | None = 1,
    year_from: int | None = UNSET,
    year_to: int | None = UNSET,
    avoid: list[strawberry.ID] | None = UNSET,
) -> list[CollaborationPath]:
    source, target, avoided = str(from_), str(to), [str(a) for a in limits.given(avoid, [])]
    max_hops, k = limits.given(max_hops, 6), limits.given(k, 1)
    year_from, year_to = limits.given(year_from), limits.given(year_to)
    _check(source, target, max_hops, k, year_from, year_to, avoided)
    graph, loaders = graph_of(info), loaders_of(info)
    # No look-up of the two ends first: an id that is not a researcher's has no links, so the search finds nothing.
    found = await _search(graph, source, target, max_hops, k, year_from, year_to, avoided)
    if not found:
        return []
    paths, papers = await _resolve(graph, found, year_from, year_to)
    people = {
        r["id"]: Researcher.from_record(r)
        for r in await loaders.researcher.load_many(sorted({n for p in paths for n in p}))
        if r is not None
    }
    result = []
    for path in paths:
        hops = []
        for a, b in itertools.pairwise(path):
            joint = [Paper.from_record(p) for p in papers.get((min(a, b), max(a, b)), [])]
            hops.append(Hop(from_=people[a], to=people[b], joint_papers=len(joint), papers=joint))
        result.append(CollaborationPath(length=len(path) - 1, researchers=[people[n] for n in path], hops=hops))
    return result


paths_field = strawberry.field(resolver=collaboration_paths, description=DESCRIPTION)
