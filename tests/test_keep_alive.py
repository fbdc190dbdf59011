"""`collab serve` keeps an idle connection open longer than HTTP clients' pools keep one, so a client never
reuses a connection the server is closing at that moment (seen as client-side read errors under load that
the server never logged: uvicorn's default 5 s equals httpx's pool expiry)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.settings import Settings
from bench.api import free_port

CLIENT_POOL_S = 5.0  # httpx's keepalive_expiry; uvicorn's own default keep-alive is the same


def _health(connection: http.client.HTTPConnection) -> int:
    connection.request("GET", "/health")
    response = connection.getresponse()
    response.read()  # all of it, so the next request's answer starts clean
    return response.status


@pytest.fixture
def served(embedded_dir: Path) -> Iterator[int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COLLAB_", "NEO4J_"))}
    env |= {"COLLAB_DATA_DIR": str(embedded_dir), "COLLAB_PORT": str(port), "COLLAB_GRAPH_NAME": "keepalive"}
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve"], env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_idle_connection_outlives_a_client_pools_expiry(served: int) -> None:
    assert Settings().keep_alive_s > CLIENT_POOL_S
    connection = http.client.HTTPConnection("127.0.0.1", served, timeout=30)
    try:
        assert _health(connection) == 200
        first = connection.sock
        time.sleep(CLIENT_POOL_S + 1)  # idle past the pool's expiry: uvicorn's default would have closed it
        assert _health(connection) == 200  # a closed connection raises RemoteDisconnected here
        assert connection.sock is first  # and the same connection answered
    finally:
        connection.close()
