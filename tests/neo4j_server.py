"""Where the tests' Neo4j comes from: a server named by the environment, `tools/neo4j-local`, or a container."""

from __future__ import annotations

import contextlib
import os
import secrets
import selectors
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

LAUNCHER = Path(__file__).resolve().parents[1] / "tools" / "neo4j-local"
URI_ENV, PASSWORD_ENV = "COLLAB_TEST_NEO4J_URI", "COLLAB_TEST_NEO4J_PASSWORD"
START_TIMEOUT_S = 300.0  # a first run also has Maven fetch the jars
STOP_TIMEOUT_S = 90.0


class Unavailable(Exception):
    """This way of getting a Neo4j does not work here; the message says why."""


def from_environment() -> tuple[str, str] | None:
    """A server someone already runs: COLLAB_TEST_NEO4J_URI, with COLLAB_TEST_NEO4J_PASSWORD."""
    uri = os.environ.get(URI_ENV)
    return (uri, os.environ.get(PASSWORD_ENV, "")) if uri else None


def missing_java_tools() -> list[str]:
    return [tool for tool in ("java", "mvn") if shutil.which(tool) is None]


@contextlib.contextmanager
def local_server(home: Path) -> Iterator[tuple[str, str]]:
    """`tools/neo4j-local --data home` with a fresh password; stopped (SIGTERM, then waited for) on exit."""
    password = secrets.token_urlsafe(18)
    home.mkdir(parents=True, exist_ok=True)
    log_path = home.parent / f"{home.name}-launcher.log"
    with log_path.open("wb") as log:
        launcher = subprocess.Popen(
            [sys.executable, str(LAUNCHER), "--data", str(home)],
            env=os.environ | {"NEO4J_PASSWORD": password}, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=log,
        )
    try:
        uri = _first_line(launcher, START_TIMEOUT_S)
        if not uri.startswith("bolt://"):
            last = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
            raise Unavailable(f"tools/neo4j-local did not start Neo4j: {' '.join(last) or 'no output'} (log: {log_path})")
        yield uri, password
    finally:
        _stop(launcher)


def _first_line(process: subprocess.Popen[bytes], timeout_s: float) -> str:
    """The first line the process prints, or '' if it exits or the time runs out first."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout_s
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while (left := deadline - time.monotonic()) > 0:
            if selector.select(timeout=min(left, 1.0)):
                return process.stdout.readline().decode().strip()  # the launcher prints whole lines
            if process.poll() is not None:
                return ""
    return ""


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()  # the kernel then stops the server too (the launcher sets its parent-death signal)
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


@contextlib.contextmanager
def container() -> Iterator[tuple[str, str]]:
    """A Neo4j 5.26 container through testcontainers, where a Docker engine answers."""
    try:
        import docker

        docker.from_env().ping()
    except Exception as e:  # any failure to reach Docker means: no container here
        raise Unavailable(f"no Docker engine answers ({type(e).__name__})") from None
    from testcontainers.neo4j import Neo4jContainer

    password = secrets.token_urlsafe(18)
    with Neo4jContainer("neo4j:5.26", password=password) as running:
        yield running.get_connection_url(), password
