"""tools/neo4j-local as a user runs it: one line on stdout, authentication on, SIGTERM leaves nothing behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from tests import neo4j_server

pytestmark = pytest.mark.skipif(
    bool(neo4j_server.missing_java_tools()),
    reason=f"no Neo4j for the Neo4j tests: tools/neo4j-local needs {neo4j_server.missing_java_tools()}",
)

# A password that starts with a dash: the admin tool once read such a password as an option and refused to start.
PASSWORD = "-starts-with-a-dash-42"


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(neo4j_server.LAUNCHER), *args], env=os.environ | {"NEO4J_PASSWORD": PASSWORD},
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def java_processes_under(home: Path) -> list[str]:
    """Command lines of running processes that name `home` (the server's --home-dir)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(home) in cmdline:
            found.append(cmdline)
    return found


@pytest.fixture
def launched() -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    launcher = start()
    try:
        uri = neo4j_server._first_line(launcher, neo4j_server.START_TIMEOUT_S)
        yield launcher, uri
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()


def test_the_launcher_prints_one_uri_keeps_auth_on_and_stops_on_sigterm_leaving_nothing(
    launched: tuple[subprocess.Popen[bytes], str],
) -> None:
    launcher, uri = launched
    assert re.fullmatch(r"bolt://127\.0\.0\.1:\d+", uri), uri
    with GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
    with GraphDatabase.driver(uri, auth=("neo4j", "not-the-password")) as driver, pytest.raises(AuthError):
        driver.execute_query("RETURN 1")

    launcher.send_signal(signal.SIGTERM)
    stdout, stderr = launcher.communicate(timeout=neo4j_server.STOP_TIMEOUT_S)
    said = stderr.decode()
    assert launcher.returncode == 0, said
    assert stdout.decode().strip() == "", "stdout carries the URI line only"
    home = Path(re.search(r"logs in (\S+)/logs", said).group(1))  # type: ignore[union-attr]
    assert not home.exists(), "the temporary home is removed on exit"
    assert java_processes_under(home) == [], "no server process outlives the launcher"
    assert PASSWORD not in said


def test_a_missing_password_is_refused_in_one_line_before_anything_starts(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(neo4j_server.LAUNCHER), "--data", str(tmp_path / "home")],
        env={k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}, capture_output=True, timeout=120,
    )
    assert run.returncode == 1
    assert run.stdout == b""
    assert run.stderr.decode().strip().splitlines()[-1].startswith("neo4j-local: set NEO4J_PASSWORD")
    assert not (tmp_path / "home" / "data").exists()
