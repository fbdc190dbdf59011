"""What a profile's claims say, for Researcher fields: who holds it, what is pending, open to collaborate.

(:User)-[:MADE]->(:Claim {id, state, created_at, decided_at, decided_by, evidence, open_to_collaborate,
collaboration_topics})-[:OF]->(:Researcher). States: PENDING, VERIFIED, REJECTED, and RELEASED for a claim its
user gave up, which the API never shows. Open to collaborate lives on the verified claim: it goes with the
claimant, and no load, which writes researchers, can touch it.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from app.api.auth import viewer_or_none
from app.api.context import graph_of
from app.graph import Graph, Row


@strawberry.enum(description="A claim's state: PENDING until an admin decides (or an ORCID sign-in matches), "
                 "VERIFIED, or REJECTED.")
class ClaimState(Enum):
    PENDING = "PENDING"
    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"


@strawberry.enum(description="Whether a profile is claimed: UNCLAIMED, PENDING (claims wait for an admin) or "
                 "VERIFIED (one user holds it).")
class ProfileClaimState(Enum):
    UNCLAIMED = "UNCLAIMED"
    PENDING = "PENDING"
    VERIFIED = "VERIFIED"


@strawberry.type(description="Who has claimed a researcher profile, as the profile page shows it.")
class ProfileClaim:
    state: ProfileClaimState
    claimant: str | None = strawberry.field(description="Display name of the verified claimant; null otherwise.")
    pending: int = strawberry.field(description="Claims waiting for an admin's decision.")
    viewer_state: ClaimState | None = strawberry.field(
        description="The state of the viewer's own claim of this profile; null when signed out or not claimed.")
    viewer_is_claimant: bool = strawberry.field(description="The viewer holds the verified claim.")


async def researcher_claims(graph: Graph, ids: list[str]) -> dict[str, list[Row]]:
    """The claims of each researcher that were not released (pending, verified or rejected), by researcher id."""
    return {r["researcher"]: r["claims"] for r in await graph.read("claim/list_researcher_claims", ids=ids)}


def _loader(info: Info) -> DataLoader[str, list[Row]]:
    """One loader per request in the request's context: the claims of every researcher asked about, read at once."""
    context: dict[str, Any] = info.context
    if "researcher_claims" not in context:
        graph = graph_of(info)

        async def load(ids: list[str]) -> list[list[Row]]:
            found = await researcher_claims(graph, ids)
            return [found.get(i, []) for i in ids]

        context["researcher_claims"] = DataLoader(load)
    loader: DataLoader[str, list[Row]] = context["researcher_claims"]
    return loader


def verified(claims: list[Row]) -> Row | None:
    return next((c for c in claims if c["state"] == "VERIFIED"), None)


async def verified_claim(info: Info, rid: str) -> Row | None:
    return verified(await _loader(info).load(rid))


def forget(info: Info) -> None:
    """After a mutation wrote claims: later fields of the same request read them again."""
    info.context.pop("researcher_claims", None)
    info.context.pop("trust", None)


def _viewers_claim(claims: list[Row], user_id: str) -> Row | None:
    """The viewer's pending or verified claim, else their latest rejected one (the page tells them of it)."""
    mine = sorted((c for c in claims if c["user"] == user_id), key=lambda c: c["created_at"] or "")
    return next((c for c in mine if c["state"] != "REJECTED"), mine[-1] if mine else None)


async def profile_claim(info: Info, rid: str) -> ProfileClaim:
    claims = await _loader(info).load(rid)
    held = verified(claims)
    viewer = viewer_or_none(info)
    mine = _viewers_claim(claims, viewer.id) if viewer is not None else None
    pending = sum(1 for c in claims if c["state"] == "PENDING")
    state = ProfileClaimState.VERIFIED if held else ProfileClaimState.PENDING if pending else None
    return ProfileClaim(
        state=state or ProfileClaimState.UNCLAIMED, claimant=held["display_name"] if held else None, pending=pending,
        viewer_state=ClaimState(mine["state"]) if mine else None,
        viewer_is_claimant=bool(held and viewer is not None and held["user"] == viewer.id),
    )


async def open_to_collaborate(info: Info, rid: str) -> bool:
    held = await verified_claim(info, rid)
    return bool(held and held["open_to_collaborate"])


async def collaboration_topics(info: Info, rid: str) -> list[str]:
    held = await verified_claim(info, rid)
    return list(held["collaboration_topics"]) if held and held["open_to_collaborate"] else []
