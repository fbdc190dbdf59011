"""The same real files loaded into both engines give the same answers: `db stats` counts, searches, collaboration
paths, close collaborators and neighbourhoods, asked through the GraphQL schema as the app asks them.

The files: the first CVPR records of DBLP's CV/ML BibTeX (a connected community), the OpenAlex works (topics,
institutions, citations) and the dblp.xml excerpt (ids that merge with the BibTeX's), all from ../shared/data.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.api.dataloaders import Loaders
from app.api.schema import schema
from app.graph import Graph, open_graph
from app.settings import Settings
from bench.load import first_records
from loaders.load import load
from tests.conftest import make_settings
from tests.shared_data import shared_data_dir

pytestmark = pytest.mark.anyio

CVPR_RECORDS = 4_000
SAMPLE = 25
ENGINES = ("falkordb", "neo4j")


@dataclass(frozen=True)
class Loaded:
    settings: dict[str, Settings]
    people: list[dict[str, Any]]  # researchers with a few co-authors, by id, the same on both engines


def _files(tmp: Path) -> list[Path]:
    data = shared_data_dir()
    cvpr = first_records(data / "bibtex" / "dblp-cv-ml-2015.bib.gz", CVPR_RECORDS, tmp / "cvpr.bib")
    return [cvpr, data / "openalex" / "works-200.jsonl", data / "dblp" / "dblp-excerpt.xml"]


async def _load(settings: Settings, files: list[Path], rejects: Path) -> list[dict[str, Any]]:
    graph = await open_graph(settings)
    try:
        await graph.reset()
        await load(graph, None, files, rejects)
        return await graph.read("parity/list_connected_researchers", minCoauthors=3)
    finally:
        await graph.close()


@pytest.fixture(scope="module")
def loaded(embedded_dir: Path, neo4j_uri: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    """Both engines holding the same files; Neo4j's one database stays loaded until the next module resets it."""
    tmp = tmp_path_factory.mktemp("parity")
    files = _files(tmp)
    uri, password = neo4j_uri
    # A slow machine must not turn a parity check into a timeout.
    settings = {
        "falkordb": make_settings(data_dir=embedded_dir, graph_name="parity", query_timeout_ms=20_000),
        "neo4j": make_settings(neo4j_uri=uri, neo4j_password=password, query_timeout_ms=20_000),
    }
    people = {}
    with ThreadPoolExecutor(1) as pool:  # a loop of its own: the test's may already run in this thread
        for engine, s in settings.items():
            people[engine] = pool.submit(asyncio.run, _load(s, files, tmp / f"rejects-{engine}.jsonl")).result()
    assert people["falkordb"] == people["neo4j"], "the engines disagree on who has three or more co-authors"
    assert len(people["neo4j"]) > 200
    return Loaded(settings, people["neo4j"])


@pytest.fixture
async def graphs(loaded: Loaded) -> AsyncIterator[dict[str, Graph]]:
    opened = {engine: await open_graph(s) for engine, s in loaded.settings.items()}
    yield opened
    for g in opened.values():
        await g.close()


async def ask(graph: Graph, query: str, **variables: Any) -> dict[str, Any]:
    result = await schema.execute(query, variable_values=variables, context_value={"graph": graph, "loaders": Loaders(graph)})
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


async def both(graphs: dict[str, Graph], query: str, **variables: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return await ask(graphs["falkordb"], query, **variables), await ask(graphs["neo4j"], query, **variables)


def sample(loaded: Loaded, seed: int, n: int = SAMPLE) -> list[dict[str, Any]]:
    return random.Random(seed).sample(loaded.people, n)


async def test_db_stats_counts_the_same_nodes_and_relationships_on_both_engines(graphs: dict[str, Graph]) -> None:
    falkordb, neo4j = [await graphs[e].counts() for e in ENGINES]
    assert falkordb == neo4j
    assert set(neo4j["nodes"]) == {"Researcher", "Paper", "Topic", "Institution"}
    assert {"AUTHORED", "COLLABORATES_WITH", "ABOUT", "AFFILIATED_WITH", "CITES"} <= set(neo4j["relationships"])


async def test_db_stats_counts_are_what_a_scan_of_the_graph_counts_on_each_engine(graphs: dict[str, Graph]) -> None:
    """The counts come from the engines' statistics (no scan); here they are checked against a full scan."""
    for engine in ENGINES:
        g = graphs[engine]
        scanned_nodes = {r["label"]: r["count"] for r in await g.scan("inspect/count_nodes_by_scan")}
        scanned_rels = {r["type"]: r["count"] for r in await g.scan("inspect/count_relationships_by_scan")}
        assert await g.counts() == {"nodes": scanned_nodes, "relationships": scanned_rels}, engine
        assert "LoadState" not in scanned_nodes  # the loads leave their bookkeeping node; it is not user data


SEARCH = """query ($q: String!) { searchResearchers(query: $q, first: 20) { totalCount edges { node { id } } } }"""


def _queries(people: list[dict[str, Any]]) -> list[str]:
    """Whole names, surnames alone (many ties), and an initial with a surname, as users type them."""
    queries = []
    for p in people:
        words = p["name"].split()
        queries += [p["name"], words[-1], f"{words[0][0]}. {words[-1]}"]
    return queries


async def test_searches_find_the_same_researchers_in_the_same_order_on_both_engines(
    loaded: Loaded, graphs: dict[str, Graph]
) -> None:
    differ, found_any = {}, 0
    for q in _queries(sample(loaded, seed=1)):
        falkordb, neo4j = await both(graphs, SEARCH, q=q)
        ids = [[e["node"]["id"] for e in answer["searchResearchers"]["edges"]] for answer in (falkordb, neo4j)]
        if falkordb["searchResearchers"]["totalCount"] != neo4j["searchResearchers"]["totalCount"]:
            differ[f"{q} (total)"] = (falkordb["searchResearchers"]["totalCount"], neo4j["searchResearchers"]["totalCount"])
        if ids[0] != ids[1]:  # where the two lists part, and what each engine found from there
            at = next(i for i, (a, b) in enumerate(zip([*ids[0], None], [*ids[1], None], strict=False)) if a != b)
            differ[q] = (at, ids[0][at : at + 3], ids[1][at : at + 3])
        found_any += bool(ids[1])
    assert differ == {}
    assert found_any > SAMPLE  # whole names find their owner at least


async def test_a_short_surname_taken_as_a_prefix_finds_the_same_researchers_on_both_engines(
    graphs: dict[str, Graph]
) -> None:
    """FalkorDB's index expands a prefix to at most 200 words: 'li*' alone found 621 of the 929 researchers here
    with a word starting 'li'. The query asks for 'li' and 'lia*' ... 'li9*' instead."""
    for q in ("D. Li", "li"):
        falkordb, neo4j = await both(graphs, SEARCH, q=q)
        assert falkordb == neo4j, q
        assert falkordb["searchResearchers"]["edges"], q


PATHS = """query ($from: ID!, $to: ID!, $k: Int) {
  collaborationPaths(from: $from, to: $to, maxHops: 6, k: $k) {
    length researchers { id } hops { from { id } to { id } jointPapers papers { id } }
  }
}"""


def _hops(paths: list[dict[str, Any]]) -> list[tuple[int, frozenset[tuple[str, str, int, tuple[str, ...]]]]]:
    return [
        (p["length"], frozenset((h["from"]["id"], h["to"]["id"], h["jointPapers"], tuple(x["id"] for x in h["papers"]))
                                for h in p["hops"]))
        for p in paths
    ]


@pytest.mark.parametrize("k", [1, 3])
async def test_collaboration_paths_have_the_same_lengths_and_hops_on_both_engines(
    loaded: Loaded, graphs: dict[str, Graph], k: int
) -> None:
    people = [p["id"] for p in sample(loaded, seed=2, n=2 * SAMPLE)]
    differ, lengths = {}, []
    for a, b in zip(people[::2], people[1::2], strict=True):
        falkordb, neo4j = await both(graphs, PATHS, **{"from": a, "to": b, "k": k})
        if _hops(falkordb["collaborationPaths"]) != _hops(neo4j["collaborationPaths"]):
            differ[a, b] = [[[r["id"] for r in p["researchers"]] for p in answer["collaborationPaths"]]
                            for answer in (falkordb, neo4j)]
        lengths += [p["length"] for p in neo4j["collaborationPaths"]]
    assert differ == {}
    assert len(set(lengths)) > 1  # pairs near and far: the sample is not all strangers


CLOSE = """query ($id: ID!) {
  closeCollaborators(id: $id, first: 10) {
    researcher { id } jointPapers firstYear lastYear score
    reasons { jointPapers recency topicOverlap sharedInstitution commonCollaborators }
  }
}"""


async def test_close_collaborators_are_the_same_people_with_the_same_scores_on_both_engines(
    loaded: Loaded, graphs: dict[str, Graph]
) -> None:
    differ = {}
    for person in sample(loaded, seed=3):
        falkordb, neo4j = await both(graphs, CLOSE, id=person["id"])
        if falkordb != neo4j:
            differ[person["id"]] = (falkordb["closeCollaborators"], neo4j["closeCollaborators"])
        assert neo4j["closeCollaborators"], person["id"]
    assert differ == {}


NEIGHBOURHOOD = """query ($id: ID!, $depth: Int) {
  neighbourhood(id: $id, depth: $depth, limit: 60) { nodes { id kind weight } edges { source target kind weight } truncated }
}"""


@pytest.mark.parametrize("depth", [1, 2])
async def test_neighbourhoods_draw_the_same_nodes_and_edges_on_both_engines(
    loaded: Loaded, graphs: dict[str, Graph], depth: int
) -> None:
    differ = []
    for person in sample(loaded, seed=4, n=10):
        falkordb, neo4j = await both(graphs, NEIGHBOURHOOD, id=person["id"], depth=depth)
        if falkordb != neo4j:
            differ.append(person["id"])
    assert differ == []
