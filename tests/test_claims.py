"""Profile claims over HTTP GraphQL on both engines, with real sessions (cookie + CSRF header): an ORCID match
verifies at once (L3), an admin decides pending claims, one verified claimant per profile, release, open to
collaborate for the verified claimant only, and the errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, a forged
CSRF token. A load leaves claims as they were."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.accounts.reset import reset_keeping_accounts
from app.graph import ConstraintError, open_graph
from app.server import create_app
from loaders.check import check
from tests import claims_app
from tests.accounts import SignedIn, bearer_token, make_user, signed_in
from tests.claims_app import ANN, CID, DEE, JONAS, MIRA, MIRA_ORCID, Served, load_fixtures
from tests.conftest import FIXTURES, make_settings
from tests.loading import load_files

served = claims_app.served  # the fixture these tests use, by name

pytestmark = pytest.mark.anyio

CLAIM = "mutation ($id: ID!) { claimResearcher(id: $id) { id state createdAt researcher { id name } } }"
RELEASE = "mutation ($id: ID!) { releaseClaim(id: $id) }"
DECIDE = "mutation ($id: ID!, $accept: Boolean!) { decideClaim(id: $id, accept: $accept) { id state } }"
OPEN = """mutation ($id: ID!, $open: Boolean!, $topics: [String!]) {
  setOpenToCollaborate(id: $id, open: $open, topics: $topics) { id openToCollaborate collaborationTopics } }"""
MY_CLAIMS = "{ me { claims { id state researcher { id } } } }"
STATUS = """query ($id: ID!) { researcher(id: $id) {
  claimStatus { state claimant pending viewerState viewerIsClaimant } openToCollaborate collaborationTopics
  trust { score verification claimed reasons { name points detail } } } }"""
SUGGESTED = """query ($id: ID!, $open: Boolean!) {
  suggestedCollaborators(id: $id, first: 50, openOnly: $open) { researcher { id } } }"""
QUEUE = "{ pendingClaims { claim { id researcher { id } } displayName userOrcid recordOrcid verifiedClaimant } }"


class Person:
    """A signed-in user's client: GraphQL with the session cookie and the CSRF header."""

    def __init__(self, served: Served, who: SignedIn) -> None:
        self.served, self.who = served, who

    async def data(self, query: str, **variables: Any) -> dict[str, Any]:
        return await self.served.data(self.who.client, query, self.who.csrf_header, **variables)

    async def codes(self, query: str, **variables: Any) -> list[str]:
        return await self.served.codes(self.who.client, query, self.who.csrf_header, **variables)


async def person(served: Served, stack: Any, **user: Any) -> Person:
    account = await make_user(served.graph, **user)
    who = await stack.enter_async_context(
        signed_in(served.app, served.graph, served.base, account, transport=httpx.ASGITransport(app=served.app)))
    return Person(served, who)


@pytest.fixture
async def people(served: Served) -> Any:
    """Makes signed-in people on the served app: `await people(display_name=..., admin=..., orcid=...)`."""
    async with AsyncExitStack() as stack:
        async def make(**user: Any) -> Person:
            return await person(served, stack, **user)

        yield make


async def status(served: Served, rid: str, who: Person | None = None) -> dict[str, Any]:
    if who is not None:
        return (await who.data(STATUS, id=rid))["researcher"]
    async with served.client() as http:
        return (await served.data(http, STATUS, id=rid))["researcher"]


async def test_an_orcid_sign_in_matching_the_record_verifies_the_claim_at_once_as_L3(served: Served, people: Any) -> None:
    mira = await people(display_name="Mira", orcid=MIRA_ORCID)
    made = (await mira.data(CLAIM, id=MIRA))["claimResearcher"]
    assert made["state"] == "VERIFIED" and made["researcher"]["id"] == MIRA and made["id"].startswith("claim:")
    seen = await status(served, MIRA)
    assert seen["claimStatus"] == {"state": "VERIFIED", "claimant": "Mira", "pending": 0, "viewerState": None,
                                   "viewerIsClaimant": False}
    t = seen["trust"]
    assert (t["verification"], t["claimed"]) == ("L3", True)
    assert t["reasons"][0]["points"] == 40 and "ORCID sign-in" in t["reasons"][0]["detail"]
    assert t["score"] == sum(r["points"] for r in t["reasons"])
    assert (await mira.data(MY_CLAIMS))["me"]["claims"] == [{"id": made["id"], "state": "VERIFIED",
                                                             "researcher": {"id": MIRA}}]
    assert (await status(served, MIRA, mira))["claimStatus"]["viewerIsClaimant"] is True
    again = (await mira.data(CLAIM, id=MIRA))["claimResearcher"]  # claiming again returns the same claim
    assert again["id"] == made["id"]


async def test_a_claim_without_matching_evidence_is_pending_until_an_admin_accepts_it(served: Served, people: Any) -> None:
    jonas, other, admin = await people(display_name="Jonas"), await people(), await people(admin=True)
    made = (await jonas.data(CLAIM, id=JONAS))["claimResearcher"]
    assert made["state"] == "PENDING"
    assert (await status(served, JONAS))["claimStatus"]["state"] == "PENDING"
    assert (await status(served, JONAS))["trust"]["verification"] == "L1"
    queue = (await admin.data(QUEUE))["pendingClaims"]
    assert [(q["claim"]["id"], q["displayName"]) for q in queue] == [(made["id"], "Jonas")]
    assert await other.codes(DECIDE, id=made["id"], accept=True) == ["FORBIDDEN"]  # not an admin
    assert await other.codes(QUEUE) == ["FORBIDDEN"]
    decided = (await admin.data(DECIDE, id=made["id"], accept=True))["decideClaim"]
    assert decided == {"id": made["id"], "state": "VERIFIED"}
    t = (await status(served, JONAS))["trust"]
    assert (t["verification"], t["claimed"]) == ("L3", True) and "an admin" in t["reasons"][0]["detail"]
    assert (await admin.data(QUEUE))["pendingClaims"] == []


async def test_an_admin_rejects_a_pending_claim(served: Served, people: Any) -> None:
    someone, admin = await people(), await people(admin=True)
    made = (await someone.data(CLAIM, id=JONAS))["claimResearcher"]
    assert (await admin.data(DECIDE, id=made["id"], accept=False))["decideClaim"]["state"] == "REJECTED"
    seen = await status(served, JONAS, someone)
    assert seen["claimStatus"]["state"] == "UNCLAIMED" and seen["trust"]["verification"] == "L1"
    assert (await someone.data(MY_CLAIMS))["me"]["claims"][0]["state"] == "REJECTED"


async def test_an_admin_cannot_decide_their_own_claim_and_another_admin_can(served: Served, people: Any) -> None:
    admin, other_admin = await people(admin=True), await people(admin=True)
    made = (await admin.data(CLAIM, id=JONAS))["claimResearcher"]
    assert made["state"] == "PENDING"
    assert await admin.codes(DECIDE, id=made["id"], accept=True) == ["FORBIDDEN"]
    assert (await status(served, JONAS))["claimStatus"]["state"] == "PENDING"  # nothing was written
    assert (await other_admin.data(DECIDE, id=made["id"], accept=True))["decideClaim"]["state"] == "VERIFIED"


async def test_a_second_claim_of_a_verified_profile_waits_for_an_admin(served: Served, people: Any) -> None:
    first = await people(display_name="First", orcid=MIRA_ORCID)
    second = await people(display_name="Second", orcid=MIRA_ORCID)  # even with the matching ORCID
    admin = await people(admin=True)
    held = (await first.data(CLAIM, id=MIRA))["claimResearcher"]
    waiting = (await second.data(CLAIM, id=MIRA))["claimResearcher"]
    assert (held["state"], waiting["state"]) == ("VERIFIED", "PENDING")
    [queued] = (await admin.data(QUEUE))["pendingClaims"]
    assert (queued["verifiedClaimant"], queued["userOrcid"], queued["recordOrcid"]) == ("First", MIRA_ORCID, MIRA_ORCID)
    assert await admin.codes(DECIDE, id=waiting["id"], accept=True) == ["BAD_USER_INPUT"]  # one verified claimant
    assert (await admin.data(DECIDE, id=held["id"], accept=False))["decideClaim"]["state"] == "REJECTED"
    assert (await admin.data(DECIDE, id=waiting["id"], accept=True))["decideClaim"]["state"] == "VERIFIED"
    assert (await status(served, MIRA))["claimStatus"]["claimant"] == "Second"


async def test_a_user_releases_their_claim_and_not_someone_elses(served: Served, people: Any) -> None:
    owner, other = await people(orcid=MIRA_ORCID), await people()
    made = (await owner.data(CLAIM, id=MIRA))["claimResearcher"]
    assert await other.codes(RELEASE, id=made["id"]) == ["FORBIDDEN"]
    assert (await other.data(RELEASE, id=MIRA))["releaseClaim"] is False  # they hold no claim of it
    assert (await owner.data(RELEASE, id=MIRA))["releaseClaim"] is True
    assert (await owner.data(RELEASE, id=made["id"]))["releaseClaim"] is False  # already released
    seen = await status(served, MIRA)
    assert seen["claimStatus"]["state"] == "UNCLAIMED" and seen["trust"]["verification"] == "L2"
    assert (await owner.data(MY_CLAIMS))["me"]["claims"] == []


async def test_every_claim_mutation_without_a_session_is_unauthenticated_and_changes_nothing(served: Served) -> None:
    async with served.client() as http:
        for query, variables in ((CLAIM, {"id": MIRA}), (RELEASE, {"id": MIRA}),
                                 (DECIDE, {"id": "claim:0", "accept": True}),
                                 (OPEN, {"id": MIRA, "open": True, "topics": []})):
            assert await served.codes(http, query, **variables) == ["UNAUTHENTICATED"]
    assert (await status(served, MIRA))["claimStatus"]["state"] == "UNCLAIMED"


async def test_a_forged_or_missing_csrf_token_is_refused_and_nothing_is_written(served: Served, people: Any) -> None:
    mira = await people(orcid=MIRA_ORCID)
    client = mira.who.client
    for headers in ({"x-csrf-token": "forged" + mira.who.csrf[6:]}, {}):
        assert await served.codes(client, CLAIM, headers, id=MIRA) == ["FORBIDDEN"]
    assert (await status(served, MIRA))["claimStatus"]["state"] == "UNCLAIMED"
    assert (await mira.data(MY_CLAIMS))["me"]["claims"] == []  # a query needs no token


async def test_unknown_ids_are_bad_user_input(served: Served, people: Any) -> None:
    user, admin = await people(), await people(admin=True)
    assert await user.codes(CLAIM, id="name:nobody-at-all") == ["BAD_USER_INPUT"]
    assert await user.codes(RELEASE, id="claim:nothing") == ["BAD_USER_INPUT"]
    assert await user.codes(OPEN, id="name:nobody-at-all", open=True) == ["BAD_USER_INPUT"]
    assert await admin.codes(DECIDE, id="claim:nothing", accept=True) == ["BAD_USER_INPUT"]


async def test_only_the_verified_claimant_opens_a_profile_and_open_only_keeps_those_open(
    served: Served, people: Any
) -> None:
    cid, other, admin = await people(display_name="Cid"), await people(), await people(admin=True)
    made = (await cid.data(CLAIM, id=CID))["claimResearcher"]
    assert await cid.codes(OPEN, id=CID, open=True) == ["FORBIDDEN"]  # pending is not verified
    await admin.data(DECIDE, id=made["id"], accept=True)
    assert await other.codes(OPEN, id=CID, open=True) == ["FORBIDDEN"]  # someone else's profile
    opened = (await cid.data(OPEN, id=CID, open=True, topics=[" graph  learning ", "Robotics", "robotics"]))
    assert opened["setOpenToCollaborate"] == {"id": CID, "openToCollaborate": True,
                                              "collaborationTopics": ["graph learning", "Robotics"]}
    assert await cid.codes(OPEN, id=CID, open=True, topics=["x" * 61]) == ["BAD_USER_INPUT"]
    async with served.client() as http:
        everyone = (await served.data(http, SUGGESTED, id=ANN, open=False))["suggestedCollaborators"]
        only_open = (await served.data(http, SUGGESTED, id=ANN, open=True))["suggestedCollaborators"]
    assert {s["researcher"]["id"] for s in everyone} == {CID, DEE}
    assert [s["researcher"]["id"] for s in only_open] == [CID]
    closed = await cid.data(OPEN, id=CID, open=False)  # topics left out are kept
    assert closed["setOpenToCollaborate"]["openToCollaborate"] is False
    assert (await status(served, CID))["collaborationTopics"] == []  # shown only while open


async def test_a_load_leaves_claims_and_open_to_collaborate_as_they_were(served: Served, people: Any,
                                                                         tmp_path: Path) -> None:
    mira = await people(display_name="Mira", orcid=MIRA_ORCID)
    await mira.data(CLAIM, id=MIRA)
    await mira.data(OPEN, id=MIRA, open=True, topics=["networks"])
    before = await status(served, MIRA)
    await load_files(served.graph, "openalex", FIXTURES / "openalex" / "works-page.json", tmp_path=tmp_path)
    await load_files(served.graph, "openalex", FIXTURES / "openalex" / "works.jsonl", tmp_path=tmp_path)
    after = await status(served, MIRA)
    assert after["claimStatus"] == before["claimStatus"] and after["claimStatus"]["state"] == "VERIFIED"
    assert (after["openToCollaborate"], after["collaborationTopics"]) == (True, ["networks"])
    assert (await mira.data(MY_CLAIMS))["me"]["claims"][0]["state"] == "VERIFIED"
    report = await check(served.graph)
    assert report.ok, report.text()


async def test_a_claim_finds_its_researcher_again_when_a_load_brings_it_back(served: Served, people: Any,
                                                                              tmp_path: Path) -> None:
    jonas, admin = await people(display_name="Jonas"), await people(admin=True)
    made = (await jonas.data(CLAIM, id=JONAS))["claimResearcher"]
    await admin.data(DECIDE, id=made["id"], accept=True)
    await served.graph.write("claims/delete_loaded", [])  # every loaded node deleted, the claimed researcher too
    assert (await jonas.data(MY_CLAIMS))["me"]["claims"] == []  # nothing to show while the researcher is gone
    await load_files(served.graph, "openalex", FIXTURES / "openalex" / "works.jsonl", tmp_path=tmp_path)
    assert (await jonas.data(MY_CLAIMS))["me"]["claims"] == [{"id": made["id"], "state": "VERIFIED",
                                                              "researcher": {"id": JONAS}}]
    seen = await status(served, JONAS)
    assert seen["claimStatus"]["claimant"] == "Jonas" and seen["trust"]["verification"] == "L3"


async def test_claims_survive_an_embedded_engine_restart_from_its_log(tmp_path: Path) -> None:
    """The claim writes (made, verified, rejected, released, opened) replay from the append-only log into the same
    graph: the embedded engine's pitfall is a logged effect on an entity deleted later, and these delete nothing."""
    settings = make_settings(data_dir=tmp_path / "engine")
    graph = await open_graph(settings)
    try:
        await graph.reset()
        await load_fixtures(graph, tmp_path)
        app = create_app(settings)
        async with app.router.lifespan_context(app), AsyncExitStack() as stack:
            served = Served(app=app, graph=graph)
            mira, other = await person(served, stack, orcid=MIRA_ORCID), await person(served, stack)
            admin = await person(served, stack, admin=True)
            await mira.data(CLAIM, id=MIRA)
            await mira.data(OPEN, id=MIRA, open=True, topics=["networks"])
            waiting = (await other.data(CLAIM, id=MIRA))["claimResearcher"]
            await admin.data(DECIDE, id=waiting["id"], accept=False)
            await other.data(CLAIM, id=JONAS)
            await other.data(RELEASE, id=JONAS)
            before = [await status(served, rid) for rid in (MIRA, JONAS)]
    finally:
        await graph.close()  # the last client: the engine stops
    graph = await open_graph(settings)  # started again from its log
    try:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            served = Served(app=app, graph=graph)
            assert [await status(served, rid) for rid in (MIRA, JONAS)] == before
            assert before[0]["claimStatus"]["state"] == "VERIFIED" and before[0]["collaborationTopics"] == ["networks"]
            assert before[1]["claimStatus"]["state"] == "UNCLAIMED"
    finally:
        await graph.close()


async def test_a_bearer_token_claims_without_a_csrf_token(served: Served) -> None:
    """API clients send a personal access token; a browser never sends one on its own, so no CSRF token is asked."""
    user = await make_user(served.graph, orcid=MIRA_ORCID)
    headers = {"Authorization": f"Bearer {await bearer_token(served.graph, user)}"}
    async with served.client() as http:
        made = (await served.data(http, CLAIM, headers, id=MIRA))["claimResearcher"]
        assert made["state"] == "VERIFIED"
        assert (await served.data(http, RELEASE, headers, id=made["id"]))["releaseClaim"] is True


async def test_the_engine_refuses_a_second_verified_claim_of_a_profile_made_past_the_checks(
    served: Served, people: Any
) -> None:
    """Two claims verified at the same moment each see no other: the unique Claim.verified_of lets one through."""
    first, second = await people(orcid=MIRA_ORCID), await people()
    await first.data(CLAIM, id=MIRA)
    with pytest.raises(ConstraintError):
        await served.graph.write("claims/merge_verified_claim", [], id="claim:raced", user=second.who.user.id,
                                 researcher=MIRA)
    await first.data(RELEASE, id=MIRA)  # released: the profile may be verified for someone else
    await served.graph.write("claims/merge_verified_claim", [], id="claim:later", user=second.who.user.id,
                             researcher=MIRA)
    assert (await status(served, MIRA))["claimStatus"]["state"] == "VERIFIED"


async def test_a_reset_keeps_claims_and_the_next_load_fills_the_claimed_profile_again(
    served: Served, people: Any, tmp_path: Path
) -> None:
    mira = await people(display_name="Mira", orcid=MIRA_ORCID)
    await mira.data(CLAIM, id=MIRA)
    await mira.data(OPEN, id=MIRA, open=True, topics=["networks"])
    await reset_keeping_accounts(served.graph)  # `collab db reset` without --accounts
    kept = await status(served, MIRA)
    assert kept["claimStatus"]["state"] == "VERIFIED" and kept["collaborationTopics"] == ["networks"]
    await load_files(served.graph, "openalex", FIXTURES / "openalex" / "works.jsonl", tmp_path=tmp_path)
    back = await status(served, MIRA)
    assert back["claimStatus"] == kept["claimStatus"] and back["trust"]["verification"] == "L3"
    assert back["trust"]["score"] == sum(r["points"] for r in back["trust"]["reasons"])
    assert (await check(served.graph)).ok
