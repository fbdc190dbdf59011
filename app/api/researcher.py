"""The Researcher type: a person with their papers, topics, institutions and co-author count."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry
from strawberry import UNSET
from strawberry.types import Info

from app.api import claim_state, cursors, limits, trust
from app.api.claim_state import ProfileClaim
from app.api.connection import Connection, page
from app.api.context import loaders_of
from app.api.followers import follower_count, viewer_follows
from app.api.institution import Institution
from app.api.paper import Paper
from app.api.topic import Topic
from app.api.trust import TrustSnapshot


@strawberry.type(
    description="A figure a profile source reported about a researcher, as it reported it (h_index, citations, "
    "papers, ...)."
)
class ReportedFigure:
    name: str
    value: float = strawberry.field(description="As reported; fractions (an AI score) stay fractions.")
    count: int | None = strawberry.field(description="The value as an integer when it is a whole number (h_index, "
                                         "citations, papers); null for a fraction.")

    @classmethod
    def from_record(cls, r: Mapping[str, Any]) -> ReportedFigure:
        value = r["value"]
        return cls(name=r["name"], value=value, count=int(value) if float(value).is_integer() else None)


@strawberry.type(description="A topic a researcher works on and how many of their papers are about it.")
class TopicCount:
    topic: Topic
    count: int


@strawberry.type(description="A researcher: one person however many sources and name spellings describe them.")
class Researcher:
    id: strawberry.ID
    name: str | None
    aliases: list[str] = strawberry.field(description="Other spellings of the name seen in the sources.")
    orcid: str | None
    works_count: int | None
    first_year: int | None = strawberry.field(description="Year of the earliest paper in the graph.")
    last_year: int | None = strawberry.field(description="Year of the latest paper in the graph.")
    reported: list[ReportedFigure] = strawberry.field(
        description="Figures profile sources reported (h_index, citations, papers, ...); empty when none did."
    )
    h_index: int | None = strawberry.field(description="The h-index a profile source reported; null when none did.")

    @classmethod
    def from_record(cls, r: Mapping[str, Any]) -> Researcher:
        reported = [ReportedFigure.from_record(f) for f in r.get("reported") or []]
        return cls(
            id=strawberry.ID(r["id"]),
            name=r.get("name"),
            aliases=list(r.get("aliases") or []),
            orcid=r.get("orcid"),
            works_count=r.get("works_count"),
            first_year=r.get("first_year"),
            last_year=r.get("last_year"),
            reported=reported,
            h_index=next((f.count for f in reported if f.name == "h_index"), None),
        )

    @strawberry.field(description=f"The researcher's papers, newest first; at most {limits.MAX_PAGE} per page.")
    async def papers(self, info: Info, first: int | None = 10, after: str | None = UNSET) -> Connection[Paper]:
        first = limits.page_size(first)
        skip = cursors.skip_after(limits.given(after))
        result = await loaders_of(info).researcher_papers.load((self.id, skip, first))
        return page(result.papers, skip, first, Paper.from_record, total=result.total)

    @strawberry.field(description="Topics of the researcher's papers with how many papers each, most frequent first.")
    async def topics(self, info: Info) -> list[TopicCount]:
        rows = await loaders_of(info).researcher_topics.load(self.id)
        return [TopicCount(topic=Topic.from_record(t), count=t["count"]) for t in rows]

    @strawberry.field(description="Institutions the researcher is affiliated with, most recent first.")
    async def institutions(self, info: Info) -> list[Institution]:
        return [Institution.from_record(i) for i in await loaders_of(info).researcher_institutions.load(self.id)]

    @strawberry.field(description="How many distinct people the researcher has co-authored with.")
    async def coauthor_count(self, info: Info) -> int:
        return await loaders_of(info).coauthor_count.load(self.id)

    @strawberry.field(description="How many users follow the researcher.")
    async def follower_count(self, info: Info) -> int:
        return await follower_count(info, str(self.id))

    @strawberry.field(description="Whether the signed-in user follows the researcher; false when signed out.")
    async def viewer_follows(self, info: Info) -> bool:
        return await viewer_follows(info, str(self.id))

    @strawberry.field(description="How far the graph's evidence supports this record being one identified person, "
                      "every point with its reason. " + trust.FORMULA)
    async def trust(self, info: Info) -> TrustSnapshot:
        return await trust.trust_of(info, str(self.id))

    @strawberry.field(description="Who has claimed this profile: unclaimed, pending, or the verified claimant.")
    async def claim_status(self, info: Info) -> ProfileClaim:
        return await claim_state.profile_claim(info, str(self.id))

    @strawberry.field(description="The verified claimant says they are open to collaborate; false when unclaimed.")
    async def open_to_collaborate(self, info: Info) -> bool:
        return await claim_state.open_to_collaborate(info, str(self.id))

    @strawberry.field(description="Topics the verified claimant wants to work on, while open to collaborate.")
    async def collaboration_topics(self, info: Info) -> list[str]:
        return await claim_state.collaboration_topics(info, str(self.id))
