"""Real databases for tests: one embedded FalkorDB server per session and one Neo4j (see tests/neo4j_server.py)."""

from __future__ import annotations

import contextlib
import itertools
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from app import embedded
from app.graph import Graph, open_graph
from app.settings import Settings
from tests import neo4j_server, oidc_provider

FIXTURES = Path(__file__).parent / "fixtures"
TEST_QUERIES = FIXTURES / "cypher"
_graph_numbers = itertools.count()


def dblp_file(tmp_path: Path, body: str, name: str = "dblp.xml") -> Path:
    """An ISO-8859-1 dblp.xml with the fixture DTD beside it."""
    shutil.copy(FIXTURES / "dblp" / "dblp.dtd", tmp_path / "dblp.dtd")
    path = tmp_path / name
    head = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n'
    path.write_bytes((head + body).encode("latin-1"))
    return path


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


def make_settings(**overrides: object) -> Settings:
    """Settings that ignore the developer's environment and .env, with the test queries added."""
    base: dict[str, object] = {"neo4j_uri": None, "extra_queries": TEST_QUERIES, "query_timeout_ms": 2_000}
    return Settings(**(base | overrides))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def embedded_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory whose server stays up for the whole session: a holder connection keeps it alive."""
    data_dir = tmp_path_factory.mktemp("engine")
    s = make_settings(data_dir=data_dir)
    endpoint = embedded.ensure_running(data_dir, embedded.Limits(s.query_timeout_ms, s.write_timeout_ms, s.result_cap))
    holder = endpoint.client()
    holder.client_setname("collab-test-session")
    yield data_dir
    holder.close()
    embedded.release(data_dir, endpoint)


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Neo4j 5 for the whole session, the first way that works: COLLAB_TEST_NEO4J_URI (and _PASSWORD);
    tools/neo4j-local where Java and Maven are installed; a testcontainers container where Docker answers.
    Skipped, saying what is missing, where none does."""
    if given := neo4j_server.from_environment():
        yield given
        return
    reasons = []
    if missing := neo4j_server.missing_java_tools():
        reasons.append(f"tools/neo4j-local needs Java and Maven: {' and '.join(missing)} not on PATH")
    else:
        try:
            with neo4j_server.local_server(tmp_path_factory.mktemp("neo4j") / "home") as local:
                yield local
            return
        except neo4j_server.Unavailable as e:
            reasons.append(str(e))
    try:
        with neo4j_server.container() as running:
            yield running
        return
    except neo4j_server.Unavailable as e:
        reasons.append(f"testcontainers needs Docker: {e}")
    pytest.skip("no Neo4j for the Neo4j tests: " + "; ".join(reasons))


@pytest.fixture(scope="session")
def oidc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[oidc_provider.OidcProvider]:
    """A real OpenID provider standing in for ORCID (tests/oidc_provider.py), once per session; skipped, saying
    why, where Node.js and npm are missing."""
    with contextlib.ExitStack() as stack:
        try:
            provider = stack.enter_context(oidc_provider.running(tmp_path_factory.mktemp("oidc")))
        except neo4j_server.Unavailable as e:
            pytest.skip(str(e))
        yield provider


@pytest.fixture(params=["falkordb", "neo4j"])
def engine_settings(request: pytest.FixtureRequest) -> Settings:
    """Settings for each engine; every test that uses them runs on both."""
    if request.param == "neo4j":
        uri, password = request.getfixturevalue("neo4j_uri")
        return make_settings(neo4j_uri=uri, neo4j_password=password)
    data_dir = request.getfixturevalue("embedded_dir")
    return make_settings(data_dir=data_dir, graph_name=f"test{next(_graph_numbers)}")


@pytest.fixture
async def graph(engine_settings: Settings) -> AsyncIterator[Graph]:
    """An empty graph with the schema applied, on each engine."""
    g = await open_graph(engine_settings)
    await g.reset()
    yield g
    await g.close()
