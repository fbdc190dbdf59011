"""neighbourhood over HTTP: the slice around a researcher, its kinds, filters and cut, checked against the fixture."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import pytest

from tests import api_community
from tests.api_community import (
    AFFILIATIONS,
    CITATIONS,
    COMMUNITY,
    GraphQL,
    R,
    bfs_distances,
    paper_id,
)

api, client = api_community.api, api_community.client  # the fixtures these tests use, by name

pytestmark = pytest.mark.anyio

SLICE = """
query ($id: ID!, $depth: Int, $limit: Int, $kinds: [NodeKind!], $yearFrom: Int, $yearTo: Int, $min: Int) {
  neighbourhood(id: $id, depth: $depth, limit: $limit, kinds: $kinds, yearFrom: $yearFrom, yearTo: $yearTo,
                minJointPapers: $min) {
    nodes { id kind label weight }
    edges { source target kind weight }
    truncated
  }
}
"""
Edge = tuple[str, str, str]


def collaborations(year_from: int | None = None, year_to: int | None = None, minimum: int = 1) -> dict[Edge, float]:
    """Co-author pairs whose joint years overlap the window, with at least `minimum` joint papers (all years)."""
    found = {}
    for a, b in itertools.combinations(sorted(R), 2):
        joint = COMMUNITY.joint_papers(a, b)
        years = [COMMUNITY.years[p] for p in joint if COMMUNITY.years[p] is not None]
        if len(joint) < minimum:
            continue
        windowed = year_from is not None or year_to is not None
        if windowed and (not years or (year_from is not None and max(years) < year_from)
                         or (year_to is not None and min(years) > year_to)):
            continue
        found[(a, b, "COLLABORATES_WITH")] = float(len(joint))
    return found


def researcher_slice(centre: str, depth: int, **filters: Any) -> tuple[set[str], dict[Edge, float]]:
    """Researchers within `depth` hops and every collaboration among them (the induced subgraph)."""
    links = collaborations(**filters)
    adj: dict[str, set[str]] = {}
    for a, b, _ in links:
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)
    dist = bfs_distances(adj, centre)
    people = {r for r, d in dist.items() if d <= depth}
    return people, {e: w for e, w in links.items() if e[0] in people and e[1] in people}


def as_sets(s: dict[str, Any]) -> tuple[set[str], dict[Edge, float]]:
    return {n["id"] for n in s["nodes"]}, {(e["source"], e["target"], e["kind"]): e["weight"] for e in s["edges"]}


@pytest.mark.parametrize(("centre", "depth"), [(R[0], 1), (R[0], 2), (R[12], 2), (R[19], 3), (R[25], 2)])
async def test_researchers_within_depth_and_every_collaboration_among_them(client: GraphQL, centre: str, depth: int) -> None:
    s = (await client(SLICE, id=centre, depth=depth, limit=200))["neighbourhood"]
    people, edges = researcher_slice(centre, depth)
    assert as_sets(s) == (people, edges)
    assert s["truncated"] is False
    degree = Counter(n for e in edges for n in e[:2])
    assert all(n["kind"] == "RESEARCHER" and n["weight"] == degree[n["id"]] for n in s["nodes"])
    assert {n["id"]: n["label"] for n in s["nodes"]}[R[0] if centre == R[0] else centre]


async def test_a_cut_keeps_the_centre_and_the_most_connected(client: GraphQL) -> None:
    people, edges = researcher_slice(R[0], 2)
    dist = bfs_distances(COMMUNITY.adjacency(), R[0])
    # Ranked by links toward the centre: a link between two researchers of the outermost ring does not count.
    inner = {e for e in edges if min(dist[e[0]], dist[e[1]]) < 2}
    degree = Counter(n for e in inner for n in e[:2])
    s = (await client(SLICE, id=R[0], depth=2, limit=5))["neighbourhood"]
    kept = [R[0], *sorted(people - {R[0]}, key=lambda n: (-degree[n], n))[:4]]
    assert s["truncated"] is True
    assert as_sets(s) == (set(kept), {e: w for e, w in edges.items() if e[0] in kept and e[1] in kept})
    found = inner | {e for e in edges if e[0] in kept and e[1] in kept}
    assert {n["id"]: n["weight"] for n in s["nodes"]} == {n: sum(n in e[:2] for e in found) for n in kept}


@pytest.mark.parametrize(("year_from", "year_to", "minimum"), [(2013, None, 1), (None, 2010, 1), (2009, 2012, 1), (None, None, 2)])
async def test_filters_keep_collaborations_in_the_window_with_enough_joint_papers(
    client: GraphQL, year_from: int | None, year_to: int | None, minimum: int
) -> None:
    s = (await client(SLICE, id=R[0], depth=2, limit=200, yearFrom=year_from, yearTo=year_to, min=minimum))["neighbourhood"]
    assert as_sets(s) == researcher_slice(R[0], 2, year_from=year_from, year_to=year_to, minimum=minimum)


async def test_kinds_add_papers_citations_topics_and_institutions(client: GraphQL) -> None:
    kinds = ["RESEARCHER", "PAPER", "TOPIC", "INSTITUTION"]
    s = (await client(SLICE, id=R[3], depth=1, limit=400, kinds=kinds, yearFrom=2010))["neighbourhood"]
    people, edges = researcher_slice(R[3], 1, year_from=2010)
    papers = {p for r in people for p in COMMUNITY.papers_of(r) if (COMMUNITY.years[p] or 0) >= 2010}
    edges |= {(r, p, "AUTHORED"): 1.0 for p in papers for r in COMMUNITY.authors[p] if r in people}
    edges |= {(paper_id(a), paper_id(b), "CITES"): 1.0 for a, b in CITATIONS if {paper_id(a), paper_id(b)} <= papers}
    edges |= {(p, t, "ABOUT"): 1.0 - 0.25 * k for p in papers for k, t in enumerate(COMMUNITY.topics[p])}
    edges |= {(R[i], inst, "AFFILIATED_WITH"): 1.0 for i, inst, _, last in AFFILIATIONS if R[i] in people and last >= 2010}
    nodes = people | papers | {t for p in papers for t in COMMUNITY.topics[p]} | {e[1] for e in edges if e[2] == "AFFILIATED_WITH"}
    assert as_sets(s) == (nodes, edges)
    kinds_seen = {n["id"]: n["kind"] for n in s["nodes"]}
    assert kinds_seen[R[3]] == "RESEARCHER" and kinds_seen[paper_id(3)] == "PAPER"
    assert kinds_seen["keyword:ml"] == "TOPIC" and kinds_seen["inst:north"] == "INSTITUTION"
    assert {n["id"]: n["label"] for n in s["nodes"]}[paper_id(3)] == "Fixture Study Number 3"


async def test_an_unknown_centre_is_an_empty_slice(client: GraphQL) -> None:
    assert (await client(SLICE, id="name:nobody"))["neighbourhood"] == {"nodes": [], "edges": [], "truncated": False}
    alone = (await client(SLICE, id=R[28], depth=3))["neighbourhood"]
    assert [n["id"] for n in alone["nodes"]] == [R[28]] and alone["edges"] == []


@pytest.mark.parametrize(
    ("variables", "code", "words"),
    [
        ({"depth": 2, "limit": 501}, "LIMIT_EXCEEDED", "`depth * limit` is 2 * 501 = 1002; the limit is 1000"),
        ({"depth": 11}, "LIMIT_EXCEEDED", "`depth * limit`"),
        ({"depth": 0}, "BAD_USER_INPUT", "`depth` must be 1 or more"),
        ({"limit": 0}, "BAD_USER_INPUT", "`limit` must be 1 or more"),
        ({"min": 0}, "BAD_USER_INPUT", "`minJointPapers` must be 1 or more"),
        ({"yearFrom": 2015, "yearTo": 2014}, "BAD_USER_INPUT", "is after"),
    ],
)
async def test_bad_or_excessive_arguments_are_clear_errors(client: GraphQL, variables: dict, code: str, words: str) -> None:
    errors = await client.errors(SLICE, **({"id": R[0]} | variables))
    assert errors[0]["extensions"]["code"] == code and words in errors[0]["message"]
