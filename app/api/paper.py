"""The Paper type: a work with its byline and topics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import UNSET
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from app.api import cursors, limits
from app.api.connection import Connection, page
from app.api.context import loaders_of
from app.api.dataloaders import PapersKey, PapersPage
from app.api.topic import Topic

if TYPE_CHECKING:
    from app.api.researcher import Researcher


KINDS = (
    "preprint, article (journal), inproceedings (conference or workshop), incollection (book chapter), book, "
    "phdthesis, mastersthesis, proceedings, front-matter (an editorial, preface, index, proceedings volume or the "
    "like: listed, but its authors are not counted as co-authors), ..."
)


@strawberry.type(description="Where a paper can be read or looked up outside the graph.")
class Link:
    name: str = strawberry.field(description="DOI, arXiv, DBLP or OpenAlex.")
    url: str


def links(doi: str | None, arxiv_id: str | None, ids: list[str]) -> list[Link]:
    """The DOI first (the publisher's copy), then arXiv, then the bibliographies that list the paper."""
    found = []
    if doi:
        found.append(Link(name="DOI", url=f"https://doi.org/{doi}"))
    if arxiv_id:
        found.append(Link(name="arXiv", url=f"https://arxiv.org/abs/{arxiv_id}"))
    for i in ids:
        scheme, _, key = i.partition(":")
        if scheme == "dblp" and "/" in key:  # a DBLP record key (conf/cvpr/DalalT05), not a person
            found.append(Link(name="DBLP", url=f"https://dblp.org/rec/{key}"))
        elif scheme == "openalex":
            found.append(Link(name="OpenAlex", url=f"https://openalex.org/{key}"))
    return found


@strawberry.type(description="A paper, preprint or other work; one node however many sources describe it.")
class Paper:
    id: strawberry.ID
    title: str | None
    year: int | None
    date: str | None = strawberry.field(
        description="ISO date as precise as the sources know it: 2024-07-11, 2024-07 or 2024."
    )
    kind: str | None = strawberry.field(description=KINDS)
    venue: str | None
    doi: str | None
    arxiv_id: str | None
    abstract: str | None
    has_code: bool | None
    cited_by_count: int | None = strawberry.field(
        description="Citations the source counted across all literature; `citedBy` lists those inside the graph."
    )
    links: list[Link] = strawberry.field(description="DOI, arXiv, DBLP and OpenAlex pages of the paper, as known.")

    @classmethod
    def from_record(cls, r: Mapping[str, Any]) -> Paper:
        return cls(
            id=strawberry.ID(r["id"]),
            title=r.get("title"),
            year=r.get("year"),
            date=r.get("date"),
            kind=r.get("kind"),
            venue=r.get("venue"),
            doi=r.get("doi"),
            arxiv_id=r.get("arxiv_id"),
            abstract=r.get("abstract"),
            has_code=r.get("has_code"),
            cited_by_count=r.get("cited_by_count"),
            links=links(r.get("doi"), r.get("arxiv_id"), list(r.get("ids") or [])),
        )

    @strawberry.field(description="The authors in byline order.")
    async def authors(self, info: Info) -> list[Annotated[Researcher, strawberry.lazy("app.api.researcher")]]:
        from app.api.researcher import Researcher

        return [Researcher.from_record(r) for r in await loaders_of(info).paper_authors.load(self.id)]

    @strawberry.field(description="What the paper is about, highest score first.")
    async def topics(self, info: Info) -> list[Topic]:
        return [Topic.from_record(t) for t in await loaders_of(info).paper_topics.load(self.id)]

    @strawberry.field(
        description=f"Papers in the graph that cite this one, newest first; at most {limits.MAX_PAGE} per page."
    )
    async def cited_by(self, info: Info, first: int | None = 10, after: str | None = UNSET) -> Connection[Paper]:
        return await _paged(loaders_of(info).paper_citations, str(self.id), first, after)

    @strawberry.field(
        description=f"Papers in the graph this one cites, newest first; at most {limits.MAX_PAGE} per page."
    )
    async def references(self, info: Info, first: int | None = 10, after: str | None = UNSET) -> Connection[Paper]:
        return await _paged(loaders_of(info).paper_references, str(self.id), first, after)


async def _paged(
    loader: DataLoader[PapersKey, PapersPage], pid: str, first: int | None, after: str | None
) -> Connection[Paper]:
    first = limits.page_size(first)
    skip = cursors.skip_after(limits.given(after))
    result = await loader.load((pid, skip, first))
    return page(result.papers, skip, first, Paper.from_record, total=result.total)
