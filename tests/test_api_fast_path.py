"""The API's big answers (a graph slice, collaboration paths) take the fast executor (app/api/execution.py), and a
selection it does not handle still goes graphql-core's ordinary way, with the same answer.

Which way a list went is seen by recording the lists graphql-core completes itself, item by item; the fast
executor completes the others in one pass without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql.execution.executor import Executor

from tests import api_community
from tests.api_community import GraphQL, R

api, client = api_community.api, api_community.client  # the fixtures these tests use, by name

pytestmark = pytest.mark.anyio

SLICE = """query ($id: ID!) {
  neighbourhood(id: $id, depth: 2, limit: 200) { nodes { id kind label weight } edges { source target kind weight } }
}"""
# __typename is not a plain attribute: the fast executor leaves these lists to graphql-core.
SLICE_WITH_TYPENAMES = """query ($id: ID!) {
  neighbourhood(id: $id, depth: 2, limit: 200) {
    nodes { __typename id kind label weight } edges { __typename source target kind weight }
  }
}"""
PATHS = """query ($from: ID!, $to: ID!) {
  collaborationPaths(from: $from, to: $to, k: 3, maxHops: 6) {
    length researchers { id name } hops { jointPapers papers { id title year } }
  }
}"""


@pytest.fixture
def ordinary_lists(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The fields whose lists graphql-core completed item by item while the test ran (the app serves in this
    process, so it runs through the class recorded here)."""
    seen: list[str] = []
    complete = Executor.complete_iterable_value

    def recording(self: Executor, item_type: Any, field_details_list: Any, info: Any, *rest: Any) -> Any:
        seen.append(info.field_name)
        return complete(self, item_type, field_details_list, info, *rest)

    monkeypatch.setattr(Executor, "complete_iterable_value", recording)
    yield seen


async def test_a_slice_is_completed_by_the_fast_executor(client: GraphQL, ordinary_lists: list[str]) -> None:
    answer = (await client(SLICE, id=R[0]))["neighbourhood"]
    assert len(answer["nodes"]) > 10 and len(answer["edges"]) > 10  # a slice worth the fast way
    assert ordinary_lists == []


async def test_paths_are_completed_by_the_fast_executor(client: GraphQL, ordinary_lists: list[str]) -> None:
    paths = (await client(PATHS, **{"from": R[0], "to": R[19]}))["collaborationPaths"]
    assert paths and all(hop["papers"] for path in paths for hop in path["hops"])
    assert "researchers" not in ordinary_lists and "hops" not in ordinary_lists and "papers" not in ordinary_lists


async def test_a_selection_the_fast_executor_does_not_handle_goes_the_ordinary_way(
    client: GraphQL, ordinary_lists: list[str]
) -> None:
    fast = (await client(SLICE, id=R[0]))["neighbourhood"]
    assert ordinary_lists == []
    ordinary = (await client(SLICE_WITH_TYPENAMES, id=R[0]))["neighbourhood"]
    assert {"nodes", "edges"} <= set(ordinary_lists)
    assert {n.pop("__typename") for n in ordinary["nodes"]} == {"GraphNode"}
    assert {e.pop("__typename") for e in ordinary["edges"]} == {"GraphEdge"}
    assert ordinary == fast
