"""Profile claims: claimResearcher, releaseClaim, decideClaim (admins), setOpenToCollaborate, and `me.claims`.

A claim is VERIFIED at once when the user's verified ORCID (from an ORCID sign-in) equals the record's ORCID and
nobody holds the profile yet; otherwise it is PENDING until an admin accepts or rejects it. One verified claimant
per profile: a second claim of a verified profile waits for an admin, who must reject the first before accepting
it. Open to collaborate, and its topics, belong to the verified claimant alone.
"""

from __future__ import annotations

import uuid

import strawberry
from strawberry.types import Info

from app.accounts.users import User as Account
from app.accounts.users import now_iso
from app.api import claim_state, limits
from app.api.auth import require_admin, require_viewer
from app.api.claim_state import ClaimState
from app.api.context import graph_of, loaders_of
from app.api.errors import BadInput, Forbidden
from app.api.researcher import Researcher
from app.graph import ConstraintError, Row

MAX_TOPICS = 10
MAX_TOPIC_LENGTH = 60
ACTIVE = ("PENDING", "VERIFIED")
HELD = "Another user holds the verified claim of this profile; reject that claim first."


@strawberry.type(description="A user's claim that a researcher profile is theirs.")
class Claim:
    id: strawberry.ID = strawberry.field(description="The claim's id ('claim:...'), for decideClaim and releaseClaim.")
    state: ClaimState
    created_at: str = strawberry.field(description="When the claim was made, ISO 8601 UTC.")
    decided_at: str | None = strawberry.field(description="When it was verified or rejected; null while pending.")
    researcher_id: strawberry.Private[str]

    @classmethod
    def from_record(cls, r: Row) -> Claim:
        return cls(id=strawberry.ID(r["id"]), state=ClaimState(r["state"]), created_at=r["created_at"],
                   decided_at=r.get("decided_at"), researcher_id=r["researcher"])

    @strawberry.field(description="The profile claimed.")
    async def researcher(self, info: Info) -> Researcher:
        record = await loaders_of(info).researcher.load(self.researcher_id)
        return Researcher.from_record(record or {"id": self.researcher_id})


async def _researcher(info: Info, rid: str) -> Row:
    record = await loaders_of(info).researcher.load(rid)
    if record is None:
        raise BadInput(f"No researcher with the id {rid!r}.")
    return record


async def user_claims(info: Info, user_id: str) -> list[Row]:
    return await graph_of(info).read("claim/list_user_claims", user=user_id)


async def claims_of(info: Info, user_id: str) -> list[Claim]:
    """`me.claims`: the user's claims that are not released, newest first."""
    return [Claim.from_record(r) for r in await user_claims(info, user_id)]


async def _active_claim(info: Info, user: Account, rid: str) -> Row | None:
    return next((c for c in await user_claims(info, user.id) if c["researcher"] == rid and c["state"] in ACTIVE), None)


async def _claim(info: Info, cid: str) -> Row:
    rows = await graph_of(info).read("claim/get_claim", id=cid)
    if not rows:
        raise BadInput(f"No claim with the id {cid!r}.")
    return rows[0]


def clean_topics(topics: list[str]) -> list[str]:
    """Topics as given, whitespace tidied and each once (case aside); BAD_USER_INPUT when too many or too long."""
    kept: dict[str, str] = {}
    for topic in topics:
        text = " ".join(topic.split())
        if len(text) > MAX_TOPIC_LENGTH:
            raise BadInput(f"A topic may have at most {MAX_TOPIC_LENGTH} characters.")
        if text:
            kept.setdefault(text.casefold(), text)
    if len(kept) > MAX_TOPICS:
        raise BadInput(f"At most {MAX_TOPICS} topics.")
    return list(kept.values())


async def _write_claim(info: Info, user: Account, rid: str, orcid: str | None) -> None:
    """A new claim unless the user holds one; verified at once when `orcid` is the record's (merge_claim)."""
    await graph_of(info).write("claim/merge_claim", [], id=f"claim:{uuid.uuid4().hex}", user=user.id,
                               researcher=rid, orcid=orcid, now=now_iso())


async def claim_researcher(info: Info, id: strawberry.ID) -> Claim:
    user = require_viewer(info)
    rid = str(id)
    await _researcher(info, rid)
    try:
        await _write_claim(info, user, rid, user.orcid)
    except ConstraintError:  # another claim of the profile was verified at the same moment: this one waits
        await _write_claim(info, user, rid, None)
    claim_state.forget(info)
    made = await _active_claim(info, user, rid)
    if made is None:  # the user is gone, or a concurrent release: nothing to show
        raise BadInput(f"The claim of {rid!r} could not be made; try again.")
    return Claim.from_record(made)


async def release_claim(info: Info, id: strawberry.ID) -> bool:
    user = require_viewer(info)
    if str(id).startswith("claim:"):
        claim: Row | None = await _claim(info, str(id))
        if claim and claim["user"] != user.id:
            raise Forbidden("That claim is someone else's.")
    else:
        await _researcher(info, str(id))
        claim = await _active_claim(info, user, str(id))
    if claim is None:
        return False
    done = await graph_of(info).write("claim/merge_release", [], id=claim["id"], user=user.id, now=now_iso())
    claim_state.forget(info)
    return done["properties_set"] > 0


async def decide_claim(info: Info, id: strawberry.ID, accept: bool) -> Claim:
    admin = require_admin(info)
    claim = await _claim(info, str(id))
    if claim["user"] == admin.id:  # an admin would otherwise verify any profile they like, as themselves
        raise Forbidden("An admin cannot decide their own claim: another admin decides it.")
    if claim["state"] == "RELEASED":
        raise BadInput("That claim was released by its user; there is nothing to decide.")
    try:
        done = await graph_of(info).write("claim/merge_decision", [], id=claim["id"], accept=accept, admin=admin.id,
                                          now=now_iso())
    except ConstraintError:  # verified by someone else at the same moment
        done = {"properties_set": 0}
    claim_state.forget(info)
    if done["properties_set"] == 0:
        raise BadInput(HELD)
    return Claim.from_record(await _claim(info, claim["id"]))


async def set_open_to_collaborate(info: Info, id: strawberry.ID, open: bool,
                                  topics: list[str] | None = None) -> Researcher:
    user = require_viewer(info)
    rid = str(id)
    record = await _researcher(info, rid)
    held = await claim_state.verified_claim(info, rid)
    if held is None or held["user"] != user.id:
        raise Forbidden("Only the verified claimant of this profile may change whether it is open to collaborate.")
    kept = clean_topics(topics) if topics is not None else list(held["collaboration_topics"])
    await graph_of(info).write("claim/merge_open_to_collaborate", [], user=user.id, researcher=rid, open=open,
                               topics=kept)
    claim_state.forget(info)
    return Researcher.from_record(record)


@strawberry.type(description="A pending claim as the admin queue shows it: who claimed which profile, with what.")
class PendingClaim:
    claim: Claim
    display_name: str = strawberry.field(description="The claiming user's display name.")
    email: str = strawberry.field(description="The claiming user's email.")
    user_orcid: str | None = strawberry.field(description="The user's verified ORCID iD, if they signed in with ORCID.")
    record_orcid: str | None = strawberry.field(description="The ORCID the researcher record carries from a source.")
    verified_claimant: str | None = strawberry.field(
        description="Display name of another user who holds the verified claim of this profile, if any.")

    @classmethod
    def from_record(cls, r: Row) -> PendingClaim:
        claim = Claim(id=strawberry.ID(r["id"]), state=ClaimState.PENDING, created_at=r["created_at"],
                      decided_at=None, researcher_id=r["researcher"])
        return cls(claim=claim, display_name=r["display_name"] or r["email"], email=r["email"],
                   user_orcid=r.get("user_orcid"), record_orcid=r.get("researcher_orcid"),
                   verified_claimant=r.get("verified_by_other"))


async def pending_claims(info: Info, first: int | None = 50) -> list[PendingClaim]:
    require_admin(info)
    first = limits.page_size(first)
    rows = await graph_of(info).read("claim/list_pending_claims", limit=first)
    return [PendingClaim.from_record(r) for r in rows]


pending_field = strawberry.field(
    resolver=pending_claims,
    description=f"Admins only: claims waiting for a decision, oldest first; at most {limits.MAX_PAGE}.")


@strawberry.type
class ClaimMutation:
    claim_researcher: Claim = strawberry.field(
        resolver=claim_researcher,
        description="Claim a researcher profile as yours (signed in). VERIFIED at once when your ORCID sign-in "
        "matches the record's ORCID and nobody holds the profile; PENDING for an admin otherwise. Claiming a "
        "profile you already claimed returns that claim.")
    release_claim: bool = strawberry.field(
        resolver=release_claim,
        description="Give up your pending or verified claim: `id` is the claim's id or the researcher's. False when "
        "you held no such claim; FORBIDDEN for someone else's claim.")
    decide_claim: Claim = strawberry.field(
        resolver=decide_claim,
        description="Admins only: accept (VERIFIED) or reject (REJECTED) a claim by its id. Accepting is refused "
        "while another claim of the profile is verified.")
    set_open_to_collaborate: Researcher = strawberry.field(
        resolver=set_open_to_collaborate,
        description=f"The verified claimant only: open to collaborate or not, with up to {MAX_TOPICS} topics "
        f"(each at most {MAX_TOPIC_LENGTH} characters); topics left out keep the ones set before.")
