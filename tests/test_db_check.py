"""`collab db check` finds what breaks the loaders' promises, with examples, and passes a graph that keeps them."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from app.graph import Graph
from loaders.check import KEY_LIMIT, check
from tests.conftest import FIXTURES
from tests.loading import load_files
from tests.processes import run_collab

pytestmark = pytest.mark.anyio
BIB = FIXTURES / "bibtex" / "dblp-style.bib"


async def test_a_loaded_graph_passes_and_each_broken_promise_is_reported_with_an_example(graph: Graph, tmp_path: Path) -> None:
    await load_files(graph, "bibtex", BIB, tmp_path=tmp_path)
    report = await check(graph)
    assert report.ok, report.text()
    assert report.text().startswith("graph ok: ") and report.checked["co-author pairs"] > 0

    await graph.write("inspect/merge_wrong_pair", [], papers=99)
    await graph.write("inspect/merge_unbacked_pair", [], a="name:zz-a", b="name:zz-b")
    stale = sorted(r["id"] for r in await graph.read("inspect/list_researchers"))[0]
    await graph.write("inspect/merge_stale_counter", [], id=stale, works=999)
    await graph.write("inspect/merge_long_topic", [], id="keyword:" + "x" * KEY_LIMIT)
    await graph.write("inspect/merge_writer_holder", [], token="t", pid=1, host="elsewhere", seen=int(time.time() * 1000))

    report = await check(graph)
    found = {p.what.split(" ")[0] + " " + p.what.split(" ")[1]: p for p in report.problems}
    text = report.text()
    assert not report.ok and len(report.problems) == 5, text
    assert "the edge says 99" in text  # the pair whose count was changed, with both figures
    assert "name:zz-a - name:zz-b (1 papers)" in text  # the edge nothing backs
    assert f"{stale}: works 999" in text
    assert f"nodes with a key longer than {KEY_LIMIT:,} characters: 1" in text
    assert "another load (pid 1 on elsewhere" in text and "is still writing" in text
    assert all(p.count >= 1 for p in found.values())


def test_collab_db_check_exits_0_with_one_line_or_1_with_the_problems(tmp_path: Path) -> None:
    engine = tmp_path / "engine"
    assert run_collab(engine, "load", "bibtex", str(BIB), "-q").returncode == 0
    ok = run_collab(engine, "db", "check")
    assert ok.returncode == 0 and ok.stdout.count("\n") == 1 and ok.stdout.startswith("graph ok: "), ok
    dead = os.getpid() + 10_000_000  # no such process: a load that died
    assert run_collab(engine, "db", "check").returncode == 0
    import asyncio

    from app.graph import open_graph
    from tests.conftest import make_settings

    async def leave_a_dead_claim() -> None:
        g = await open_graph(make_settings(data_dir=engine))
        try:
            await g.write("inspect/merge_writer_holder", [], token="t", pid=dead, host=socket.gethostname(), seen=0)
        finally:
            await g.close()

    asyncio.run(leave_a_dead_claim())
    bad = run_collab(engine, "db", "check")
    assert bad.returncode == 1
    assert f"another load (pid {dead} on {socket.gethostname()}" in bad.stderr
    assert "stopped before finishing; run it again to complete it" in bad.stderr
    assert bad.stderr.strip().endswith("1 problem(s) in " + ok.stdout.removeprefix("graph ok: ").removesuffix(" checked\n"))
