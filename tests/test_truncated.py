"""A file cut short loads what it can, says where it stopped, and `collab load` exits non-zero."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.graph import Graph
from loaders import bibtex
from loaders.sources import open_records
from tests.conftest import FIXTURES
from tests.loading import invariant, load_files
from tests.stops import read_until_stopped

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[1]


def collab(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`collab ARGS` as a user runs it, on the embedded engine in `data_dir`."""
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"} | {"COLLAB_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def cut_bibtex(tmp_path: Path, entries: int = 20_000) -> tuple[Path, int]:
    """A .bib.gz of `entries` co-authored entries, cut in half; and how many whole entries come before the cut (the
    parser reads 1 MB of text at a time, so the cut must come after the first megabyte)."""
    text = "".join(
        f"@inproceedings{{conf/x/E{i},\n  title = {{Entry number {i * 7919}}},\n  year = {{{1990 + i % 30}}},\n"
        f"  author = {{Author {i % 300} and Other {i % 170}}}\n}}\n"
        for i in range(entries)
    )
    whole = gzip.compress(text.encode())
    path = tmp_path / "cut.bib.gz"
    path.write_bytes(whole[: len(whole) // 2])
    before, stop = read_until_stopped(bibtex.parse(path))
    assert stop is not None and 100 < len(before) < entries
    return path, len(before)


async def test_a_cut_file_loads_up_to_the_break_the_next_file_loads_and_the_summary_says_where(
    graph: Graph, tmp_path: Path
) -> None:
    path, before = cut_bibtex(tmp_path)
    summary = await load_files(graph, None, path, FIXTURES / "arxiv" / "sample.jsonl", tmp_path=tmp_path, batch_size=500)
    [stopped] = summary.stopped
    assert re.fullmatch(r"cut\.bib\.gz:\d+: the file breaks off here \(EOFError: .*\); the rest is lost", stopped)
    assert f"stopped: {stopped}; the records before it were loaded" in summary.text()
    papers = {r["id"] for r in await graph.read("inspect/list_papers")}
    assert {f"dblp:conf/x/E{i}" for i in range(before)} <= papers  # every entry before the break
    assert f"dblp:conf/x/E{before}" not in papers
    assert any(p.startswith("arxiv:") or p.startswith("doi:") for p in papers)  # the next file loaded too
    check = await invariant(graph)
    assert check["wrong"] == 0 and check["pairs"] > 0


async def test_a_whole_file_says_nothing_of_stopping(graph: Graph, tmp_path: Path) -> None:
    summary = await load_files(graph, "bibtex", FIXTURES / "bibtex" / "dblp-style.bib", tmp_path=tmp_path)
    assert summary.stopped == [] and "stopped" not in summary.text()


async def test_cut_fields_are_counted_apart_from_rejects_and_said_in_the_report(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "long.bib"
    path.write_text("@article{a,\n  title = {A},\n  author = {Ann Bee},\n  booktitle = {" + "v" * 5_000 + "}\n}\n"
                    "@article{b,\n  title = {" + "B" * 5_000 + "},\n  author = {Ann Bee}\n}\n")
    summary = await load_files(graph, "bibtex", path, tmp_path=tmp_path)
    assert (summary.cut, summary.rejected, summary.papers_new) == (1, 1, 1)
    assert "cut: 1 overlong fields, their records loaded" in summary.text()
    report = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["outcome"]) for r in report] == [(1, "cut"), (6, "skipped")]


def test_collab_load_of_a_truncated_gz_exits_1_after_loading_what_came_before(tmp_path: Path) -> None:
    """End to end: the summary and a stderr line say where it stopped; the graph holds the entries before the cut."""
    path, before = cut_bibtex(tmp_path)
    data = tmp_path / "data"
    done = collab(data, "load", "-q", str(path))
    assert done.returncode == 1, done.stderr
    assert re.search(r"^stopped: cut\.bib\.gz:\d+: the file breaks off here .*; the records before it were loaded$",
                     done.stdout, re.M), done.stdout
    assert "collab: error: 1 file(s) could not be read to the end; the records before the break were loaded" in done.stderr
    assert f"read {before:,} records" in done.stdout
    stats = collab(data, "db", "stats").stdout
    assert re.search(rf"^\s+Paper\s+{before:,}$", stats, re.M), stats


def test_a_parser_that_does_not_place_a_break_still_stops_the_file_not_the_load(tmp_path: Path) -> None:
    """A profile export cut short (its parser reads lines and knows nothing of streams) stops with the file's name
    after the listings before the break, like the sources that say the line."""
    card = (FIXTURES / "profiles" / "card-guoying-zhao.txt").read_bytes()
    whole = gzip.compress(card * 40)  # larger than one read of the decompressor, so the head still reads
    path = tmp_path / "card.txt.gz"
    path.write_bytes(whole[: len(whole) * 3 // 4])
    records, stop = read_until_stopped(open_records("profile", path))
    assert stop is not None and stop.where == "card.txt.gz" and "breaks off" in stop.reason
    assert records and type(records[0]).__name__ == "Person"
