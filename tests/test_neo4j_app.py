"""`collab demo` and `collab serve` on Neo4j, reached through NEO4J_URI as a user sets it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app.graph import open_graph
from tests.conftest import make_settings

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[1]
QUERY_TEXT = ("MATCH", "UNWIND", "MERGE", "RETURN")  # words of every statement: none may reach the user


def neo4j_env(uri: str, password: str, data_dir: Path, port: int = 8000) -> dict[str, str]:
    env = os.environ | {
        "NEO4J_URI": uri, "NEO4J_PASSWORD": password, "COLLAB_DATA_DIR": str(data_dir), "COLLAB_PORT": str(port),
    }
    env.pop("COLLAB_EXTRA_QUERIES", None)
    return env


def collab(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=300,
    )


async def empty_neo4j(uri: str, password: str) -> None:
    graph = await open_graph(make_settings(neo4j_uri=uri, neo4j_password=password))
    try:
        await graph.reset()
    finally:
        await graph.close()


def get_json(url: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_demo_loads_the_bundled_graph_into_an_empty_neo4j_once_and_prints_no_query(
    neo4j_uri: tuple[str, str], tmp_path: Path
) -> None:
    uri, password = neo4j_uri
    await empty_neo4j(uri, password)
    env = neo4j_env(uri, password, tmp_path)
    first = collab(env, "demo", "--no-serve")
    assert first.returncode == 0, first.stderr
    assert "demo loaded" in first.stderr
    output = first.stdout + first.stderr
    assert "Traceback" not in output and "WARNING" not in output and "Neo4jNotification" not in output
    assert not [w for w in QUERY_TEXT if w in output], output
    stats = collab(env, "db", "stats")
    assert stats.stdout.startswith("engine: neo4j (Neo4j 5.")
    papers = next(line for line in stats.stdout.splitlines() if line.strip().startswith("Paper"))
    assert int(papers.split()[-1].replace(",", "")) > 200
    again = collab(env, "demo", "--no-serve")
    assert again.returncode == 0 and "already holds data" in again.stderr
    assert collab(env, "db", "stats").stdout == stats.stdout


async def test_serve_answers_health_and_graphql_from_neo4j_through_a_neo4j_uri(
    neo4j_uri: tuple[str, str], tmp_path: Path
) -> None:
    uri, password = neo4j_uri
    await empty_neo4j(uri, password)
    port = free_port()
    env = neo4j_env(uri.replace("bolt://", "neo4j://"), password, tmp_path, port)  # routing, on one server
    assert collab(env, "demo", "--no-serve").returncode == 0
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve"], env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        health = None
        for _ in range(300):
            try:
                health = get_json(f"http://127.0.0.1:{port}/health")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.2)
        assert health is not None, "collab serve did not answer /health within 60 s"
        assert health["engine"] == "neo4j" and health["nodes"]["Paper"] > 200
        found = get_json(
            f"http://127.0.0.1:{port}/graphql",
            {"query": "{ searchResearchers(query: \"a\", first: 3) { edges { node { id name } } } }"},
        )
        assert "errors" not in found, found
        assert len(found["data"]["searchResearchers"]["edges"]) == 3
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=30)
    assert "Traceback" not in stderr.decode()
