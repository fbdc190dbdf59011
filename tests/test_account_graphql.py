"""GraphQL and accounts on both engines, over HTTP: a mutation sent with the session cookie runs only with the
page's CSRF token in X-CSRF-Token (another site can make a browser send the cookie, never the header), one sent
with a bearer token needs none, one sent signed out is UNAUTHENTICATED, and GET never runs a mutation."""

from __future__ import annotations

import pytest

from app.accounts.csrf import CSRF_HEADER
from tests import accounts
from tests.accounts import Served, bearer_token, make_user

served = accounts.served  # the fixture these tests use, by name

pytestmark = pytest.mark.anyio

RID = "name:ada-lovelace"
FOLLOW = "mutation ($id: ID!) { followResearcher(id: $id) { id followerCount viewerFollows } }"


async def a_researcher(served: Served) -> None:
    await served.graph.write("api/merge_researchers", [{
        "id": RID, "name": "Ada Lovelace", "name_key": "ada lovelace", "search_text": "ada lovelace", "aliases": [],
        "orcid": None, "first_year": None, "last_year": None, "works_count": 0, "reported": {},
    }])


def codes(body: dict[str, object]) -> list[object]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]  # type: ignore[attr-defined,index]


async def test_a_cookie_mutation_without_the_csrf_header_is_refused_and_runs_with_it(served: Served) -> None:
    await a_researcher(served)
    user = await make_user(served.graph)
    async with served.signed_in(user) as who:
        request = {"query": FOLLOW, "variables": {"id": RID}}
        for headers in ({}, {CSRF_HEADER: "0" * 64}, {CSRF_HEADER: ""}):
            refused = (await who.client.post("/graphql", json=request, headers=headers)).json()
            assert codes(refused) == ["FORBIDDEN"] and refused.get("data") is None
            assert "X-CSRF-Token" in refused["errors"][0]["message"]
        count = {"query": "query ($id: ID!) { researcher(id: $id) { followerCount } }", "variables": {"id": RID}}
        assert (await who.client.post("/graphql", json=count)).json()["data"]["researcher"]["followerCount"] == 0
        done = (await who.client.post("/graphql", json=request, headers=who.csrf_header)).json()
        assert "errors" not in done, done
        assert done["data"]["followResearcher"] == {"id": RID, "followerCount": 1, "viewerFollows": True}


async def test_the_csrf_token_of_another_session_is_refused(served: Served) -> None:
    await a_researcher(served)
    mallory, alice = await make_user(served.graph), await make_user(served.graph)
    async with served.signed_in(mallory) as m, served.signed_in(alice) as a:
        request = {"query": FOLLOW, "variables": {"id": RID}}
        refused = (await a.client.post("/graphql", json=request, headers=m.csrf_header)).json()
        assert codes(refused) == ["FORBIDDEN"]


async def test_a_bearer_token_needs_no_csrf_header_and_no_token_means_unauthenticated(served: Served) -> None:
    await a_researcher(served)
    user = await make_user(served.graph)
    secret = await bearer_token(served.graph, user)
    request = {"query": FOLLOW, "variables": {"id": RID}}
    done = (await served.http.post("/graphql", json=request, headers={"Authorization": f"Bearer {secret}"})).json()
    assert done["data"]["followResearcher"]["viewerFollows"] is True
    signed_out = (await served.http.post("/graphql", json=request)).json()
    assert codes(signed_out) == ["UNAUTHENTICATED"]
    wrong = (await served.http.post("/graphql", json=request, headers={"Authorization": "Bearer collab_pat_nope"})).json()
    assert codes(wrong) == ["UNAUTHENTICATED"]


async def test_get_never_runs_a_mutation(served: Served) -> None:
    await a_researcher(served)
    user = await make_user(served.graph)
    async with served.signed_in(user) as who:
        params = {"query": FOLLOW, "variables": f'{{"id": "{RID}"}}'}
        answer = await who.client.get("/graphql", params=params, headers=who.csrf_header)
        assert answer.status_code in (400, 405)
        count = {"query": "query ($id: ID!) { researcher(id: $id) { followerCount } }", "variables": {"id": RID}}
        assert (await who.client.post("/graphql", json=count)).json()["data"]["researcher"]["followerCount"] == 0
