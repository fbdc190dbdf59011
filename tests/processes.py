"""Running `collab` as users do, one process per command, and looking at the engine from outside: shared by the
tests of load sequences, interruptions and a dying engine."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from app import embedded
from tests.conftest import FIXTURES


@dataclass(frozen=True, slots=True)
class Target:
    """Where `collab` commands write: the embedded engine under `data_dir`, or the Neo4j at `neo4j` (uri, password)."""

    data_dir: Path
    neo4j: tuple[str, str] | None = None

    @property
    def engine(self) -> str:
        return "neo4j" if self.neo4j else "falkordb"


def collab_env(target: Target | Path) -> dict[str, str]:
    """The environment of a `collab` process writing to `target` (a Path: the embedded engine there)."""
    target = target if isinstance(target, Target) else Target(target)
    env = os.environ | {"COLLAB_DATA_DIR": str(target.data_dir), "COLLAB_EXTRA_QUERIES": str(FIXTURES / "cypher")}
    env.pop("NEO4J_URI", None)
    if target.neo4j:
        env |= {"NEO4J_URI": target.neo4j[0], "NEO4J_PASSWORD": target.neo4j[1]}
    return env


def collab_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "app.cli", *args]


def run_collab(target: Target | Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """One `collab` command to its end, as a user runs it."""
    return subprocess.run(
        collab_command(*args), env=collab_env(target), capture_output=True, text=True, timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def start_collab(target: Target | Path, *args: str) -> subprocess.Popen[bytes]:
    """A `collab` command left running, with Ctrl-C's default action: a shell starts background jobs with SIGINT
    ignored, and a test run launched that way would otherwise hand the loader an ignored SIGINT."""
    return subprocess.Popen(
        collab_command(*args), env=collab_env(target), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def alive(pid: int) -> bool:
    """Running: neither gone nor a zombie that its parent (the process that started the engine) has not reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def engine_pid(data_dir: Path) -> int | None:
    """The pid of the embedded engine recorded for `data_dir`, when one is recorded and alive."""
    state = embedded.read_state(data_dir)
    return state.pid if state is not None and alive(state.pid) else None


def papers_written(target: Target | Path) -> int:
    """Papers in the graph, read from outside (on the embedded engine, a connection that no collab process counts
    as one of theirs); 0 while no engine answers."""
    target = target if isinstance(target, Target) else Target(target)
    if target.neo4j:
        return _neo4j_papers(*target.neo4j)
    state = embedded.read_state(target.data_dir)
    if state is None:
        return 0
    try:
        with contextlib.closing(state.client(timeout=5.0)) as c:
            reply = c.execute_command("GRAPH.RO_QUERY", "collab", "MATCH (p:Paper) RETURN count(p)")
    except Exception:  # not up yet, or between restarts
        return 0
    return int(reply[1][0][0])


def wait_until(condition: object, what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def wait_gone(pid: int, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    return False


def _neo4j_papers(uri: str, password: str) -> int:
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query("MATCH (p:Paper) RETURN count(p) AS n", database_="neo4j")
    return int(records[0]["n"])
