"""A server you can put on a network: the engine's password stays off command lines and out of readable files,
every answer carries security headers, unknown Host headers and large bodies are refused, CORS is off unless
asked for, and production turns off GraphiQL, introspection and the OpenAPI pages."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import stat
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from app import embedded
from app.http_guard import CSP
from app.server import create_app
from app.settings import Settings
from tests.conftest import make_settings

WEB = Path(__file__).resolve().parents[1] / "web"
LIMITS = embedded.Limits(2_000, 600_000, 100_000)
LOCAL = "http://127.0.0.1"


@asynccontextmanager
async def served(settings: Settings, base_url: str = LOCAL) -> AsyncIterator[httpx.AsyncClient]:
    """The app in process with its lifespan run, over httpx's ASGI transport."""
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url=base_url) as client:
        yield client


@pytest.fixture
def app_settings(embedded_dir: Path) -> Callable[..., Settings]:
    return lambda **overrides: make_settings(data_dir=embedded_dir, graph_name="security", **overrides)


# --- secrets and files ---------------------------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):  # the thread ended while being read
            found.update(int(c) for c in (task / "children").read_text().split())
    return found


def _watch_start(data_dir: Path) -> tuple[embedded.Endpoint, list[bytes]]:
    """Start the engine in a thread while this one reads the command line and environment of every child
    process of ours, from the moment it exists until the start returns."""
    result: list[embedded.Endpoint] = []
    thread = threading.Thread(target=lambda: result.append(embedded.ensure_running(data_dir, LIMITS)))
    seen: list[bytes] = []
    before = _children(os.getpid())
    thread.start()
    while thread.is_alive():
        for child in _children(os.getpid()) - before:
            for part in ("cmdline", "environ"):
                with contextlib.suppress(OSError):  # the child ended while being read
                    seen.append(Path(f"/proc/{child}/{part}").read_bytes())
    thread.join()
    assert result, "the engine did not start"
    return result[0], seen


def _modes(root: Path) -> dict[str, int]:
    out = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        out[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return out


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_the_engine_password_is_on_no_command_line_at_any_moment_of_start_up(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    endpoint, seen = _watch_start(data_dir)
    try:
        # Seen from the fork on (the child's first command line is ours) to the server's own title.
        assert any(b"redis-server" in s for s in seen), "the watcher never saw the engine's command line"
        assert all(endpoint.password.encode() not in s for s in seen)
        # The server read it from its private configuration file instead.
        assert f'requirepass "{endpoint.password}"' in (data_dir / embedded.CONFIG_FILE).read_text()
        assert endpoint.client().ping()
    finally:
        embedded.release(data_dir, endpoint)


def test_the_data_directory_is_0700_and_everything_in_it_0600(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    # What an older build left readable by everyone: brought to 0600 at the next start.
    (data_dir / "falkordb.log").write_text("old log\n")
    (data_dir / embedded.STATE_FILE).write_text("{}")
    os.chmod(data_dir / "falkordb.log", 0o644)
    os.chmod(data_dir / embedded.STATE_FILE, 0o644)
    endpoint = embedded.ensure_running(data_dir, LIMITS)
    try:
        endpoint.client().execute_command("GRAPH.QUERY", "modes", "CREATE (:Researcher {id: 'x'})")
        modes = _modes(data_dir)
        assert {"engine.conf", "engine.json", "engine.lock", "falkordb.log", "appendonlydir"} <= set(modes)
        assert any(name.startswith("appendonlydir/") for name in modes)
        wrong = {
            name: oct(mode) for name, mode in modes.items()
            if mode != (0o700 if (data_dir / name).is_dir() else 0o600)
        }
        assert not wrong, wrong
    finally:
        embedded.release(data_dir, endpoint)


@pytest.mark.anyio
async def test_a_load_writes_its_rejects_report_0600_in_a_0700_directory(tmp_path: Path, embedded_dir: Path) -> None:
    from app.graph import open_graph
    from loaders.load import load

    bib = Path(__file__).parent / "fixtures" / "bibtex" / "malformed.bib"  # some entries load, some are rejected
    rejects = tmp_path / "rejects" / "r.jsonl"
    graph = await open_graph(make_settings(data_dir=embedded_dir, graph_name="security_rejects"))
    try:
        await graph.reset()
        summary = await load(graph, "bibtex", [bib], rejects)
    finally:
        await graph.close()
    assert summary.rejected > 0 and rejects.read_text()
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o600
    assert stat.S_IMODE(rejects.parent.stat().st_mode) == 0o700


# --- HTTP hardening ------------------------------------------------------------------------------------------


def _script_src(csp: str) -> str:
    return next(d for d in csp.split(";") if d.strip().startswith("script-src"))


def _assert_secured(response: httpx.Response) -> None:
    csp = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in _script_src(csp) and "'unsafe-eval'" not in _script_src(csp)
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"]
    assert response.headers["x-request-id"]


@pytest.mark.anyio
async def test_every_answer_carries_the_security_headers(app_settings: Callable[..., Settings]) -> None:
    async with served(app_settings()) as client:
        answers = [
            await client.get("/"),
            await client.get("/health"),
            await client.get("/explore"),
            await client.get("/researchers/nobody"),
            await client.get("/static/site.css"),
            await client.post("/graphql", json={"query": "{ database { engine } }"}),
            await client.post("/graphql", json={"query": "{ nosuch }"}),
            await client.get("/no/such/page"),
            await client.get("/", headers={"host": "evil.example"}),
        ]
    assert [a.status_code for a in answers] == [200, 200, 200, 404, 200, 200, 200, 404, 400]
    for answer in answers:
        _assert_secured(answer)


def test_no_page_or_script_of_ours_holds_inline_script_or_event_handlers() -> None:
    """Under script-src 'self' they would not run: everything is in /static files (JSON data blocks are not run)."""
    for template in sorted((WEB / "templates").glob("*.html")):
        html = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", html, re.I):
            assert "src=" in tag or 'type="application/json"' in tag, (template.name, tag)
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), template.name
        assert "javascript:" not in html, template.name
    for script in sorted((WEB / "static").glob("*.js")):  # our own; vendored GraphiQL lives in a subfolder
        text = script.read_text(errors="replace")
        assert not re.search(r"\beval\(|new Function\(", text), script.name


@pytest.mark.anyio
async def test_the_graphiql_page_runs_under_the_same_policy_with_no_inline_script(
    app_settings: Callable[..., Settings],
) -> None:
    async with served(app_settings()) as client:
        page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    _assert_secured(page)
    assert page.headers["content-security-policy"] == CSP
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", page.text, re.I))


@pytest.mark.anyio
async def test_a_host_not_allowed_gets_400_and_the_loopback_names_are_allowed_on_any_port(
    app_settings: Callable[..., Settings],
) -> None:
    async with served(app_settings()) as client:
        statuses = {
            host: (await client.get("/health", headers={"host": host})).status_code
            for host in ("localhost", "localhost:8000", "127.0.0.1:9", "[::1]:8000", "evil.example", "evil.example:8000",
                         "localhost.evil.example", "")
        }
    assert statuses == {"localhost": 200, "localhost:8000": 200, "127.0.0.1:9": 200, "[::1]:8000": 200,
                        "evil.example": 400, "evil.example:8000": 400, "localhost.evil.example": 400, "": 400}
    async with served(app_settings(allowed_hosts=["collab.example.org"]), "http://collab.example.org") as client:
        assert (await client.get("/health")).status_code == 200
        assert (await client.get("/health", headers={"host": "localhost"})).status_code == 400


def test_allowed_hosts_and_cors_origins_read_as_comma_separated_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLAB_ALLOWED_HOSTS", "collab.example.org, *.example.net")
    monkeypatch.setenv("COLLAB_CORS_ORIGINS", "https://ui.example.org")
    settings = Settings()
    assert settings.allowed_hosts == ["collab.example.org", "*.example.net"]
    assert settings.cors_origins == ["https://ui.example.org"]
    monkeypatch.delenv("COLLAB_ALLOWED_HOSTS")
    assert Settings().allowed_hosts == ["localhost", "127.0.0.1", "[::1]"]


@pytest.mark.anyio
async def test_a_body_over_the_limit_gets_413_before_it_is_read_in_full(app_settings: Callable[..., Settings]) -> None:
    limit, chunk = 64 * 1024, 16 * 1024
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: a chunked upload of 20 MB
        nonlocal sent
        while sent < 20 * 1024 * 1024:
            sent += chunk
            yield b" " * chunk

    async with served(app_settings(max_body_bytes=limit)) as client:
        declared = await client.post("/graphql", content=b" " * (limit + 1), headers={"content-type": "application/json"})
        streamed = await client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
        fits = await client.post("/graphql", json={"query": "{ database { engine } }", "variables": {"pad": "x" * (limit // 2)}})
    assert declared.status_code == 413 and "65,536 bytes" in declared.json()["detail"]
    assert streamed.status_code == 413
    assert sent <= limit + 2 * chunk  # stopped reading just past the limit, not at 20 MB
    assert fits.status_code == 200 and fits.json()["data"]["database"]["engine"] == "falkordb"
    _assert_secured(declared)
    _assert_secured(streamed)


@pytest.mark.anyio
async def test_cors_is_off_unless_origins_are_named(app_settings: Callable[..., Settings]) -> None:
    preflight = {"origin": "https://ui.example.org", "access-control-request-method": "POST",
                 "access-control-request-headers": "content-type"}
    query = {"query": "{ database { engine } }"}
    async with served(app_settings()) as client:
        plain = await client.post("/graphql", json=query, headers={"origin": "https://ui.example.org"})
        asked = await client.options("/graphql", headers=preflight)
    assert "access-control-allow-origin" not in plain.headers
    assert "access-control-allow-origin" not in asked.headers
    async with served(app_settings(cors_origins=["https://ui.example.org"])) as client:
        named = await client.post("/graphql", json=query, headers={"origin": "https://ui.example.org"})
        other = await client.post("/graphql", json=query, headers={"origin": "https://evil.example"})
        asked = await client.options("/graphql", headers=preflight)
    assert named.headers["access-control-allow-origin"] == "https://ui.example.org"
    assert "access-control-allow-origin" not in other.headers
    assert asked.status_code == 200 and asked.headers["access-control-allow-origin"] == "https://ui.example.org"


# --- production switches -------------------------------------------------------------------------------------

INTROSPECTION = "{ __schema { queryType { name } } }"


@pytest.mark.anyio
async def test_production_turns_off_graphiql_introspection_and_the_openapi_pages(app_settings: Callable[..., Settings]) -> None:
    async def probe(settings: Settings) -> dict[str, object]:
        async with served(settings) as client:
            body = (await client.post("/graphql", json={"query": INTROSPECTION})).json()
            typename = (await client.post("/graphql", json={"query": "{ __typename database { engine } }"})).json()
            return {
                "docs": (await client.get("/docs")).status_code,
                "redoc": (await client.get("/redoc")).status_code,
                "openapi": (await client.get("/openapi.json")).status_code,
                "graphiql": (await client.get("/graphql", headers={"accept": "text/html"})).status_code,
                "introspection": "errors" not in body and body["data"]["__schema"]["queryType"]["name"] == "Query",
                "typename": typename.get("data", {}).get("__typename"),
                "error": (body.get("errors") or [{}])[0].get("message", ""),
            }

    dev = await probe(app_settings())
    prod = await probe(app_settings(env="production"))
    assert dev == {"docs": 200, "redoc": 200, "openapi": 200, "graphiql": 200, "introspection": True,
                   "typename": "Query", "error": ""}
    assert {k: prod[k] for k in ("docs", "redoc", "openapi", "graphiql", "introspection", "typename")} == {
        "docs": 404, "redoc": 404, "openapi": 404, "graphiql": 404, "introspection": False, "typename": "Query"}
    assert "introspection" in str(prod["error"]).lower()


def test_the_page_policy_names_no_inline_script_source() -> None:
    assert "'unsafe-inline'" not in _script_src(CSP) and "frame-ancestors 'none'" in CSP


# --- the same through a real server --------------------------------------------------------------------------


@pytest.fixture
def real_server(app_settings: Callable[..., Settings]) -> Iterator[int]:
    """The app under uvicorn on a free port (a thread of its own), 64 KiB body limit."""
    import socket
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(app_settings(max_body_bytes=65_536)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def _exchange(port: int, head: bytes, chunks: Iterator[bytes] | None = None) -> tuple[bytes, int]:
    """Send a request (its body chunk by chunk until the server answers or hangs up); the answer and bytes sent."""
    import select
    import socket

    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        for chunk in chunks or ():
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered
            try:
                sock.sendall(chunk)
            except OSError:  # it closed the connection on us
                break
            sent += len(chunk)
        answer = b""
        while b"\r\n\r\n" not in answer:
            part = sock.recv(65536)
            if not part:
                break
            answer += part
    return answer, sent


def test_a_real_server_refuses_a_chunked_upload_early_and_a_foreign_host(real_server: int) -> None:
    def chunked() -> Iterator[bytes]:
        piece = b" " * 16_384
        for _ in range(1_280):  # 20 MiB
            yield b"%x\r\n%s\r\n" % (len(piece), piece)

    head = (b"POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    answer, sent = _exchange(real_server, head, chunked())
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 4 * 1024 * 1024, sent  # refused long before the 20 MiB were sent
    assert b"content-security-policy:" in answer.lower() and b"x-request-id:" in answer.lower()
    foreign, _ = _exchange(real_server, b"GET /health HTTP/1.1\r\nHost: rebind.evil.example\r\nConnection: close\r\n\r\n")
    assert foreign.startswith(b"HTTP/1.1 400")
    local, _ = _exchange(real_server, b"GET /health HTTP/1.1\r\nHost: localhost:8000\r\nConnection: close\r\n\r\n")
    assert local.startswith(b"HTTP/1.1 200") and b"x-content-type-options: nosniff" in local.lower()


@pytest.mark.anyio
async def test_the_openapi_pages_run_their_inline_script_by_hash_in_development(app_settings: Callable[..., Settings]) -> None:
    """FastAPI's /docs starts Swagger UI from an inline script and a CDN: allowed by hash and origin, not wholesale."""
    async with served(app_settings()) as client:
        docs = await client.get("/docs")
    _assert_secured(docs)
    script_src = _script_src(docs.headers["content-security-policy"])
    inline = re.findall(r"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", docs.text, re.S | re.I)
    assert inline
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src
    for origin in set(re.findall(r'src="(https://[^/"]+)', docs.text)):
        assert origin in script_src
