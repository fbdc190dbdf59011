"""neighbourhood: the slice of the graph around a researcher that the web view draws."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable
from dataclasses import dataclass, field
from enum import Enum

import strawberry
from strawberry import UNSET
from strawberry.types import Info

from app.api import limits
from app.api.context import graph_of, loaders_of
from app.graph import Graph, Row

# The co-author walk stops widening once it has this many times `limit` researchers: the slice keeps
# only `limit` nodes, and a wider walk would cost more than it could change.
CANDIDATES_PER_NODE = 10
# Papers are drawn from the `limit` times this many with the most authors among the researchers kept: a paper
# further down would need more topics and citations than papers have to be among the `limit` most connected.
PAPERS_PER_NODE = 3


@strawberry.enum(description="The kinds of node a graph slice holds.")
class NodeKind(Enum):
    RESEARCHER = "RESEARCHER"
    PAPER = "PAPER"
    TOPIC = "TOPIC"
    INSTITUTION = "INSTITUTION"


@strawberry.enum(description="The kinds of edge a graph slice holds, named as the relationships in the graph.")
class EdgeKind(Enum):
    COLLABORATES_WITH = "COLLABORATES_WITH"
    AUTHORED = "AUTHORED"
    ABOUT = "ABOUT"
    AFFILIATED_WITH = "AFFILIATED_WITH"
    CITES = "CITES"


@strawberry.type(description="A node to draw.")
class GraphNode:
    id: strawberry.ID
    kind: NodeKind
    label: str = strawberry.field(description="A researcher's or topic's or institution's name, a paper's title.")
    weight: int = strawberry.field(
        description="How many edges found around the centre touch it, counted before `limit` cut the slice."
    )


@strawberry.type(description="An edge to draw; COLLABORATES_WITH edges run from the smaller id to the larger.")
class GraphEdge:
    source: strawberry.ID
    target: strawberry.ID
    kind: EdgeKind
    weight: float = strawberry.field(
        description="Joint papers for COLLABORATES_WITH, the topic score for ABOUT (3 decimals), else 1: "
        "what to draw it by."
    )
    joint_papers: int | None = strawberry.field(
        description="For COLLABORATES_WITH, the joint papers; null for other kinds."
    )


@strawberry.type(description="Nodes and edges around a researcher, exactly what the web view draws.")
class GraphSlice:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = strawberry.field(description="True when `limit` (or the widest walk it allows) left nodes out.")


@dataclass
class _Slice:
    """What the walk found, before `limit` cuts it."""

    nodes: dict[str, tuple[NodeKind, str]] = field(default_factory=dict)
    edges: dict[tuple[str, str, EdgeKind], float] = field(default_factory=dict)
    truncated: bool = False

    def add(self, rows: list[Row], kind: NodeKind, edge: EdgeKind, undirected: bool = False) -> None:
        for r in rows:
            source, target = r["source"], r["target"]
            self.nodes.setdefault(target, (kind, r.get("label") or target))
            if undirected and target < source:
                source, target = target, source
            self.edges[(source, target, edge)] = float(r.get("weight") or 1.0)


async def _walk_coauthors(graph: Graph, s: _Slice, centre: str, depth: int, limit: int, window: dict[str, int | None],
                          min_joint: int) -> list[str]:
    """Breadth-first over COLLABORATES_WITH, one query per level; returns the outermost ring, whose links
    among themselves are not walked yet."""
    frontier = [centre]
    for level in range(depth):
        rows = await graph.read(
            "graph/list_collaborations", ids=frontier, among=None, minJointPapers=min_joint, **window
        )
        if level == 0 and rows:
            s.nodes[centre] = (NodeKind.RESEARCHER, rows[0].get("source_label") or centre)
        before = set(s.nodes)
        s.add(rows, NodeKind.RESEARCHER, EdgeKind.COLLABORATES_WITH, undirected=True)
        frontier = sorted(set(s.nodes) - before)
        if not frontier:
            break
        if len(s.nodes) >= limit * CANDIDATES_PER_NODE:
            s.truncated = True
            break
    return frontier


def _edge(source: str, target: str, kind: EdgeKind, weight: float) -> GraphEdge:
    joint = int(weight) if kind is EdgeKind.COLLABORATES_WITH else None
    return GraphEdge(source=strawberry.ID(source), target=strawberry.ID(target), kind=kind, weight=round(weight, 3),
                     joint_papers=joint)


def _most_connected(s: _Slice, centre: str, limit: int, degree: Counter[str] | None = None) -> list[str]:
    """The centre and the `limit - 1` nodes most edges touch, ties by id."""
    if degree is None:
        degree = Counter(n for (a, b, _) in s.edges for n in (a, b))
    order = sorted((n for n in s.nodes if n != centre), key=lambda n: (-degree[n], n))
    return [centre, *order[: limit - 1]]


def _papers_of(s: _Slice, rows: list[Row], most: int) -> list[str]:
    """Add the papers of `rows` (a paper, its title and its authors in the slice), at most `most` of them: the
    query ranks them by authors in the slice (ties by id) and answers one more when there are more. Their
    citations and topics are fetched for these only. Returns the papers' ids."""
    if len(rows) > most:
        rows, s.truncated = rows[:most], True
    s.add([{"source": a, "target": r["target"], "label": r["label"]} for r in rows for a in r["authors"]],
          NodeKind.PAPER, EdgeKind.AUTHORED)
    return [r["target"] for r in rows]


async def neighbourhood(
    info: Info,
    id: strawberry.ID,
    depth: int | None = 1,
    limit: int | None = 100,
    kinds: list[NodeKind] | None = UNSET,
    year_from: int | None = UNSET,
    year_to: int | None = UNSET,
    min_joint_papers: int | None = 1,
) -> GraphSlice:
    depth, limit, min_joint_papers = limits.given(depth, 1), limits.given(limit, 100), limits.given(min_joint_papers, 1)
    year_from, year_to, kinds = limits.given(year_from), limits.given(year_to), limits.given(kinds)
    limits.neighbourhood_size(depth, limit)
    limits.year_window(year_from, year_to)
    limits.at_least(min_joint_papers, 1, "minJointPapers")
    wanted = set(kinds or [NodeKind.RESEARCHER])
    centre = str(id)
    graph = graph_of(info)
    window = {"yearFrom": year_from, "yearTo": year_to}
    # The walk starts without looking the centre up: its first level names the centre when it has any link.
    s = _Slice(nodes={centre: (NodeKind.RESEARCHER, centre)})
    ring = await _walk_coauthors(graph, s, centre, depth, limit, window, min_joint_papers)
    if len(s.nodes) == 1:  # no links: a researcher without collaborations in the window, or no researcher at all
        person = await loaders_of(info).researcher.load(centre)
        if person is None:
            return GraphSlice(nodes=[], edges=[], truncated=False)
        s.nodes[centre] = (NodeKind.RESEARCHER, person.get("name") or centre)
    # Researchers are the backbone, ranked by their links toward the centre; the links within the outermost
    # ring are then fetched among the kept only (among all of a big ring they cost more than the rest together).
    people = _most_connected(s, centre, limit)
    outer = sorted(set(ring) & set(people))

    async def add(rows: Awaitable[list[Row]], kind: NodeKind, edge: EdgeKind, undirected: bool = False) -> None:
        s.add(await rows, kind, edge, undirected)

    async def add_papers() -> None:
        most = limit * PAPERS_PER_NODE
        papers = _papers_of(s, await graph.read("graph/list_papers", ids=people, limit=most + 1, **window), most)
        more = [add(graph.read("graph/list_citations", ids=papers), NodeKind.PAPER, EdgeKind.CITES)]
        if NodeKind.TOPIC in wanted:
            more.append(add(graph.read("graph/list_topics", ids=papers), NodeKind.TOPIC, EdgeKind.ABOUT))
        await asyncio.gather(*more)

    # The rest depends on the kept researchers only: asked at once, each answer added as it comes.
    parts = []
    if len(outer) > 1:
        ring_links = graph.read(
            "graph/list_collaborations", ids=outer, among=outer, minJointPapers=min_joint_papers, **window
        )
        parts.append(add(ring_links, NodeKind.RESEARCHER, EdgeKind.COLLABORATES_WITH, undirected=True))
    if NodeKind.PAPER in wanted:
        parts.append(add_papers())
    if NodeKind.INSTITUTION in wanted:
        institutions = graph.read("graph/list_institutions", ids=people, **window)
        parts.append(add(institutions, NodeKind.INSTITUTION, EdgeKind.AFFILIATED_WITH))
    await asyncio.gather(*parts)
    degree = Counter(n for (a, b, _) in s.edges for n in (a, b))
    kept = set(_most_connected(s, centre, limit, degree))
    # Cut first, then sort: a hub's walk finds thousands of edges, of which the slice keeps a few hundred.
    nodes = sorted((n for n in s.nodes if n in kept), key=lambda n: (-degree[n], n))
    edges = sorted(((e.value, a, b, e, w) for (a, b, e), w in s.edges.items() if a in kept and b in kept))
    return GraphSlice(
        nodes=[
            GraphNode(id=strawberry.ID(n), kind=s.nodes[n][0], label=s.nodes[n][1], weight=degree[n]) for n in nodes
        ],
        edges=[_edge(a, b, e, w) for _, a, b, e, w in edges],
        truncated=s.truncated or len(s.nodes) > len(kept),
    )


neighbourhood_field = strawberry.field(
    resolver=neighbourhood,
    description=(
        "The graph around a researcher, as the web view draws it. Researchers within `depth` co-authorship hops "
        "(collaborations active in the year window, with at least minJointPapers joint papers) are the backbone, "
        "with every collaboration among the researchers drawn; "
        "`kinds` adds PAPER (papers they wrote in the window, and CITES among them; when there are more than "
        f"{PAPERS_PER_NODE} * limit, those with the most authors among the researchers), TOPIC (with PAPER: what "
        "those papers are about) and INSTITUTION (their affiliations). When there are more than `limit` nodes, "
        "the centre and the most connected nodes are kept and `truncated` is true (researchers are ranked first, by "
        "their links except those between two researchers of the outermost ring). "
        f"Limits: depth >= 1, limit >= 1, depth * limit <= {limits.MAX_NEIGHBOURHOOD}. "
        "An empty slice when the id is not a researcher's."
    ),
)
