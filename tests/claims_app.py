"""The app on each engine over a graph the real loaders filled from the project's fixtures, for the trust and claim
tests: records chosen to show each verification level, and a person whose co-authors form two unrelated groups.

    MIRA  orcid:0000-0002-1825-0097  OpenAlex with an ORCID (L2), also in arXiv and a profile export
    JONAS openalex:A9000000002       an OpenAlex author id, no ORCID (L1)
    TOY   name:a-toy                 an arXiv author: a name only (L0)
    SPLIT name:split-person          two papers whose co-authors never wrote together (BibTeX below)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.graph import Graph
from app.server import create_app
from app.settings import Settings
from tests.conftest import FIXTURES
from tests.loading import load_files

MIRA, MIRA_ORCID = "orcid:0000-0002-1825-0097", "0000-0002-1825-0097"
JONAS = "openalex:A9000000002"
TOY = "name:a-toy"
SPLIT, ANN, BEN, CID, DEE = ("name:split-person", "name:ann-alpha", "name:ben-beta", "name:cid-gamma",
                             "name:dee-delta")
FILES = [("openalex", "openalex/works.jsonl"), ("arxiv", "arxiv/sample.jsonl"), ("bibtex", "bibtex/dblp-style.bib"),
         ("profile", "profiles/page-mira-okafor.txt")]
SPLIT_BIB = """@inproceedings{split1,
  author = {Split Person and Ann Alpha and Ben Beta},
  title = {First Study of the Split Person},
  booktitle = {ToyConf}, year = {2019}, doi = {10.5555/split.1}
}
@inproceedings{split2,
  author = {Split Person and Cid Gamma and Dee Delta},
  title = {Second Study of the Split Person},
  booktitle = {ToyConf}, year = {2020}
}
"""


async def load_fixtures(graph: Graph, tmp_path: Path) -> None:
    for source, name in FILES:
        await load_files(graph, source, FIXTURES / name, tmp_path=tmp_path)
    split = tmp_path / "split.bib"
    split.write_text(SPLIT_BIB, encoding="utf-8")
    await load_files(graph, "bibtex", split, tmp_path=tmp_path)


@dataclass
class Served:
    app: FastAPI
    graph: Graph  # the test's own graph on the app's database
    base: str = "http://127.0.0.1"

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=self.base)

    async def post(self, client: httpx.AsyncClient, query: str, headers: dict[str, str] | None = None,
                   **variables: Any) -> dict[str, Any]:
        """The GraphQL answer as JSON (data and errors), over HTTP."""
        response = await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers or {})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, client: httpx.AsyncClient, query: str, headers: dict[str, str] | None = None,
                   **variables: Any) -> dict[str, Any]:
        body = await self.post(client, query, headers, **variables)
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def codes(self, client: httpx.AsyncClient, query: str, headers: dict[str, str] | None = None,
                    **variables: Any) -> list[str]:
        """The error codes of a request expected to fail."""
        body = await self.post(client, query, headers, **variables)
        assert body.get("errors"), f"expected errors, got {body}"
        return [e["extensions"]["code"] for e in body["errors"]]


@pytest.fixture
async def served(graph: Graph, engine_settings: Settings, tmp_path: Path) -> AsyncIterator[Served]:
    """The app on each engine's graph, filled by the loaders, over HTTP through httpx's ASGI transport."""
    await load_fixtures(graph, tmp_path)
    app = create_app(engine_settings)
    async with app.router.lifespan_context(app):
        yield Served(app=app, graph=graph)
