"""The Paper type: a work with its byline and topics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from app.api.context import loaders_of
from app.api.topic import Topic

if TYPE_CHECKING:
    from app.api.researcher import Researcher


@strawberry.type(description="A paper, preprint or other work; one node however many sources describe it.")
class Paper:
    id: strawberry.ID
    title: str | None
    year: int | None
    date: str | None = strawberry.field(description="ISO date as precise as the sources know it: 2024-07-11, 2024-07 or 2024.")
    kind: str | None = strawberry.field(description="preprint, article, inproceedings, ...")
    venue: str | None
    doi: str | None
    arxiv_id: str | None
    abstract: str | None
    has_code: bool | None
    cited_by_count: int | None

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
        )

    @strawberry.field(description="The authors in byline order.")
    async def authors(self, info: Info) -> list[Annotated[Researcher, strawberry.lazy("app.api.researcher")]]:
        from app.api.researcher import Researcher

        return [Researcher.from_record(r) for r in await loaders_of(info).paper_authors.load(self.id)]

    @strawberry.field(description="What the paper is about, highest score first.")
    async def topics(self, info: Info) -> list[Topic]:
        return [Topic.from_record(t) for t in await loaders_of(info).paper_topics.load(self.id)]
