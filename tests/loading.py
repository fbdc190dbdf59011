"""Loading files into a test graph and checking what the load left: shared by the load tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.graph import Graph
from loaders.load import Summary, load
from loaders.options import LoadOptions


async def load_files(
    graph: Graph, source: str | None, *paths: Path, tmp_path: Path, batch_size: int = 2_000,
    options: LoadOptions | None = None,
) -> Summary:
    """Load `paths` as `source` (None: inferred per file), with rejects under `tmp_path`."""
    return await load(graph, source, list(paths), tmp_path / "rejects.jsonl", batch_size=batch_size, options=options)


async def invariant(graph: Graph) -> dict[str, int]:
    [row] = await graph.read("inspect/count_collaboration_mismatches")
    return row


async def wrong_counters(graph: Graph) -> int:
    """Researchers whose works and years differ from their AUTHORED edges (checked: at least one researcher)."""
    [row] = await graph.read("inspect/count_researcher_counter_mismatches")
    assert row["researchers"] > 0
    return row["wrong"]


# A card listing the page fixture's last paper without its year, as cards do for the current year ("SIMar 3").
# Taken in 2023 (YEARLESS_CARD_TAKEN) the listing is 2023-03-03, the page's year; taken later (by default, today)
# its year differs from the page's and only the title joins the two.
YEARLESS_CARD_TAKEN = date(2023, 6, 1)
YEARLESS_CARD = """Jonas Lindqvist

SI
h-index3
1papers

1 Papers

SIMar 3
Short Note Without an Abstract

Mira Okafor, Jonas Lindqvist
"""


def synthetic_bib(path: Path, entries: int) -> Path:
    """An invented DBLP-style file: enough batches that a stop lands in the middle of a load."""
    people = [f"Person{i:03d} Example" for i in range(300)]
    with path.open("w", encoding="utf-8") as f:
        for n in range(entries):
            authors = " and ".join(people[(n * k * 7 + k) % len(people)] for k in range(1, 2 + n % 4))
            f.write(f"@inproceedings{{DBLP:conf/toy/P{n},\n  title = {{Invented Study Number {n}}},\n"
                    f"  year = {{{2000 + n % 16}}},\n  booktitle = {{ToyConf}},\n  author = {{{authors}}}\n}}\n")
    return path
