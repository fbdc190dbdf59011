"""Researcher.trust: the trust snapshot (formula in app/trust.py and docs/trust.md) as the API serves it.

The evidence of every researcher a request asks about is read in one query (cypher/trust/list_evidence); the
co-author circle, whose links tell one group from unrelated ones, in one bounded query per researcher.
"""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from app import trust
from app.api.context import graph_of
from app.graph import Graph

FORMULA = (
    "score = verification (L0 0, L1 15, L2 30, L3 40) + 4 per work two or more sources list (at most 20) "
    "+ 15 x share of works with a DOI or arXiv id + 15 x share of co-authors in the largest group linked by "
    "co-authorship (0 with fewer than 2 co-authors) + 5 for a known affiliation + 5 for topics; shares rounded "
    "to whole points. Level: Emerging below 40, Established below 70, Trusted from 70."
)


@strawberry.enum(description="How surely a record is one identified person: L0 a name only; L1 a public author "
                 "record with a source id (DBLP, OpenAlex) or a profile export; L2 the record carries an ORCID from "
                 "a source; L3 claimed by a user whose ORCID sign-in matches the record's ORCID, or confirmed by "
                 "an admin.")
class VerificationLevel(Enum):
    L0 = "L0"
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"


@strawberry.type(description="One item of a trust score: what it is, the points it earned and why.")
class TrustReason:
    name: str = strawberry.field(description="verification, sources_agree, persistent_ids, connected_coauthors, "
                                 "affiliation or topics.")
    points: int
    detail: str = strawberry.field(description="The evidence in words, with the rule and any cap.")


@strawberry.type(description="How far the graph's evidence supports this record being one real, identified "
                 "person. " + FORMULA)
class TrustSnapshot:
    score: int = strawberry.field(description="0 to 100: the sum of the reasons' points.")
    level: str = strawberry.field(description="Emerging (below 40), Established (below 70) or Trusted.")
    verification: VerificationLevel
    claimed: bool = strawberry.field(description="A user holds a verified claim of this profile.")
    reasons: list[TrustReason] = strawberry.field(description="Every item of the score, zero points included.")

    @classmethod
    def of(cls, s: trust.Snapshot) -> TrustSnapshot:
        return cls(score=s.score, level=s.level, verification=VerificationLevel(s.verification.value),
                   claimed=s.claimed, reasons=[TrustReason(name=r.name, points=r.points, detail=r.detail)
                                               for r in s.reasons])


async def circle(graph: Graph, rid: str) -> tuple[int, int]:
    """(co-authors weighed, size of the largest group of them linked by co-authorship)."""
    rows = await graph.read("trust/list_circle_links", id=rid, limit=trust.CIRCLE_LIMIT)
    members = [r["member"] for r in rows]
    links = [(r["member"], other) for r in rows for other in r["linked"] or ()]
    return len(members), trust.largest_group(members, links)


async def evidence(graph: Graph, ids: list[str]) -> dict[str, trust.Evidence]:
    """The evidence of each researcher found, by id. The circles are read alongside the rest, not after it: on
    Neo4j a round trip is much of the cost."""
    rows, circles = await asyncio.gather(graph.read("trust/list_evidence", ids=ids),
                                         asyncio.gather(*(circle(graph, i) for i in ids)))
    weighed = dict(zip(ids, circles, strict=True))
    return {r["id"]: trust.evidence_of(r, *weighed[r["id"]]) for r in rows}


async def snapshots(graph: Graph, ids: list[str]) -> dict[str, trust.Snapshot]:
    return {rid: trust.snapshot(e) for rid, e in (await evidence(graph, ids)).items()}


def _loader(info: Info) -> DataLoader[str, trust.Snapshot | None]:
    """One loader per request, kept in the request's context: every researcher asked about, read at once."""
    context: dict[str, Any] = info.context
    if "trust" not in context:
        graph = graph_of(info)

        async def load(ids: list[str]) -> list[trust.Snapshot | None]:
            found = await snapshots(graph, ids)
            return [found.get(i) for i in ids]

        context["trust"] = DataLoader(load)
    loader: DataLoader[str, trust.Snapshot | None] = context["trust"]
    return loader


def _unknown(rid: str) -> trust.Snapshot:
    """A researcher the graph no longer holds (removed between two reads): no evidence at all."""
    return trust.snapshot(trust.Evidence(id=rid, orcid=None, ids=(rid,), profile_export=False, verified_claim=False,
                                         verified_by=None, works=0, persistent=0, agreed=0, institutions=0, topics=0,
                                         coauthors=0))


async def trust_of(info: Info, rid: str) -> TrustSnapshot:
    found = await _loader(info).load(rid)
    return TrustSnapshot.of(found or _unknown(rid))
