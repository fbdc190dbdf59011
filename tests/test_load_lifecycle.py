"""Loads as users run them: one `collab` process per command, the engine stopped and started between them,
two loads at once, loads and engines stopped at any moment, an engine that dies under `collab serve`."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.graph import Graph, open_graph
from app.settings import Settings
from loaders.writer_lease import LEASE_MS, WriterBusy, take_lease
from tests.conftest import make_settings
from tests.loading import synthetic_bib
from tests.processes import (
    Target,
    engine_pid,
    papers_written,
    run_collab,
    start_collab,
    wait_gone,
    wait_until,
)
from tests.shared_data import shared_data_dir

CV_ML = "bibtex/dblp-cv-ml-2015.bib.gz"
# The README's order: the large BibTeX file first, then every other source, then the first file again.
REAL_SEQUENCE = [
    ("bibtex", CV_ML),
    ("openalex", "openalex/works-200.jsonl"),
    ("openalex", "openalex/works-page-200.json"),
    ("arxiv", "arxiv/arxiv-metadata-sample-1000.jsonl"),
    ("dblp", "dblp/dblp-excerpt.xml"),
    ("profile", "profiles/profile-card-guoying-zhao.txt"),
    ("profile", "profiles/profile-page-chenxu-zhao.txt"),
    ("bibtex", CV_ML),
]
pytestmark = pytest.mark.anyio
INTERRUPTED = "collab: interrupted; whole batches only were written; run the same command again to finish"


@pytest.fixture(params=["falkordb", "neo4j"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    """Each engine, empty: the embedded one under a fresh data directory, or the session's Neo4j after a reset."""
    if request.param == "falkordb":
        return Target(tmp_path / "engine")
    uri, password = request.getfixturevalue("neo4j_uri")
    asyncio.run(_emptied(make_settings(neo4j_uri=uri, neo4j_password=password)))  # claims left by other tests too
    return Target(tmp_path / "engine", (uri, password))


async def _emptied(settings: Settings) -> None:
    graph = await open_graph(settings)
    try:
        await graph.reset()
    finally:
        await graph.close()


def checked(target: Target | Path) -> str:
    """`collab db check` in a process of its own must pass; returns `collab db stats`, the counts to compare."""
    check = run_collab(target, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("graph ok: "), check.stdout
    stats = run_collab(target, "db", "stats")
    assert stats.returncode == 0, stats.stderr
    return stats.stdout.split("\n", 1)[1]  # the counts, without the engine's version line


def test_the_real_files_one_process_each_with_restarts_leave_a_graph_every_next_command_reads(target: Target) -> None:
    data = shared_data_dir()
    counts = []
    for source, name in REAL_SEQUENCE:
        loaded = run_collab(target, "load", source, str(data / name), "-q")
        assert loaded.returncode == 0, f"{name}: {loaded.stderr}"
        assert "WARNING" not in loaded.stderr and "Traceback" not in loaded.stderr, loaded.stderr
        if target.engine == "falkordb":  # the last process out stopped it: the next one replays its files
            assert engine_pid(target.data_dir) is None
        counts.append(checked(target))
    assert counts[-1] == counts[-2]  # the CV/ML file again changes no count
    assert "Paper" in counts[-1] and counts[0] != counts[1]


def _stats_of_a_clean_load(target: Target, source: Path) -> str:
    """A clean load of `source`: into a new data directory, or into Neo4j emptied again."""
    clean = Target(target.data_dir.parent / "clean") if target.engine == "falkordb" else target
    if clean.neo4j:
        assert run_collab(clean, "db", "reset", "--yes").returncode == 0
    assert run_collab(clean, "load", "bibtex", str(source), "-q").returncode == 0
    return checked(clean)


STOPS = {"kill-9-loader": signal.SIGKILL, "ctrl-c": signal.SIGINT, "sigterm": signal.SIGTERM}
MOMENTS = pytest.mark.parametrize("moment", [0.1, 0.5, 0.9], ids=["early", "midway", "late"])


@MOMENTS
@pytest.mark.parametrize("stop", list(STOPS))
def test_a_load_stopped_at_any_moment_then_run_again_after_a_restart_equals_a_clean_load(
    tmp_path: Path, target: Target, stop: str, moment: float
) -> None:
    _stop_and_run_again(tmp_path, target, stop, moment)


@MOMENTS
def test_a_load_whose_embedded_engine_is_killed_at_any_moment_then_run_again_equals_a_clean_load(
    tmp_path: Path, moment: float
) -> None:
    """Neo4j is a server of its own, shared by the session's tests: its crash recovery is Neo4j's, not tested here."""
    _stop_and_run_again(tmp_path, Target(tmp_path / "engine"), "kill-9-engine", moment)


def _stop_and_run_again(tmp_path: Path, target: Target, stop: str, moment: float) -> None:
    records = 4_000
    source = synthetic_bib(tmp_path / "toy.bib", records)
    engine = target.data_dir
    args = ("load", "bibtex", str(source), "--batch-size", "100", "-q")
    loader = start_collab(target, *args)
    wait_until(lambda: papers_written(target) >= records * moment or loader.poll() is not None, "the load to get going")
    if loader.poll() is not None:
        pytest.fail(f"the load ended before the stop: {loader.communicate()[1].decode()}")
    server = engine_pid(engine)
    assert (server is None) == bool(target.neo4j)
    if stop == "kill-9-engine":
        os.kill(server, signal.SIGKILL)  # type: ignore[arg-type]
    else:
        loader.send_signal(STOPS[stop])
    _, err = loader.communicate(timeout=120)
    message = err.decode().strip()
    if stop in ("ctrl-c", "sigterm"):  # one line, no traceback, the shell's status for an interrupt, engine stopped
        assert (loader.returncode, message) == (130, INTERRUPTED)
        assert server is None or (wait_gone(server) and engine_pid(engine) is None)
    elif stop == "kill-9-engine":  # the loader notices, says so in a line, and fails
        assert loader.returncode == 1, message
        assert "Traceback" not in message
        last = message.splitlines()[-1]
        assert last.startswith("collab: error: ") and "stopped answering" in last, message
    else:
        assert loader.returncode == -signal.SIGKILL
    if (pid := engine_pid(engine)) is not None:  # a restart between the stop and the next command
        os.kill(pid, signal.SIGTERM)
        assert wait_gone(pid)
    stopped = run_collab(target, "db", "check")  # the stopped load is reported; each batch wrote its pairs whole
    assert stopped.returncode == 1 and "stopped before" in stopped.stderr, stopped.stderr
    assert "co-author pairs whose" not in stopped.stderr and "no joint paper backs" not in stopped.stderr
    papers = int(run_collab(target, "db", "stats").stdout.split("Paper", 1)[1].split()[0].replace(",", ""))
    assert 0 < papers <= records and papers % 100 == 0  # whole batches of 100 only (all of them when stopped in the recount)
    again = run_collab(target, *args)
    assert again.returncode == 0, again.stderr
    assert checked(target) == _stats_of_a_clean_load(target, source)


def test_a_second_load_or_a_reset_while_one_runs_is_refused_with_who_holds_the_graph_and_the_first_completes(
    tmp_path: Path, target: Target
) -> None:
    source = synthetic_bib(tmp_path / "toy.bib", 20_000)
    first = start_collab(target, "load", "bibtex", str(source), "--batch-size", "50", "-q")
    wait_until(lambda: papers_written(target) >= 300 or first.poll() is not None, "the first load to write")
    assert first.poll() is None
    for command in (("load", "bibtex", str(source), "-q"), ("db", "reset", "--yes")):
        second = run_collab(target, *command)
        assert second.returncode == 1
        assert f"another load (pid {first.pid} on {socket.gethostname()}" in second.stderr
        assert "is writing to this graph; run this one when it has finished" in second.stderr
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err.decode()
    assert "read 20,000 records" in out.decode()
    checked(target)


async def test_the_writer_claim_is_held_by_one_load_and_taken_over_from_a_dead_one(graph: Graph) -> None:
    held = await take_lease(graph)
    with pytest.raises(WriterBusy, match=f"pid {os.getpid()}"):
        await take_lease(graph)
    await held.release(finished=True)
    again = await take_lease(graph)
    assert not again.recount_all
    await again.release(finished=True)
    now = int(time.time() * 1000)
    dead = _dead_pid()
    await graph.write("inspect/merge_writer_holder", [], token="dead", pid=dead, host=socket.gethostname(), seen=now)
    taken = await take_lease(graph)  # its process is gone: taken over, and everyone is recounted at the end
    assert taken.recount_all
    await taken.release(finished=True)
    await graph.write("inspect/merge_writer_holder", [], token="far", pid=1, host="elsewhere", seen=now)
    with pytest.raises(WriterBusy, match="on elsewhere"):  # another host's load that beat recently
        await take_lease(graph)
    await graph.write("inspect/merge_writer_holder", [], token="far", pid=1, host="elsewhere", seen=now - LEASE_MS - 1)
    last = await take_lease(graph)
    assert last.recount_all  # silent past the lease
    await last.release(finished=True)


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _get(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_engine_killed_under_collab_serve_is_started_again_and_the_log_says_so(tmp_path: Path) -> None:
    engine, port = tmp_path / "engine", _free_port()
    assert run_collab(engine, "load", "bibtex", str(synthetic_bib(tmp_path / "toy.bib", 300)), "-q").returncode == 0
    server = start_collab(engine, "serve", "--port", str(port))
    try:
        wait_until(lambda: _up(port), "the server to answer", timeout=60)
        status, health = _get(f"http://127.0.0.1:{port}/health")
        assert status == 200 and health["nodes"]["Paper"] == 300  # type: ignore[index]
        killed = engine_pid(engine)
        assert killed is not None
        os.kill(killed, signal.SIGKILL)
        assert wait_gone(killed)
        status, health = _get(f"http://127.0.0.1:{port}/health")
        assert status == 200 and health["nodes"]["Paper"] == 300, health  # type: ignore[index]
        assert engine_pid(engine) not in (None, killed)
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=60)
    log = err.decode()
    assert f"the embedded engine (pid {killed}) stopped answering; starting it again" in log
    assert "the embedded engine is back" in log


def _up(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
            return True
    except OSError:
        return False
