"""Real databases for tests: one embedded FalkorDB server per session, Neo4j through testcontainers when Docker answers."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from app import embedded
from app.graph import Graph, open_graph
from app.settings import Settings

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
def neo4j_uri() -> Iterator[tuple[str, str]]:
    """A Neo4j 5 container; skipped with the reason when no Docker engine answers."""
    try:
        import docker

        docker.from_env().ping()
    except Exception as e:  # any failure to reach Docker means: no Neo4j here
        pytest.skip(f"Neo4j contract tests need Docker: no Docker engine answers ({type(e).__name__})")
    from testcontainers.neo4j import Neo4jContainer

    with Neo4jContainer("neo4j:5.26", password="contract-tests") as container:
        yield container.get_connection_url(), "contract-tests"


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
