"""collaborationPaths over HTTP, checked against breadth-first search and path enumeration over the same fixture."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests import api_community
from tests.api_community import COMMUNITY, GraphQL, R, bfs_distances, simple_paths

api, client = api_community.api, api_community.client  # the fixtures these tests use, by name

pytestmark = pytest.mark.anyio

PATHS = """
query ($from: ID!, $to: ID!, $maxHops: Int, $k: Int, $yearFrom: Int, $yearTo: Int, $avoid: [ID!]) {
  collaborationPaths(from: $from, to: $to, maxHops: $maxHops, k: $k, yearFrom: $yearFrom, yearTo: $yearTo, avoid: $avoid) {
    length
    researchers { id }
    hops { from { id } to { id } jointPapers papers { id year } }
  }
}
"""

AYHAN, VARGA, LIN = R[0], R[19], R[25]


def sequences(paths: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    return [tuple(r["id"] for r in p["researchers"]) for p in paths]


def check_paths(paths: list[dict[str, Any]], adj: dict[str, set[str]], source: str, target: str, max_hops: int, k: int,
                year_from: int | None = None, year_to: int | None = None) -> None:
    """The answer is k shortest simple paths of the filtered graph, shortest first, each hop with its joint papers."""
    expected = simple_paths(adj, source, target, max_hops)
    got = sequences(paths)
    assert len(got) == min(k, len(expected))
    assert len(set(got)) == len(got), "paths repeat"
    assert [len(p) for p in got] == [len(p) for p in expected[: len(got)]], "not the k shortest lengths"
    for seq, path in zip(got, paths, strict=True):
        assert seq in expected, f"{seq} is not a simple path of the filtered graph"
        assert (seq[0], seq[-1]) == (source, target) and path["length"] == len(seq) - 1
        for (a, b), hop in zip(itertools.pairwise(seq), path["hops"], strict=True):
            assert (hop["from"]["id"], hop["to"]["id"]) == (a, b)
            joint = COMMUNITY.newest_first(COMMUNITY.joint_papers(a, b, year_from, year_to))
            assert [p["id"] for p in hop["papers"]] == joint and hop["jointPapers"] == len(joint) > 0


async def test_one_shortest_path_is_as_long_as_breadth_first_search_says(client: GraphQL) -> None:
    adj = COMMUNITY.adjacency()
    dist = bfs_distances(adj, AYHAN)
    for target in R[1:]:
        paths = (await client(PATHS, **{"from": AYHAN, "to": target, "maxHops": 8}))["collaborationPaths"]
        if target not in dist:
            assert paths == []
            continue
        assert [p["length"] for p in paths] == [dist[target]]
        check_paths(paths, adj, AYHAN, target, 8, 1)


async def test_k_shortest_paths_are_the_k_shortest_distinct_simple_paths(client: GraphQL) -> None:
    adj = COMMUNITY.adjacency()
    for source, target in [(AYHAN, VARGA), (R[7], R[22]), (R[4], R[17]), (R[3], R[29])]:
        for k, max_hops in [(2, 6), (5, 6), (10, 8), (10, 4)]:
            variables = {"from": source, "to": target, "k": k, "maxHops": max_hops}
            paths = (await client(PATHS, **variables))["collaborationPaths"]
            check_paths(paths, adj, source, target, max_hops, k)


async def test_max_hops_bounds_the_search(client: GraphQL) -> None:
    dist = bfs_distances(COMMUNITY.adjacency(), AYHAN)
    far = max(dist, key=lambda r: (dist[r], r))
    assert dist[far] >= 3
    assert (await client(PATHS, **{"from": AYHAN, "to": far, "maxHops": dist[far] - 1}))["collaborationPaths"] == []
    paths = (await client(PATHS, **{"from": AYHAN, "to": far, "maxHops": dist[far]}))["collaborationPaths"]
    assert [p["length"] for p in paths] == [dist[far]]


@pytest.mark.parametrize(("year_from", "year_to"), [(2008, 2012), (2010, None), (None, 2009), (2013, 2015), (2005, 2005)])
async def test_a_year_window_counts_only_collaborations_with_a_joint_paper_inside_it(
    client: GraphQL, year_from: int | None, year_to: int | None
) -> None:
    adj = COMMUNITY.adjacency(year_from, year_to)
    for source, target in [(AYHAN, VARGA), (AYHAN, R[9]), (R[2], R[19]), (R[4], R[17])]:
        for k in (1, 4):
            variables = {"from": source, "to": target, "k": k, "maxHops": 8, "yearFrom": year_from, "yearTo": year_to}
            paths = (await client(PATHS, **variables))["collaborationPaths"]
            check_paths(paths, adj, source, target, 8, k, year_from, year_to)


async def test_a_window_between_two_joint_papers_drops_that_collaboration(client: GraphQL) -> None:
    # Ayhan and Lund wrote together in 2005 and 2015 only: their years overlap 2008-2012, their papers do not.
    assert (await client(PATHS, **{"from": AYHAN, "to": R[9], "maxHops": 1}))["collaborationPaths"]
    windowed = {"from": AYHAN, "to": R[9], "maxHops": 1, "yearFrom": 2008, "yearTo": 2012}
    assert (await client(PATHS, **windowed))["collaborationPaths"] == []


async def test_avoided_people_are_not_on_any_path(client: GraphQL) -> None:
    first = sequences((await client(PATHS, **{"from": AYHAN, "to": VARGA}))["collaborationPaths"])[0]
    avoid = list(first[1:-1])
    adj = COMMUNITY.adjacency(avoid=frozenset(avoid))
    paths = (await client(PATHS, **{"from": AYHAN, "to": VARGA, "k": 5, "maxHops": 8, "avoid": avoid}))["collaborationPaths"]
    check_paths(paths, adj, AYHAN, VARGA, 8, 5)
    assert not any(set(avoid) & set(seq) for seq in sequences(paths))
    both = {"from": AYHAN, "to": VARGA, "k": 3, "maxHops": 8, "avoid": avoid[:1], "yearFrom": 2009, "yearTo": 2015}
    paths = (await client(PATHS, **both))["collaborationPaths"]
    check_paths(paths, COMMUNITY.adjacency(2009, 2015, frozenset(avoid[:1])), AYHAN, VARGA, 8, 3, 2009, 2015)


async def test_people_in_different_communities_have_no_path(client: GraphQL) -> None:
    assert (await client(PATHS, **{"from": AYHAN, "to": LIN, "k": 3}))["collaborationPaths"] == []
    assert (await client(PATHS, **{"from": AYHAN, "to": LIN, "avoid": [R[1]]}))["collaborationPaths"] == []


async def test_an_unknown_end_gives_no_path(client: GraphQL) -> None:
    assert (await client(PATHS, **{"from": AYHAN, "to": "name:nobody"}))["collaborationPaths"] == []


@pytest.mark.parametrize(
    ("variables", "code", "words"),
    [
        ({"maxHops": 9}, "LIMIT_EXCEEDED", "`maxHops` is 9; the limit is 8"),
        ({"maxHops": 0}, "BAD_USER_INPUT", "`maxHops` must be 1 or more"),
        ({"k": 11}, "LIMIT_EXCEEDED", "`k` is 11; the limit is 10"),
        ({"k": 0}, "BAD_USER_INPUT", "`k` must be 1 or more"),
        ({"yearFrom": 2012, "yearTo": 2010}, "BAD_USER_INPUT", "`yearFrom` (2012) is after `yearTo` (2010)"),
        ({"to": AYHAN}, "BAD_USER_INPUT", "the same researcher"),
        ({"avoid": [VARGA]}, "BAD_USER_INPUT", "`avoid` holds `from` or `to`"),
        ({"avoid": [f"name:x{i}" for i in range(101)]}, "LIMIT_EXCEEDED", "number of ids in avoid"),
    ],
)
async def test_bad_or_excessive_arguments_are_clear_errors(
    client: GraphQL, variables: dict[str, Any], code: str, words: str
) -> None:
    errors = await client.errors(PATHS, **({"from": AYHAN, "to": VARGA} | variables))
    assert errors[0]["extensions"]["code"] == code
    assert words in errors[0]["message"]
