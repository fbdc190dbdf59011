"""The load benchmark compares like with like: its UNWIND baseline writes what `collab load` writes."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from falkordb.asyncio import FalkorDB

from app.graph import FalkorGraph, Graph, open_graph
from bench.load import baseline_rows, first_records, write_baseline
from loaders.load import load
from tests.conftest import FIXTURES, make_settings
from tests.shared_data import shared_data_dir

pytestmark = pytest.mark.anyio
_names = itertools.count()


async def _empty_graph(data_dir: Path) -> Graph:
    g = await open_graph(make_settings(data_dir=data_dir, graph_name=f"bench{next(_names)}", query_timeout_ms=60_000))
    await g.reset()  # the project's schema, as both sides of the benchmark write into
    return g


async def _written(graph: Graph) -> dict[tuple[str, str], dict[str, Any]]:
    """What a graph holds, by kind and key; an authorship's load stamp (epoch ms) differs by run, so only its
    presence is compared."""
    written = {(r["kind"], r["key"]): r["properties"] for r in await graph.read("inspect/list_written")}
    for (kind, _), properties in written.items():
        if kind == "AUTHORED":
            properties["loaded_at"] = isinstance(properties.get("loaded_at"), int)
    return written


def _fixture(tmp_path: Path) -> Path:
    return FIXTURES / "bibtex" / "dblp-style.bib"


def _real_sample(tmp_path: Path) -> Path:
    return first_records(shared_data_dir() / "bibtex" / "dblp-cv-ml-2015.bib.gz", 3_000, tmp_path / "first.bib")


@pytest.mark.parametrize("source", [_fixture, _real_sample], ids=["fixture", "cv-ml-first-3000"])
async def test_the_baseline_writes_the_same_nodes_edges_and_properties_as_the_loader(
    embedded_dir: Path, tmp_path: Path, source: Callable[[Path], Path]
) -> None:
    path = source(tmp_path)
    loaded, base = await _empty_graph(embedded_dir), await _empty_graph(embedded_dir)
    try:
        # Batches of 500: researchers recur across batches, so their counters go through the end-of-load recount.
        await load(loaded, "bibtex", [path], tmp_path / "rejects.jsonl", batch_size=500)
        assert isinstance(base, FalkorGraph)
        endpoint = base.endpoint
        client = FalkorDB(host=endpoint.host, port=endpoint.port, password=endpoint.password)
        try:
            _, rows = baseline_rows(path)
            await write_baseline(client.select_graph(base.settings.graph_name), rows)
        finally:
            await client.connection.aclose()
        ours, theirs = await _written(loaded), await _written(base)
    finally:
        await loaded.close()
        await base.close()
    kinds = {kind for kind, _ in ours}
    assert kinds == {"Researcher", "Paper", "AUTHORED", "COLLABORATES_WITH"}
    assert [k for k in ours if ours[k] != theirs.get(k)] == []
    assert ours.keys() == theirs.keys()
