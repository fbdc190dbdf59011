"""The embedded engine's life: started on demand, shared between processes, stopped by the last, recovered after a crash."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from app import embedded
from app.graph import open_graph
from tests.conftest import TEST_QUERIES, make_settings

pytestmark = pytest.mark.anyio

# A second collab process: opens the graph on the same data directory, writes numbered batches of
# topics, says after each acknowledged batch, then closes (or is killed by the test first).
WRITER = """
import asyncio, os, sys
from app.graph import open_graph
from app.settings import Settings

async def main(batches: int, hold: bool) -> None:
    g = await open_graph(Settings())
    print("pid", g.endpoint.pid, flush=True)
    for b in range(batches):
        rows = [{"id": f"t{b}-{i}", "name": "n", "scheme": "s"} for i in range(100)]
        await g.write("contract/merge_topics", rows)
        print("batch", b, flush=True)
    if hold:
        await asyncio.sleep(3600)
    await g.close()

asyncio.run(main(int(sys.argv[1]), sys.argv[2] == "hold"))
"""


def _writer(data_dir: Path, batches: int, hold: bool) -> subprocess.Popen[str]:
    env = os.environ | {"COLLAB_DATA_DIR": str(data_dir), "COLLAB_EXTRA_QUERIES": str(TEST_QUERIES)}
    env.pop("NEO4J_URI", None)
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(batches), "hold" if hold else "exit"],
        stdout=subprocess.PIPE, text=True, env=env, cwd=Path(__file__).parents[1],
    )


def _read_until(proc: subprocess.Popen[str], prefix: str) -> list[str]:
    """Lines the writer printed up to and including the first starting with `prefix`."""
    assert proc.stdout is not None
    lines: list[str] = []
    while line := proc.stdout.readline():
        lines.append(line.strip())
        if line.startswith(prefix):
            return lines
    raise AssertionError(f"writer ended before printing {prefix!r}: {lines}")


def _alive(pid: int) -> bool:
    try:
        return b"redis-server" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


async def _topic_ids(data_dir: Path) -> set[str]:
    g = await open_graph(make_settings(data_dir=data_dir))
    try:
        return {r["id"] for r in await g.read("contract/list_topics")}
    finally:
        await g.close()


async def test_a_restarted_engine_still_has_the_data_and_a_closed_one_is_stopped(tmp_path: Path) -> None:
    g = await open_graph(make_settings(data_dir=tmp_path))
    await g.write("contract/merge_topics", [{"id": "a", "name": "A", "scheme": "s"}])
    pid = g.endpoint.pid
    await g.close()
    assert not _alive(pid)
    assert embedded.read_state(tmp_path) is None
    assert await _topic_ids(tmp_path) == {"a"}


async def test_a_second_process_uses_the_running_engine_and_leaves_it_running(tmp_path: Path) -> None:
    g = await open_graph(make_settings(data_dir=tmp_path))
    proc = _writer(tmp_path, batches=2, hold=False)
    out = _read_until(proc, "batch 1")
    assert proc.wait(timeout=60) == 0
    assert out[0] == f"pid {g.endpoint.pid}"  # the same server, not a second one
    assert _alive(g.endpoint.pid)
    assert len(await g.read("contract/list_topics")) == 200
    await g.close()
    assert not _alive(g.endpoint.pid)


async def test_the_last_process_to_leave_stops_the_engine_whoever_started_it(tmp_path: Path) -> None:
    proc = _writer(tmp_path, batches=1, hold=True)
    pid = int(_read_until(proc, "pid")[0].split()[1])
    g = await open_graph(make_settings(data_dir=tmp_path))
    assert g.endpoint.pid == pid
    proc.terminate()
    proc.wait(timeout=30)
    await g.close()
    assert not _alive(pid)


async def test_after_kill_9_of_the_starter_the_next_process_finds_every_acknowledged_batch(tmp_path: Path) -> None:
    proc = _writer(tmp_path, batches=5, hold=True)
    out = _read_until(proc, "batch 4")
    pid = int(out[0].split()[1])
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert await _topic_ids(tmp_path) == {f"t{b}-{i}" for b in range(5) for i in range(100)}
    assert not _alive(pid)  # the orphaned server was reused, then stopped by the last one out


async def test_after_kill_9_of_starter_and_engine_a_stale_record_is_recovered_from_the_log(tmp_path: Path) -> None:
    proc = _writer(tmp_path, batches=5, hold=True)
    out = _read_until(proc, "batch 4")
    pid = int(out[0].split()[1])
    os.kill(pid, signal.SIGKILL)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    while _alive(pid):
        time.sleep(0.01)
    stale = embedded.read_state(tmp_path)
    assert stale is not None and stale.pid == pid  # the crash left its record behind
    assert await _topic_ids(tmp_path) == {f"t{b}-{i}" for b in range(5) for i in range(100)}


def test_the_engine_listens_on_loopback_only_with_a_password_and_time_and_size_limits(tmp_path: Path) -> None:
    endpoint = embedded.ensure_running(tmp_path, embedded.Limits(1234, 5678, 4321))
    try:
        c = endpoint.client()
        config = c.config_get("bind") | c.config_get("appendonly") | c.config_get("dir")
        assert config["bind"] == "127.0.0.1"
        assert config["appendonly"] == "yes"
        assert Path(config["dir"]) == tmp_path.resolve()
        graph_config = dict(c.execute_command("GRAPH.CONFIG", "GET", "*"))
        assert (graph_config[b"TIMEOUT_DEFAULT"], graph_config[b"TIMEOUT_MAX"]) == (1234, 5678)
        assert graph_config[b"RESULTSET_SIZE"] == 4321
        c.close()
        with pytest.raises(redis.AuthenticationError):
            embedded.Endpoint(endpoint.pid, endpoint.host, endpoint.port, "wrong").client().ping()
    finally:
        embedded.release(tmp_path, endpoint)


def test_a_starting_engine_that_spends_cpu_counts_as_still_loading() -> None:
    """After reading its files the server rebuilds its indexes without answering (over a minute on the 1.6M-record
    graph, where a start gave up at 60 s): the CPU time it spends is the progress `_start` watches."""
    before = embedded._cpu_ticks(os.getpid())
    deadline = time.process_time() + 0.1
    while time.process_time() < deadline:
        pass
    assert embedded._cpu_ticks(os.getpid()) > before
    assert embedded._cpu_ticks(2**22 + 12345) == 0  # no such process: no progress


def test_the_engine_writes_stderr_to_a_private_file_so_no_unread_pipe_can_fill_and_block_it(tmp_path: Path) -> None:
    endpoint = embedded.ensure_running(tmp_path, embedded.Limits(1000, 2000, 3000))
    try:
        stderr = tmp_path / embedded.STDERR_FILE
        assert os.readlink(f"/proc/{endpoint.pid}/fd/2") == str(stderr)
        assert stat.S_IMODE(stderr.stat().st_mode) == 0o600
        # A megabyte through the server's own stderr, far past a pipe's 64 KB: nothing waits on a reader.
        with open(f"/proc/{endpoint.pid}/fd/2", "ab") as err:
            err.writelines(b"x" * 1023 + b"\n" for _ in range(1024))
        c = endpoint.client()
        assert c.ping() is True
        c.close()
    finally:
        embedded.release(tmp_path, endpoint)


def test_a_server_that_fails_to_start_is_reported_with_what_it_wrote_to_stderr(tmp_path: Path) -> None:
    (tmp_path / embedded.LOG_FILE).mkdir()  # the server cannot open its log file: it says so on stderr and exits
    with pytest.raises(embedded.EngineError, match=r"(?s)exited with 1: .*Can.t open the log file"):
        embedded.ensure_running(tmp_path, embedded.Limits(1000, 2000, 3000))
