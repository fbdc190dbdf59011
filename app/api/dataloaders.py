"""Per-request DataLoaders: every nested list a response needs is fetched in one query per kind, not one per parent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from strawberry.dataloader import DataLoader

from app.graph import Graph, Row

# (researcher or paper id, skip, limit): papers are paged per parent, batched per page shape.
PapersKey = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class PapersPage:
    total: int
    papers: list[Row]


def _by(rows: Sequence[Row], key: str) -> dict[Any, Row]:
    return {r[key]: r for r in rows}


@dataclass
class Loaders:
    """One set per request, so nothing cached outlives the request that read it."""

    graph: Graph
    researcher: DataLoader[str, Row | None] = field(init=False)
    paper: DataLoader[str, Row | None] = field(init=False)
    paper_authors: DataLoader[str, list[Row]] = field(init=False)
    paper_topics: DataLoader[str, list[Row]] = field(init=False)
    researcher_topics: DataLoader[str, list[Row]] = field(init=False)
    researcher_institutions: DataLoader[str, list[Row]] = field(init=False)
    coauthor_count: DataLoader[str, int] = field(init=False)
    researcher_papers: DataLoader[PapersKey, PapersPage] = field(init=False)
    paper_references: DataLoader[PapersKey, PapersPage] = field(init=False)
    paper_citations: DataLoader[PapersKey, PapersPage] = field(init=False)

    def __post_init__(self) -> None:
        self.researcher = DataLoader(self._researchers)
        self.paper = DataLoader(self._papers)
        self.paper_authors = DataLoader(self._paper_authors)
        self.paper_topics = DataLoader(self._paper_topics)
        self.researcher_topics = DataLoader(self._researcher_topics)
        self.researcher_institutions = DataLoader(self._researcher_institutions)
        self.coauthor_count = DataLoader(self._coauthor_counts)
        self.researcher_papers = DataLoader(partial(self._pages, "researcher/list_papers", "researcher"))
        self.paper_references = DataLoader(partial(self._pages, "paper/list_references", "paper"))
        self.paper_citations = DataLoader(partial(self._pages, "paper/list_citing", "paper"))

    async def _researchers(self, ids: list[str]) -> list[Row | None]:
        found = _by(await self.graph.read("researcher/list_researchers", ids=ids), "id")
        return [found.get(i) for i in ids]

    async def _papers(self, ids: list[str]) -> list[Row | None]:
        found = _by(await self.graph.read("paper/list_papers", ids=ids), "id")
        return [found.get(i) for i in ids]

    async def _paper_authors(self, ids: list[str]) -> list[list[Row]]:
        found = _by(await self.graph.read("paper/list_authors", ids=ids), "paper")
        return [found[i]["authors"] if i in found else [] for i in ids]

    async def _paper_topics(self, ids: list[str]) -> list[list[Row]]:
        found = _by(await self.graph.read("paper/list_topics", ids=ids), "paper")
        return [found[i]["topics"] if i in found else [] for i in ids]

    async def _researcher_topics(self, ids: list[str]) -> list[list[Row]]:
        found = _by(await self.graph.read("researcher/list_topics", ids=ids), "researcher")
        return [found[i]["topics"] if i in found else [] for i in ids]

    async def _researcher_institutions(self, ids: list[str]) -> list[list[Row]]:
        found = _by(await self.graph.read("researcher/list_institutions", ids=ids), "researcher")
        return [found[i]["institutions"] if i in found else [] for i in ids]

    async def _coauthor_counts(self, ids: list[str]) -> list[int]:
        found = _by(await self.graph.read("researcher/count_coauthors", ids=ids), "researcher")
        return [found[i]["coauthors"] if i in found else 0 for i in ids]

    async def _pages(self, query: str, parent: str, keys: list[PapersKey]) -> list[PapersPage]:
        """Pages of papers per parent from `query`, whose rows are {parent, total, papers}. One query per distinct
        (skip, limit): in practice one, since sibling fields ask for the same page."""
        shapes: dict[tuple[int, int], list[str]] = defaultdict(list)
        for pid, skip, limit in keys:
            shapes[(skip, limit)].append(pid)
        pages: dict[PapersKey, PapersPage] = {}
        for (skip, limit), ids in shapes.items():
            found = _by(await self.graph.read(query, ids=ids, skip=skip, limit=limit), parent)
            for pid in ids:
                row = found.get(pid)
                pages[(pid, skip, limit)] = PapersPage(row["total"], row["papers"]) if row else PapersPage(0, [])
        return [pages[k] for k in keys]
