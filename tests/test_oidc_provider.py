"""tools/oidc-provider, the OpenID provider standing in for ORCID in the tests: one issuer line on stdout, ORCID's
claims in its discovery document, secrets only from a file its owner alone reads, a clean stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.neo4j_server import Unavailable, _first_line
from tests.oidc_provider import PROVIDER_DIR, OidcProvider, ensure_installed


def _start(config: Path) -> subprocess.Popen[bytes]:
    try:
        ensure_installed()
    except Unavailable as e:
        pytest.skip(str(e))
    return subprocess.Popen(["node", "provider.mjs"], cwd=PROVIDER_DIR, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=os.environ | {"OIDC_PROVIDER_CONFIG": str(config)})


def _config(path: Path, mode: int) -> Path:
    client = {"client_id": "c", "client_secret": "s" * 24, "redirect_uris": ["http://127.0.0.1/cb"]}
    path.write_text(json.dumps({"clients": [client]}))
    path.chmod(mode)
    return path


def test_the_provider_prints_its_issuer_serves_orcid_claims_and_stops_on_sigterm(tmp_path: Path) -> None:
    process = _start(_config(tmp_path / "c.json", 0o600))
    try:
        issuer = _first_line(process, 30)
        assert issuer.startswith("http://127.0.0.1:"), process.stderr.read().decode() if process.poll() is not None else ""
        with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=10) as answer:
            discovery = json.load(answer)
        assert discovery["issuer"] == issuer
        assert {"sub", "name", "given_name", "family_name"} <= set(discovery["claims_supported"])
        assert discovery["code_challenge_methods_supported"] == ["S256"]
        assert discovery["token_endpoint_auth_methods_supported"] == ["client_secret_post"]  # as ORCID's
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    assert process.stdout is not None and process.stdout.read() == b""  # nothing after the issuer line


def test_a_config_others_can_read_is_refused(tmp_path: Path) -> None:
    process = _start(_config(tmp_path / "c.json", 0o644))
    assert process.wait(timeout=30) != 0
    assert process.stderr is not None and b"chmod 600" in process.stderr.read()


def test_the_fixture_provider_runs_for_the_session(oidc: OidcProvider) -> None:
    with urllib.request.urlopen(f"{oidc.issuer}/jwks", timeout=10) as answer:
        keys = json.load(answer)["keys"]
    assert [k["kty"] for k in keys] == ["RSA"] and all("d" not in k for k in keys)  # public halves only
