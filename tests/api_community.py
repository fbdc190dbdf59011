"""An invented research community for the API tests, the app serving it over real HTTP, and a GraphQL client.

The community is plain Python data, written to the graph through the fixture queries under
`fixtures/cypher/api/`; the tests compute what the API should answer from the same data on their own
(breadth-first search, joint papers, topic sets), never through the API's code.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Self

import pytest
import uvicorn
from fastapi import FastAPI
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport

from app.graph import open_graph
from app.server import create_app
from app.settings import Settings
from loaders.keys import search_text
from loaders.text_keys import name_key, title_key
from tests.conftest import make_settings

# --- the community ------------------------------------------------------------------------------

# id, name, aliases, orcid, reported figures
PEOPLE: list[tuple[str, str, list[str], str | None, dict[str, float]]] = [
    ("orcid:0000-0001-0000-0001", "Gül Ayhan", ["G. Ayhan"], "0000-0001-0000-0001",
     {"reported_h_index": 21, "reported_citations": 4321}),
    ("dblp:Jonas Berg", "Jonas Berg", [], None, {}),
    ("name:chiara-conti", "Chiara Conti", [], None, {}),
    ("name:dmitri-dolgov", "Dmitri Dolgov", [], None, {}),
    ("name:elodie-faure", "Élodie Faure", ["E. Faure"], None, {}),
    ("name:farid-ghanem", "Farid Ghanem", [], None, {}),
    ("name:hana-ito", "Hana Ito", [], None, {}),
    ("name:ivan-jelic", "Ivan Jelić", [], None, {}),
    ("name:jun-kato", "Jun Kato", [], None, {}),
    ("name:karin-lund", "Karin Lund", [], None, {}),
    ("name:lena-moser", "Lena Moser", [], None, {}),
    ("name:marco-neri", "Marco Neri", [], None, {}),
    ("orcid:0000-0002-0000-0013", "Nadia Okafor", [], "0000-0002-0000-0013", {"reported_papers": 40}),
    ("name:oskar-pettersson", "Oskar Pettersson", [], None, {}),
    ("name:priya-raman", "Priya Raman", [], None, {}),
    ("name:quentin-roux", "Quentin Roux", [], None, {}),
    ("name:rosa-santos", "Rosa Santos", [], None, {}),
    ("name:sven-thorsen", "Sven Thorsen", [], None, {}),
    ("name:tomas-urena", "Tomás Ureña", [], None, {}),
    ("name:uma-varga", "Uma Varga", [], None, {}),
    ("name:victor-wen", "Victor Wen", [], None, {}),
    ("name:wanda-xu", "Wanda Xu", [], None, {}),
    ("name:yara-zein", "Yara Zein", [], None, {}),
    ("dblp:John Smith 0001", "John Smith", ["J. Smith"], None, {}),
    ("dblp:Kate Smith", "Kate Smith", [], None, {}),
    ("name:ana-lin", "Ana Lin", [], None, {}),
    ("name:bo-lin", "Bo Lin", [], None, {}),
    ("name:cy-lin", "Cy Lin", [], None, {}),
    ("name:solo-hermit", "Solo Hermit", [], None, {}),
    ("name:zoe-angstrom", "Zoë Ångström", [], None, {}),
]
R = [p[0] for p in PEOPLE]  # R[0] is Gül Ayhan, R[1] Jonas Berg, ... in the order above

TOPICS = [
    ("keyword:cv", "Computer Vision", "keyword"),
    ("keyword:ml", "Machine Learning", "keyword"),
    ("keyword:nlp", "Natural Language Processing", "keyword"),
    ("keyword:robotics", "Robotics", "keyword"),
    ("keyword:graphs", "Graph Mining", "keyword"),
]
CV, ML, NLP, ROB, GRA = (t[0] for t in TOPICS)

INSTITUTIONS = [
    ("inst:north", "Northfield Institute of Technology", "NO"),
    ("inst:lake", "Lakeside University", "CA"),
    ("inst:delta", "Delta Vision Lab", "FR"),
    ("inst:ember", "Ember Research", "JP"),
]

# paper number, year, author indexes into R (byline order), topics
PAPERS: list[tuple[int, int | None, list[int], list[str]]] = [
    (1, 2015, [0, 1, 2], [CV, ML]),
    (2, 2014, [0, 1], [CV]),
    (3, 2013, [0, 3], [ML]),
    (4, 2012, [1, 4], [CV]),
    (5, 2011, [2, 5], [ML]),
    (6, 2010, [3, 6], [ROB]),
    (7, 2009, [4, 7], [CV]),
    (8, 2008, [5, 8], [ML]),
    (9, 2007, [6, 9], [ROB]),
    (10, 2006, [7, 10], [CV]),
    (11, 2005, [8, 11], [NLP]),
    (12, 2015, [9, 12], [ROB]),
    (13, 2014, [10, 13], [CV]),
    (14, 2013, [11, 14], [NLP]),
    (15, 2012, [12, 15], [ML]),
    (16, 2011, [13, 16], [CV]),
    (17, 2010, [14, 17], [NLP]),
    (18, 2015, [15, 18], [ML, GRA]),
    (19, 2014, [16, 19], [CV]),
    (20, 2013, [17, 20], [NLP]),
    (21, 2012, [18, 21], [GRA]),
    (22, 2011, [19, 22], [CV]),
    (23, 2010, [20, 23], [NLP]),
    (24, 2015, [21, 22, 19], [GRA, CV]),
    (25, 2005, [0, 9], [ROB]),  # Ayhan and Lund: one paper in 2005 ...
    (26, 2015, [0, 9], [ROB]),  # ... and one in 2015, none in between
    (27, 2006, [2, 19], [CV]),  # an old shortcut from Conti to Varga
    (28, 2013, [1, 10, 23, 24], [CV]),
    (29, 2012, [23, 29], [ML]),
    (30, 2014, [29, 22], [CV, ML]),
    (31, 2009, [25, 26], [NLP]),  # the Lins: a community of their own
    (32, 2011, [26, 27], [NLP]),
    (33, 2013, [25, 26, 27], [NLP]),
    (34, 2010, [28], [GRA]),  # Hermit writes alone
    (35, 2015, [0, 2], [CV, ML]),
    (36, 2014, [0, 2, 4], [CV]),
    (37, 2012, [6, 8, 12], [ROB]),
    (38, 2015, [0, 18], [GRA]),
    (39, None, [1, 5], [ML]),  # year unknown
    (40, 2011, [11, 13, 15], [NLP, ML]),
]
CITATIONS = [(1, 2), (1, 3), (24, 21), (36, 35)]
# researcher index, institution, first year, last year
AFFILIATIONS = [
    (0, "inst:north", 2010, 2015), (1, "inst:north", 2012, 2015), (3, "inst:north", 2008, 2013),
    (2, "inst:lake", 2006, 2015), (5, "inst:lake", 2005, 2011), (19, "inst:lake", 2010, 2015),
    (4, "inst:delta", 2009, 2014), (7, "inst:delta", 2006, 2009), (6, "inst:ember", 2007, 2012),
    (12, "inst:ember", 2012, 2015), (9, "inst:north", 2005, 2009), (18, "inst:north", 2014, 2015),
]


def paper_id(n: int) -> str:
    return f"doi:10.5555/fixture.{n:02d}"


def paper_date(n: int, year: int | None) -> str | None:
    return f"{year}-0{n % 9 + 1}-15" if year else None


def paper_title(n: int) -> str:
    return f"Fixture Study Number {n}"


@dataclass(frozen=True)
class Community:
    """The fixture as the tests reason about it."""

    years: dict[str, int | None]  # paper id -> year
    dates: dict[str, str | None]  # paper id -> ISO date
    authors: dict[str, list[str]]  # paper id -> researcher ids in byline order
    topics: dict[str, list[str]]  # paper id -> topic ids

    def papers_of(self, rid: str) -> list[str]:
        return [p for p, a in self.authors.items() if rid in a]

    def joint_papers(self, a: str, b: str, year_from: int | None = None, year_to: int | None = None) -> list[str]:
        found = []
        for p, people in self.authors.items():
            if a in people and b in people and a != b:
                y = self.years[p]
                windowed = year_from is not None or year_to is not None
                outside = y is None or (year_from is not None and y < year_from) or (year_to is not None and y > year_to)
                if not (windowed and outside):
                    found.append(p)
        return found

    def newest_first(self, papers: list[str]) -> list[str]:
        """Newest first: year, then date, both descending; ties by id."""
        return sorted(sorted(papers), key=lambda p: (self.years[p] or 0, self.dates[p] or ""), reverse=True)

    def adjacency(self, year_from: int | None = None, year_to: int | None = None,
                  avoid: frozenset[str] = frozenset()) -> dict[str, set[str]]:
        adj: dict[str, set[str]] = defaultdict(set)
        for a, b in itertools.combinations(R, 2):
            if a in avoid or b in avoid:
                continue
            if self.joint_papers(a, b, year_from, year_to):
                adj[a].add(b)
                adj[b].add(a)
        return adj

    def coauthors(self, rid: str) -> set[str]:
        return self.adjacency()[rid]

    def topic_set(self, rid: str) -> set[str]:
        return {t for p in self.papers_of(rid) for t in self.topics[p]}

    def last_year(self, rid: str) -> int | None:
        years = [self.years[p] for p in self.papers_of(rid) if self.years[p] is not None]
        return max(years) if years else None


COMMUNITY = Community(
    years={paper_id(n): y for n, y, _, _ in PAPERS},
    dates={paper_id(n): paper_date(n, y) for n, y, _, _ in PAPERS},
    authors={paper_id(n): [R[i] for i in a] for n, _, a, _ in PAPERS},
    topics={paper_id(n): t for n, _, _, t in PAPERS},
)


def bfs_distances(adj: dict[str, set[str]], source: str) -> dict[str, int]:
    """Plain breadth-first search: hops from `source` to everyone reachable."""
    dist = {source: 0}
    queue = [source]
    for node in queue:
        for other in sorted(adj.get(node, ())):
            if other not in dist:
                dist[other] = dist[node] + 1
                queue.append(other)
    return dist


def simple_paths(adj: dict[str, set[str]], source: str, target: str, max_hops: int) -> list[tuple[str, ...]]:
    """Every simple path of at most `max_hops` hops, by depth-first enumeration (the fixture is small)."""
    found: list[tuple[str, ...]] = []

    def walk(path: list[str]) -> None:
        if path[-1] == target:
            found.append(tuple(path))
            return
        if len(path) - 1 == max_hops:
            return
        for other in sorted(adj.get(path[-1], ())):
            if other not in path:
                walk([*path, other])

    walk([source])
    return sorted(found, key=lambda p: (len(p), p))


# --- writing it ---------------------------------------------------------------------------------


def _rows() -> dict[str, list[dict[str, Any]]]:
    c = COMMUNITY
    researchers = []
    for rid, name, aliases, orcid, reported in PEOPLE:
        years = [c.years[p] for p in c.papers_of(rid) if c.years[p] is not None]
        researchers.append({
            "id": rid, "name": name, "name_key": name_key(name), "search_text": search_text(name, tuple(aliases)),
            "aliases": aliases, "orcid": orcid, "first_year": min(years, default=None),
            "last_year": max(years, default=None), "works_count": len(c.papers_of(rid)), "reported": reported,
        })
    papers = [
        {
            "id": paper_id(n), "title": paper_title(n), "title_key": title_key(paper_title(n)), "year": y,
            "date": paper_date(n, y), "kind": "inproceedings" if n % 2 else "article",
            "venue": "FixtureConf" if n % 2 else "Journal of Fixtures", "doi": f"10.5555/fixture.{n:02d}",
            "arxiv_id": f"1501.{n:05d}" if n % 5 == 0 else None, "abstract": f"What study {n} found.",
            "has_code": True if n % 3 == 0 else None, "cited_by_count": n * 3,
        }
        for n, y, _, _ in PAPERS
    ]
    return {
        "merge_researchers": researchers,
        "merge_papers": papers,
        "merge_topics": [{"id": i, "name": n, "scheme": s} for i, n, s in TOPICS],
        "merge_institutions": [{"id": i, "name": n, "country": k} for i, n, k in INSTITUTIONS],
        "merge_authorships": [
            {"researcher": R[i], "paper": paper_id(n), "position": pos}
            for n, _, a, _ in PAPERS for pos, i in enumerate(a)
        ],
        "merge_about": [
            {"paper": paper_id(n), "topic": t, "score": round(1.0 - 0.25 * k, 2)}
            for n, _, _, ts in PAPERS for k, t in enumerate(ts)
        ],
        "merge_affiliations": [
            {"researcher": R[i], "institution": inst, "first_year": f, "last_year": last}
            for i, inst, f, last in AFFILIATIONS
        ],
        "merge_citations": [{"source": paper_id(a), "target": paper_id(b)} for a, b in CITATIONS],
        "merge_collaborations": [],
    }


async def write_community(settings: Settings) -> None:
    graph = await open_graph(settings)
    try:
        await graph.reset()
        for name, rows in _rows().items():
            await graph.write(f"api/{name}", rows)
    finally:
        await graph.close()


# --- serving it ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Api:
    """The app serving the community on a loopback port, in a thread of its own."""

    url: str
    app: FastAPI
    engine: str


@pytest.fixture(scope="session", params=["falkordb", "neo4j"])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    """The app on each engine over real HTTP, its graph holding the community."""
    if request.param == "neo4j":
        uri, password = request.getfixturevalue("neo4j_uri")
        settings = make_settings(neo4j_uri=uri, neo4j_password=password)
    else:
        settings = make_settings(data_dir=request.getfixturevalue("embedded_dir"), graph_name="api_community")
    # A loop of its own: the tests' loop is not running while session fixtures are made.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, write_community(settings)).result()
    app = create_app(settings)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="api-under-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start serving within 30 s")
        time.sleep(0.02)
    yield Api(url=f"http://127.0.0.1:{port}/graphql", app=app, engine=request.param)
    server.should_exit = True
    thread.join(timeout=30)


class GraphQL:
    """A real GraphQL client (gql over httpx) bound to the app under test."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        result: dict[str, Any] = await self._session.execute(GraphQLRequest(query, variable_values=variables))
        return result

    async def errors(self, query: str, **variables: Any) -> list[dict[str, Any]]:
        """The errors of a request expected to fail; fails the test if it did not."""
        try:
            await self._session.execute(GraphQLRequest(query, variable_values=variables))
        except TransportQueryError as e:
            return list(e.errors or [])
        raise AssertionError("the request succeeded; an error was expected")


@pytest.fixture
async def client(api: Api) -> AsyncIterator[GraphQL]:
    transport = HTTPXAsyncTransport(url=api.url, timeout=30)
    async with Client(transport=transport, fetch_schema_from_transport=False) as session:
        yield GraphQL(session)


class QueryLog:
    """The named queries the app ran while a block ran: to show no query runs per parent item."""

    def __init__(self, app: FastAPI) -> None:
        self._graph = app.state.graph
        self.names: list[str] = []

    def __enter__(self) -> Self:
        read = self._graph.read

        async def counted(name: str, **params: Any) -> Any:
            self.names.append(name)
            return await read(name, **params)

        self._graph.read = counted
        return self

    def __exit__(self, *exc: object) -> None:
        del self._graph.read  # back to the class's method
