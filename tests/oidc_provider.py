"""A real OpenID provider standing in for ORCID: tools/oidc-provider (the npm package `oidc-provider`) run with Node.

`npm ci` installs it into tools/oidc-provider/node_modules the first time (npm's cache serves later installs
offline). The provider gets its clients and accounts from a 0600 JSON file named in its environment, never on
its command line, prints its issuer URL when it answers, and stops on SIGTERM.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.neo4j_server import Unavailable, _first_line

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "tools" / "oidc-provider"
START_TIMEOUT_S = 30.0
CALLBACK = "/signin/orcid/callback"
# Josiah Carberry, ORCID's own fictitious test researcher, and a second person with a valid check digit.
CARBERRY = {"sub": "0000-0002-1825-0097", "given_name": "Josiah", "family_name": "Carberry"}
OTHER = {"sub": "0000-0003-1415-9269", "given_name": "Ada", "family_name": "Tester"}


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class OidcProvider:
    """The running provider: its issuer, the app's client, a second client (another audience), the accounts'
    password, and the port reserved for a browser test's app (its callback is registered)."""

    issuer: str
    app: Client
    other: Client
    password: str
    app_port: int

    def callbacks(self) -> list[str]:
        return [f"http://127.0.0.1{CALLBACK}", f"http://127.0.0.1:{self.app_port}{CALLBACK}"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_installed() -> None:
    """`npm ci` into tools/oidc-provider when its node_modules is missing; Unavailable, saying why, if it fails."""
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    if shutil.which("npm") is None or shutil.which("node") is None:
        raise Unavailable("the OpenID provider needs Node.js and npm (tools/oidc-provider)")
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=600)
    if done.returncode != 0:
        raise Unavailable(f"npm ci in tools/oidc-provider failed: {done.stderr.strip()[-500:]}")


def _write_config(path: Path, provider: OidcProvider) -> None:
    """The clients' secrets go in a file only its owner reads, created with that mode (never widened later)."""
    accounts = [account | {"password": provider.password} for account in (CARBERRY, OTHER)]
    clients = [
        {"client_id": c.client_id, "client_secret": c.client_secret, "client_name": name, "redirect_uris": provider.callbacks()}
        for c, name in ((provider.app, "Collab Explorer"), (provider.other, "Another app"))
    ]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"clients": clients, "accounts": accounts}, f)


@contextlib.contextmanager
def running(workdir: Path) -> Iterator[OidcProvider]:
    """The provider started with fresh secrets, stopped (SIGTERM, then waited for) on exit."""
    ensure_installed()
    planned = OidcProvider("", Client("collab-explorer", secrets.token_urlsafe(24)),
                           Client("another-app", secrets.token_urlsafe(24)), secrets.token_urlsafe(12), free_port())
    config = workdir / "oidc-provider.json"
    _write_config(config, planned)
    log_path = workdir / "oidc-provider.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(["node", "provider.mjs"], cwd=PROVIDER_DIR, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=log,
                                   env=os.environ | {"OIDC_PROVIDER_CONFIG": str(config)})
    try:
        issuer = _first_line(process, START_TIMEOUT_S)
        if not issuer.startswith("http://127.0.0.1:"):
            raise Unavailable(f"tools/oidc-provider did not start: {log_path.read_text(errors='replace')[-500:]}")
        yield OidcProvider(issuer, planned.app, planned.other, planned.password, planned.app_port)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
