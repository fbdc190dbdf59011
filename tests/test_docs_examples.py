"""The documented examples run as written: every GraphQL request in docs/api.md and the README, their curl
commands and the README's Python client, against the demo graph (what `collab demo` loads) on both engines.
Each succeeds, or fails with exactly the errors the doc shows, and its answer has the shape the doc shows
(the same keys at every level, a value of the same type where both are given): the docs cannot drift from
the API unnoticed."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from graphql import FieldNode, GraphQLSyntaxError, OperationDefinitionNode, build_schema, parse

from app.cli import DEMO_BIB
from app.graph import Graph, open_graph
from app.server import create_app
from app.settings import Settings
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "docs" / "api.md", ROOT / "README.md"]
DOCUMENTED_URL = "http://127.0.0.1:8000"  # where the docs' examples send their requests
# A fenced block and, right after it (blank lines between at most), the fenced answer the doc shows for it.
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```\n(?:\s*^```(json|text)\n(.*?)^```\n)?", re.S | re.M)
# A comment right before an example that a signed-in person sends it (the doc says which token it carries).
_VIEWER = re.compile(r"<!-- signed in as (\w+) -->\s*$")


@dataclass(frozen=True)
class Example:
    where: str  # file:line, for the test's id and its messages
    kind: str  # graphql (the document alone), sh (a curl command) or python (a client script)
    code: str
    shown: str | None  # the answer printed after it, if the doc shows one
    viewer: str | None = None  # who sends it (a demo account's bearer token), from a `<!-- signed in as ada -->` line

    def __str__(self) -> str:
        return self.where


def _is_example(kind: str, code: str) -> bool:
    if kind == "graphql":
        return True
    if kind == "sh":
        return code.lstrip().startswith("curl") and "/graphql" in code
    return kind == "python" and DOCUMENTED_URL in code


def examples(path: Path) -> list[Example]:
    text = path.read_text(encoding="utf-8")
    found = []
    for m in _BLOCK.finditer(text):
        kind, code, shown = m.group(1), m.group(2), m.group(4)
        if _is_example(kind, code):
            line = text.count("\n", 0, m.start()) + 1
            viewer = _VIEWER.search(text, max(0, m.start() - 100), m.start())
            found.append(Example(f"{path.relative_to(ROOT)}:{line}", kind, code, shown,
                                 viewer.group(1) if viewer else None))
    return found


EXAMPLES = [e for path in DOCUMENTS for e in examples(path)]


# --- the demo graph, served over real HTTP -------------------------------------------------------------


# The accounts of docs/api.md's signed-in examples, with the claims its examples show by id.
ADA_CLAIM = "claim:5e1f0c2a9b7d4e3f8a6b1c0d2e4f6a8b"  # Ada's claim of Cordelia Schmid, verified by the admin
SIVIC_CLAIM = "claim:7b2d9e4f1a3c4b5d8e6f0a1b2c3d4e5f"  # Ada's pending claim of Josef Sivic, which she releases
BEN_CLAIM = "claim:c41a7e2b9d0f4c3a8b5e6d7f1a2b3c4d"  # Ben's pending claim of Andrew Zisserman, which the admin decides


async def _demo_accounts(graph: Graph) -> dict[str, str]:
    """Ada (follows Cordelia Schmid and Andrew Zisserman; the verified claimant of Cordelia Schmid; a pending claim
    of Josef Sivic), Ben (a pending claim of Andrew Zisserman) and an admin: the bearer token of each by name."""
    from app.accounts.tokens import create_token
    from app.accounts.users import create_user, now_iso
    from app.follows import follow

    password = "the docs' long password"
    ada = await create_user(graph, "ada@example.org", password, display_name="Ada Example")
    ben = await create_user(graph, "ben@example.org", password, display_name="Ben Example")
    admin = await create_user(graph, "admin@example.org", password, display_name="Site Admin", admin=True)
    for rid in ("dblp:Cordelia Schmid", "dblp:Andrew Zisserman"):
        await follow(graph, ada.id, rid)
    for cid, user, rid in ((ADA_CLAIM, ada, "dblp:Cordelia Schmid"), (SIVIC_CLAIM, ada, "dblp:Josef Sivic"),
                           (BEN_CLAIM, ben, "dblp:Andrew Zisserman")):
        await graph.write("claim/merge_claim", [], id=cid, user=user.id, researcher=rid, orcid=None, now=now_iso())
    await graph.write("claim/merge_decision", [], id=ADA_CLAIM, accept=True, admin=admin.id, now=now_iso())
    return {name: (await create_token(graph, user, "docs"))[1] for name, user in (("ada", ada), ("admin", admin))}


async def _load_demo(settings: Settings, rejects: Path) -> dict[str, str]:
    """The demo graph and its accounts: the bearer token of each account by name."""
    from loaders.load import load

    graph = await open_graph(settings)
    try:
        await graph.reset()
        await load(graph, "bibtex", [DEMO_BIB], rejects)
        return await _demo_accounts(graph)
    finally:
        await graph.close()


@contextlib.contextmanager
def _serving(settings: Settings) -> Iterator[str]:
    """The app on a free loopback port, in a thread of its own; its base URL."""
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, name="docs-examples", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start serving within 30 s")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


TOKENS: dict[str, dict[str, str]] = {}  # by served URL: the demo accounts' bearer tokens by name


@pytest.fixture(scope="module", params=["falkordb", "neo4j"])
def demo_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # A cold Neo4j plans each statement on its first run, which has taken over the suite's usual 2 s limit.
    if request.param == "neo4j":
        uri, password = request.getfixturevalue("neo4j_uri")
        settings = make_settings(neo4j_uri=uri, neo4j_password=password, query_timeout_ms=20_000)
    else:
        dirs = request.getfixturevalue("embedded_dir")
        settings = make_settings(data_dir=dirs, graph_name="docs_examples", query_timeout_ms=20_000)
    rejects = tmp_path_factory.mktemp("docs") / "rejects.jsonl"
    with ThreadPoolExecutor(1) as pool:  # a loop of its own: module fixtures are made outside the tests' loop
        tokens = pool.submit(asyncio.run, _load_demo(settings, rejects)).result()
    with _serving(settings) as url:
        TOKENS[url] = tokens
        yield url


# --- comparing an answer with the one shown ------------------------------------------------------------


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def shape_differences(shown: Any, got: Any, at: str = "answer") -> list[str]:
    """Where `got` is not shaped as `shown`: other keys, no items where some are shown, another type.
    A null on either side matches any value: the same field may be null for one record and set for another."""
    if shown is None or got is None:
        return []
    if isinstance(shown, dict) and isinstance(got, dict):
        if set(shown) != set(got):
            return [f"{at}: keys {sorted(got)}, the doc shows {sorted(shown)}"]
        return [d for key in shown for d in shape_differences(shown[key], got[key], f"{at}.{key}")]
    if isinstance(shown, list) and isinstance(got, list):
        if shown and not got:
            return [f"{at}: no items, the doc shows {len(shown)}"]
        pairs = enumerate(zip(shown, got, strict=False))  # the doc may show fewer items than came
        return [d for i, (s, g) in pairs for d in shape_differences(s, g, f"{at}[{i}]")]
    if _kind(shown) != _kind(got):
        return [f"{at}: {got!r} is a {_kind(got)}, the doc shows a {_kind(shown)} ({shown!r})"]
    return []


def errors_of(answer: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e.get("extensions", {}).get("code"), e["message"]) for e in answer.get("errors") or []]


def check_answer(example: Example, got: dict[str, Any]) -> None:
    """No errors unless the doc shows them, then the same codes and messages; the shape the doc shows."""
    shown = json.loads(example.shown) if example.shown else {}
    assert errors_of(got) == errors_of(shown), f"{example}: errors {errors_of(got)}, the doc shows {errors_of(shown)}"
    if example.shown:
        differences = shape_differences(shown, got)
        assert not differences, f"{example}: " + "; ".join(differences)


# --- running each kind of example ----------------------------------------------------------------------


def run_graphql(example: Example, url: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {TOKENS[url][example.viewer]}"} if example.viewer else {}
    answer = httpx.post(f"{url}/graphql", json={"query": example.code}, headers=headers, timeout=60)
    assert answer.status_code == 200, f"{example}: HTTP {answer.status_code}"
    result: dict[str, Any] = answer.json()
    return result


def run_curl(example: Example, url: str) -> dict[str, Any]:
    if shutil.which("curl") is None:
        pytest.skip("the documented curl commands need curl on PATH")
    command = example.code.replace(DOCUMENTED_URL, url)
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{example}: curl exited {done.returncode}: {done.stderr}"
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def run_python(example: Example, url: str) -> str:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example.code.replace(DOCUMENTED_URL, url), example.where, "exec"), {"__name__": "__docs__"})
    return printed.getvalue()


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_every_documented_example_answers_as_the_doc_shows(example: Example, demo_url: str) -> None:
    if example.kind == "python":  # the script prints what a person reads: the same lines, exactly
        assert example.shown is not None, f"{example}: the doc shows no output for its script"
        assert run_python(example, demo_url) == example.shown
        return
    got = run_curl(example, demo_url) if example.kind == "sh" else run_graphql(example, demo_url)
    check_answer(example, got)


# --- the docs hold what these tests need -----------------------------------------------------------------


def _query_fields(document: str) -> set[str]:
    """The top-level fields a document asks for; none for the example of a document that does not parse."""
    try:
        definitions = parse(document).definitions
    except GraphQLSyntaxError:
        return set()
    return {
        selection.name.value
        for definition in definitions if isinstance(definition, OperationDefinitionNode)
        for selection in definition.selection_set.selections if isinstance(selection, FieldNode)
    }


# Queries whose section of docs/api.md is still to be written (none now): any other query without an example
# fails the test below.
AWAITING_DOCS: set[str] = set()


def test_docs_api_shows_an_example_with_its_answer_for_every_query_of_the_schema() -> None:
    api = [e for e in EXAMPLES if e.where.startswith("docs/api.md") and e.kind == "graphql"]
    assert all(e.shown for e in api), [str(e) for e in api if not e.shown]
    documented = {name for e in api for name in _query_fields(e.code)}
    query_type = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8")).query_type
    assert query_type is not None
    missing = set(query_type.fields) - documented - AWAITING_DOCS
    assert not missing, f"queries with no example in docs/api.md: {sorted(missing)}"


# A relative link in Markdown: [text](path) or [text](path#anchor), not a web address.
_LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)#\s]+)")


def test_every_relative_link_of_the_readme_and_docs_names_a_file_that_exists() -> None:
    pages = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = [
        f"{page.relative_to(ROOT)}: {target}"
        for page in pages if page.exists()
        for target in _LINK.findall(page.read_text(encoding="utf-8"))
        if not (page.parent / target).exists()
    ]
    assert broken == []


def test_the_readme_shows_a_curl_request_and_a_python_client_with_their_answers() -> None:
    readme = [e for e in EXAMPLES if e.where.startswith("README.md")]
    assert {e.kind for e in readme if e.shown} >= {"sh", "python"}


def test_a_changed_answer_is_told_apart_from_the_one_shown() -> None:
    shown = {"data": {"researcher": {"name": "Cordelia Schmid", "papers": {"edges": [{"node": {"year": 2015}}]}}}}
    assert shape_differences(shown, {"data": {"researcher": {"name": "C. S.", "papers": {"edges": [{"node": {"year": 1}}]}}}}) == []
    assert shape_differences(shown, {"data": {"researcher": None}}) == []  # a null matches any value
    assert shape_differences(shown, {"data": {"researcher": {"name": "x"}}}) == [
        "answer.data.researcher: keys ['name'], the doc shows ['name', 'papers']"
    ]
    assert shape_differences(shown, {"data": {"researcher": {"name": "x", "papers": {"edges": []}}}}) == [
        "answer.data.researcher.papers.edges: no items, the doc shows 1"
    ]
    assert shape_differences({"score": 0.9}, {"score": "0.9"}) == ["answer.score: '0.9' is a str, the doc shows a number (0.9)"]


def test_the_readme_figures_are_the_ones_docs_performance_records() -> None:
    """The README's table takes its figures from the benchmark runs docs/performance.md records, never its own."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Performance", 1)[1].split("\n## ", 1)[0]
    measured = [row.split("|")[2:] for row in table.splitlines() if row.startswith("| ") and "---" not in row][1:]
    cells = " | ".join(" | ".join(row) for row in measured)
    figures = set(re.findall(r"\d+\.\d+ / \d+\.\d+|\d+(?:\.\d+)? (?:s|MB)", cells))  # p50 / p95, seconds, memory
    performance = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    assert len(figures) >= 8
    assert sorted(f for f in figures if f not in performance) == []
