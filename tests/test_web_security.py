"""Issue 20's web surface refuses what it must, over HTTP on both engines: every state-changing form without its
CSRF token, with a forged one or with another browser's; every state-changing route asked by GET; every mutation
without a session, with a forged CSRF token and with another user's session, each leaving the graph as it was.
Also: values sent back in a page are escaped, sign-in goes back only to a page of this site, the signed-out CSRF
cookie carries the session cookie's flags, and ORCID's answer is good once and for the account that asked."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.accounts.cookies import CSRF_COOKIE, SESSION_COOKIE, signed
from app.accounts.csrf import CSRF_HEADER, token_for
from app.accounts.sessions import session_id
from app.accounts.users import user_by_id
from app.graph import Graph
from app.server import create_app
from app.settings import Settings
from tests import claims_app
from tests.accounts import PASSWORD, SignedIn, bearer_token, csrf_in, make_user, session_for, signed_in
from tests.claims_app import JONAS, MIRA, MIRA_ORCID, Served
from tests.oidc_provider import CARBERRY, OidcProvider
from tests.orcid_flow import BASE, at_provider, orcid_settings
from web.orcid import STATE_COOKIE

served = claims_app.served  # the fixture these tests use, by name

pytestmark = pytest.mark.anyio

CLAIM = "mutation ($id: ID!) { claimResearcher(id: $id) { id state } }"
RELEASE = "mutation ($id: ID!) { releaseClaim(id: $id) }"
DECIDE = "mutation ($id: ID!, $accept: Boolean!) { decideClaim(id: $id, accept: $accept) { id state } }"
OPEN = ("mutation ($id: ID!, $open: Boolean!, $topics: [String!]) "
        "{ setOpenToCollaborate(id: $id, open: $open, topics: $topics) { id } }")
FOLLOW = "mutation ($id: ID!) { followResearcher(id: $id) { id } }"
UNFOLLOW = "mutation ($id: ID!) { unfollowResearcher(id: $id) { id } }"
STATE = """query ($mira: ID!, $jonas: ID!) {
  mira: researcher(id: $mira) { followerCount openToCollaborate collaborationTopics claimStatus { state claimant pending } }
  jonas: researcher(id: $jonas) { followerCount claimStatus { state claimant pending } }
}"""
ME = "{ me { displayName claims { id state } } }"
# POST routes whose refusals are tested elsewhere or that change nothing: the API itself (mutations below), the
# explorer's export (a file made from the posted view), linking ORCID (404 while ORCID sign-in is off; its CSRF
# refusal is tests/test_orcid_signin.py::test_linking_needs_the_csrf_token).
NOT_FORMS = {"/graphql", "/export/graph.html", "/signin/orcid/link"}
HOSTILE = "<script>alert('x')</script>"


@dataclass
class World:
    """MIRA claimed (verified at once: her ORCID sign-in matches the record), followed and opened to collaboration
    by `owner`, who also holds a personal access token; a pending claim of JONAS by `claimant`; an admin; and
    `other`, a signed-in user with no part in any of it."""

    owner: SignedIn
    other: SignedIn
    admin: SignedIn
    claim_id: str
    pending_id: str
    token_id: str


async def _gql(served: Served, client: httpx.AsyncClient, query: str, headers: dict[str, str] | None = None,
               **variables: Any) -> dict[str, Any]:
    return await served.post(client, query, headers, **variables)


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]


async def _data(served: Served, who: SignedIn, query: str, **variables: Any) -> dict[str, Any]:
    body = await _gql(served, who.client, query, who.csrf_header, **variables)
    assert not body.get("errors"), body["errors"]
    data: dict[str, Any] = body["data"]
    return data


@pytest.fixture
async def world(served: Served) -> AsyncIterator[World]:
    async with AsyncExitStack() as stack:
        async def person(**user: Any) -> SignedIn:
            account = await make_user(served.graph, **user)
            return await stack.enter_async_context(signed_in(
                served.app, served.graph, served.base, account, transport=httpx.ASGITransport(app=served.app)))

        owner, other = await person(display_name="Owner", orcid=MIRA_ORCID), await person(display_name="Other")
        claimant, admin = await person(display_name="Claimant"), await person(display_name="Admin", admin=True)
        made = (await _data(served, owner, CLAIM, id=MIRA))["claimResearcher"]
        assert made["state"] == "VERIFIED"
        await _data(served, owner, FOLLOW, id=MIRA)
        await _data(served, owner, OPEN, id=MIRA, open=True, topics=["graphs"])
        pending = (await _data(served, claimant, CLAIM, id=JONAS))["claimResearcher"]
        assert pending["state"] == "PENDING"
        await bearer_token(served.graph, owner.user, "kept")
        account = await owner.client.get("/account")
        token_id = account.text.split('action="/account/tokens/', 1)[1].split("/revoke", 1)[0]
        yield World(owner, other, admin, made["id"], pending["id"], token_id)


async def _snapshot(served: Served, world: World) -> dict[str, Any]:
    """Everything the refused requests below could have changed."""
    async with served.client() as http:
        state = await _gql(served, http, STATE, mira=MIRA, jonas=JONAS)
    me = await _gql(served, world.owner.client, ME)
    tokens = (await world.owner.client.get("/account")).text.count("/revoke")
    return {"graph": state["data"], "owner": me["data"]["me"], "tokens": tokens}


def _mutations(world: World) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each of issue 20's mutations, aimed at the owner's follow, claim and profile or at the pending claim."""
    yield FOLLOW, {"id": JONAS}
    yield UNFOLLOW, {"id": MIRA}
    yield CLAIM, {"id": JONAS}
    yield RELEASE, {"id": world.claim_id}
    yield DECIDE, {"id": world.pending_id, "accept": True}
    yield OPEN, {"id": MIRA, "open": False, "topics": []}


async def test_every_mutation_without_a_session_is_unauthenticated_and_changes_nothing(
    served: Served, world: World
) -> None:
    before = await _snapshot(served, world)
    async with served.client() as http:
        for query, variables in _mutations(world):
            assert _codes(await _gql(served, http, query, **variables)) == ["UNAUTHENTICATED"], query
            bad_bearer = {"Authorization": "Bearer collab_pat_not-a-token-anyone-was-given"}
            assert _codes(await _gql(served, http, query, bad_bearer, **variables)) == ["UNAUTHENTICATED"], query
    assert await _snapshot(served, world) == before


async def test_every_mutation_with_a_forged_missing_or_other_sessions_csrf_token_is_forbidden(
    served: Served, world: World
) -> None:
    before = await _snapshot(served, world)
    for query, variables in _mutations(world):
        who = world.admin if query == DECIDE else world.owner
        for headers in ({CSRF_HEADER: "0" * 64}, {CSRF_HEADER: ""}, {}, world.other.csrf_header):
            body = await _gql(served, who.client, query, headers, **variables)
            assert _codes(body) == ["FORBIDDEN"] and body["data"] is None, (query, headers, body)
    assert await _snapshot(served, world) == before


async def test_another_users_session_cannot_touch_the_owners_claim_profile_follow_or_the_admin_queue(
    served: Served, world: World
) -> None:
    before = await _snapshot(served, world)
    other = world.other
    assert _codes(await _gql(served, other.client, RELEASE, other.csrf_header, id=world.claim_id)) == ["FORBIDDEN"]
    assert _codes(await _gql(served, other.client, OPEN, other.csrf_header, id=MIRA, open=False)) == ["FORBIDDEN"]
    decided = await _gql(served, other.client, DECIDE, other.csrf_header, id=world.pending_id, accept=True)
    assert _codes(decided) == ["FORBIDDEN"]  # not an admin
    assert (await _data(served, other, RELEASE, id=MIRA))["releaseClaim"] is False  # they hold no claim of it
    await _data(served, other, UNFOLLOW, id=MIRA)  # ends only their own (absent) follow
    assert await _snapshot(served, world) == before


def _forms(world: World) -> dict[str, tuple[str, dict[str, str]]]:
    """Each state-changing form: (who sends it: 'anonymous', 'owner' or 'admin', the form's fields)."""
    return {
        "/signup": ("anonymous", {"email": "new@example.org", "display_name": "New", "password": PASSWORD,
                                  "confirm": PASSWORD}),
        "/signin": ("anonymous", {"email": "new@example.org", "password": PASSWORD}),
        "/signout": ("owner", {}),
        "/account/name": ("owner", {"display_name": "Renamed"}),
        "/account/tokens": ("owner", {"name": "sneaky"}),
        f"/account/tokens/{world.token_id}/revoke": ("owner", {}),
        "/follow": ("owner", {"researcher": JONAS}),
        "/unfollow": ("owner", {"researcher": MIRA}),
        "/claims/claim": ("owner", {"researcher": JONAS}),
        "/claims/release": ("owner", {"researcher": MIRA}),
        "/claims/open": ("owner", {"researcher": MIRA, "topics": "other things"}),
        "/admin/claims/decide": ("admin", {"claim": world.pending_id, "accept": "yes"}),
    }


def _post_paths(routes: list[Any], prefix: str = "") -> set[str]:
    """The app's POST routes, through included routers."""
    found: set[str] = set()
    for route in routes:
        inner = getattr(route, "original_router", None) or getattr(route, "router", None)
        if inner is not None and hasattr(inner, "routes") and not hasattr(route, "methods"):
            found |= _post_paths(inner.routes, prefix + getattr(getattr(route, "include_context", None), "prefix", ""))
        elif "POST" in (getattr(route, "methods", None) or ()):
            found.add(prefix + route.path)
    return found


async def test_every_state_changing_form_refuses_a_missing_forged_or_other_browsers_csrf_token(
    served: Served, world: World
) -> None:
    forms = _forms(world)
    templated = {p if "/tokens/" not in p else "/account/tokens/{token_id}/revoke" for p in forms}
    assert _post_paths(served.app.routes) - NOT_FORMS == templated  # a new form route is added here too
    before = await _snapshot(served, world)
    async with served.client() as stranger:
        strangers_token = csrf_in((await stranger.get("/signin")).text)  # a real token, of another browser
    async with served.client() as anonymous:
        await anonymous.get("/signin")  # this browser's own CSRF cookie: only the token sent is wrong
        senders = {"anonymous": anonymous, "owner": world.owner.client, "admin": world.admin.client}
        for path, (sender, fields) in forms.items():
            for token in (None, "0" * 64, strangers_token, world.other.csrf):
                data = fields if token is None else {**fields, "csrf_token": token}
                answer = await senders[sender].post(path, data=data)
                assert answer.status_code == 403 and "Reload the page and try again." in answer.text, (path, token)
        assert (await _gql(served, anonymous, ME))["data"]["me"] is None
    assert await _snapshot(served, world) == before
    async with served.client() as http:
        assert (await http.post("/signin", data={"email": "new@example.org", "password": PASSWORD,
                                                 "csrf_token": csrf_in((await http.get("/signin")).text)})
                ).status_code == 400  # the refused sign-up made no account


async def test_every_state_changing_route_refuses_get_even_with_a_good_token(served: Served, world: World) -> None:
    before = await _snapshot(served, world)
    for path, (sender, fields) in _forms(world).items():
        if path in ("/signup", "/signin"):
            continue  # their GET shows the form (below: it signs nobody in)
        who = world.admin if sender == "admin" else world.owner
        answer = await who.client.get(path, params={**fields, "csrf_token": who.csrf})
        assert answer.status_code == 405, (path, answer.status_code)
    linked = await world.owner.client.get("/signin/orcid/link", params={"csrf_token": world.owner.csrf})
    assert linked.status_code == 405
    async with served.client() as http:
        for path, (_, fields) in list(_forms(world).items())[:2]:
            shown = await http.get(path, params={**fields, "csrf_token": csrf_in((await http.get(path)).text)})
            assert shown.status_code == 200 and SESSION_COOKIE not in shown.headers.get("set-cookie", "")
        assert (await _gql(served, http, ME))["data"]["me"] is None
    assert await _snapshot(served, world) == before


async def test_a_token_of_another_user_cannot_be_revoked_from_this_account(served: Served, world: World) -> None:
    before = await _snapshot(served, world)
    other = world.other
    answer = await other.client.post(f"/account/tokens/{world.token_id}/revoke", data={"csrf_token": other.csrf})
    assert answer.status_code == 404 and "There is no such token of yours to revoke." in answer.text
    assert await _snapshot(served, world) == before


async def test_values_sent_back_in_pages_are_escaped(served: Served, world: World) -> None:
    """A token's name, a `next` parameter, and a researcher id the API refuses: text, never markup."""
    owner = world.owner
    made = await owner.client.post("/account/tokens", data={"name": HOSTILE, "csrf_token": owner.csrf})
    assert made.status_code == 200
    for page in (made, await owner.client.get("/account")):
        assert HOSTILE not in page.text and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    async with served.client() as http:
        for path in ("/signin", "/signup"):
            page = await http.get(path, params={"next": '"><script>alert(1)</script>'})
            assert page.status_code == 200 and "<script>alert(1)" not in page.text
            assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page.text
    for path in ("/follow", "/claims/claim"):
        refused = await owner.client.post(path, data={"researcher": HOSTILE, "csrf_token": owner.csrf})
        assert refused.status_code in (400, 404) and HOSTILE not in refused.text, path


async def test_sign_in_and_sign_up_go_back_only_to_a_page_of_this_site(served: Served) -> None:
    """Beyond tests/test_account_pages.py's '//host', 'https://host' and '/\\host': a tab, a newline or a space,
    which browsers drop or mishandle, and the same rule for sign-up."""
    user = await make_user(served.graph)
    targets = {"/\t/evil.example": "/account", "/\n/evil.example": "/account", "/ /evil.example": "/account",
               "http:evil.example": "/account", "/researchers/dblp:A%20B#actions": "/researchers/dblp:A%20B#actions"}
    for n, (target, landing) in enumerate(targets.items()):
        async with served.client() as browser:
            token = csrf_in((await browser.get("/signin")).text)
            answer = await browser.post("/signin", data={"email": user.email, "password": PASSWORD, "next": target,
                                                         "csrf_token": token})
            assert answer.status_code == 303 and answer.headers["location"] == landing, target
        async with served.client() as browser:
            token = csrf_in((await browser.get("/signup")).text)
            answer = await browser.post("/signup", data={
                "email": f"redirect{n}@example.org", "display_name": "R", "password": PASSWORD, "confirm": PASSWORD,
                "next": target, "csrf_token": token})
            assert answer.status_code == 303 and answer.headers["location"] == landing, target


async def test_the_signed_out_csrf_cookie_is_signed_http_only_and_same_site(served: Served) -> None:
    async with served.client() as browser:
        page = await browser.get("/signin")
        cookie = page.headers["set-cookie"]
        assert cookie.startswith(f"{CSRF_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert "Path=/" in cookie
        browser.cookies.set(CSRF_COOKIE, "forged-unsigned-token")  # a cookie the app did not sign counts for nothing
        form = {"email": "x@example.org", "password": PASSWORD, "csrf_token": csrf_in(page.text)}
        assert (await browser.post("/signin", data=form)).status_code == 403


# --- the ORCID callback (more in tests/test_orcid_signin.py) ------------------------------------------------------


@asynccontextmanager
async def _orcid_app(settings: Settings, oidc: OidcProvider) -> AsyncIterator[FastAPI]:
    app = create_app(orcid_settings(settings, oidc))
    async with app.router.lifespan_context(app):
        yield app


async def test_an_orcid_answer_used_twice_signs_in_once_and_its_state_cookie_is_scoped(
    graph: Graph, engine_settings: Settings, oidc: OidcProvider
) -> None:
    async with _orcid_app(engine_settings, oidc) as app, httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=BASE
    ) as browser:
        start = await browser.get("/signin/orcid")
        state_cookie = start.headers["set-cookie"]
        assert state_cookie.startswith(f"{STATE_COOKIE}=") and "path=/signin/orcid" in state_cookie.lower()
        assert "httponly" in state_cookie.lower() and "samesite=lax" in state_cookie.lower()
        back = (await at_provider(oidc, start.headers["location"])).removeprefix(BASE)
        first = await browser.get(back)
        assert first.status_code == 303
        session = browser.cookies.get(SESSION_COOKIE)
        again = await browser.get(back)  # the state was used up: a replayed answer starts nothing
        assert again.status_code == 400 and "not started in this browser" in again.text
        assert SESSION_COOKIE not in again.headers.get("set-cookie", "") and browser.cookies.get(SESSION_COOKIE) == session
    assert len([u for u in await graph.read("account/list_users") if u.get("orcid") == CARBERRY["sub"]]) == 1


async def test_a_link_started_by_one_user_does_not_link_whoever_is_signed_in_when_orcid_answers(
    graph: Graph, engine_settings: Settings, oidc: OidcProvider
) -> None:
    first, second = await make_user(graph, display_name="First"), await make_user(graph, display_name="Second")
    async with _orcid_app(engine_settings, oidc) as app, signed_in(
        app, graph, BASE, first, transport=httpx.ASGITransport(app=app)
    ) as who:
        start = await who.client.post("/signin/orcid/link", data={"csrf_token": who.csrf})
        back = (await at_provider(oidc, start.headers["location"])).removeprefix(BASE)
        cookie, _ = await session_for(app, graph, second)  # meanwhile, someone else signed in in this browser
        who.client.cookies.set(SESSION_COOKIE, cookie)
        answer = await who.client.get(back)
        assert answer.status_code == 400 and "signed out before ORCID answered" in answer.text
    for user in (first, second):
        stored = await user_by_id(graph, user.id)
        assert stored is not None and stored.orcid is None


async def test_pages_made_for_one_person_are_private_to_caches(served: Served, world: World) -> None:
    """A signed-in page (name, CSRF token), the admin queue (claimants' emails) and the API's answers to a viewer
    say `Cache-Control: private`; so does a signed-out page carrying its browser's CSRF token; shared files keep
    their own public caching, and the account pages their no-store."""
    for who, path in ((world.owner, f"/researchers/{MIRA}"), (world.admin, "/admin/claims"), (world.owner, "/")):
        page = await who.client.get(path)
        assert page.status_code == 200 and page.headers["cache-control"] == "private", path
    answer = await world.owner.client.post("/graphql", json={"query": ME})
    assert answer.headers["cache-control"] == "private"
    assert (await world.owner.client.get("/account")).headers["cache-control"] == "no-store"
    async with served.client() as http:
        assert (await http.get("/")).headers["cache-control"] == "private"  # its <meta name="csrf-token">
        assert (await http.get("/kinds.css")).headers["cache-control"].startswith("public")


async def test_the_claim_queue_with_claimants_emails_is_for_admins_only(served: Served, world: World) -> None:
    queue = "{ pendingClaims { displayName email claim { id } } }"
    async with served.client() as http:
        assert _codes(await _gql(served, http, queue)) == ["UNAUTHENTICATED"]
    for who in (world.owner, world.other):
        refused = await _gql(served, who.client, queue)
        assert _codes(refused) == ["FORBIDDEN"] and refused["data"] is None
    [pending] = (await _data(served, world.admin, queue))["pendingClaims"]
    assert (pending["displayName"], pending["claim"]["id"]) == ("Claimant", world.pending_id)


async def test_an_expired_session_signs_nobody_in(served: Served, world: World) -> None:
    """A session past its expires_at (written straight into the graph) is refused, though its cookie is signed."""
    token = "an-expired-session-token"
    await served.graph.write("account/merge_session", [{
        "id": session_id(token), "user_id": world.owner.user.id, "created_at": "2020-01-01T00:00:00+00:00",
        "expires_at": "2020-01-31T00:00:00+00:00"}])
    scope: Any = {"app": served.app}
    async with served.client() as browser:
        browser.cookies.set(SESSION_COOKIE, signed(scope, "session", token))
        assert (await _gql(served, browser, ME))["data"]["me"] is None
        followed = await _gql(served, browser, FOLLOW, {CSRF_HEADER: token_for(scope, token)}, id=JONAS)
        assert _codes(followed) == ["UNAUTHENTICATED"]
        assert (await browser.get("/account")).headers["location"].startswith("/signin")
