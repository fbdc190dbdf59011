"""Sign-in with ORCID through HTTP, on both engines, against a real OpenID provider run locally (tests/oidc_provider.py)
standing in for ORCID: the authorization-code flow with state, nonce and PKCE, ending in a signed-in user who
carries the verified ORCID iD; what must be refused is refused, in words, with no session."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from app.accounts.cookies import SESSION_COOKIE
from app.accounts.csrf import CSRF_FIELD
from app.accounts.users import User, user_by_orcid
from app.graph import Graph
from app.server import create_app
from app.settings import Settings
from tests.accounts import SignedIn, make_user, signed_in
from tests.conftest import make_settings
from tests.oidc_provider import CALLBACK, CARBERRY, OTHER, Client, OidcProvider, running
from tests.orcid_flow import BASE, at_provider, orcid_settings, sign_in
from web.orcid import id_token_rules, orcid_client, token_auth_method

pytestmark = pytest.mark.anyio
ME = "{ me { id displayName orcid email } }"


@asynccontextmanager
async def served(settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The app in process (lifespan run) and a browser-like client of it, which keeps cookies."""
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url=BASE, timeout=30) as client:
        yield app, client


async def test_orcid_sign_in_ends_signed_in_as_a_new_user_carrying_the_verified_orcid(
    graph: Graph, engine_settings: Settings, oidc: OidcProvider
) -> None:
    async with served(orcid_settings(engine_settings, oidc)) as (_, client):
        answer = await sign_in(client, oidc)
        assert answer.status_code == 303 and answer.headers["location"] == "/"
        assert client.cookies.get(SESSION_COOKIE)
        me = (await client.post("/graphql", json={"query": ME})).json()["data"]["me"]
    assert me["orcid"] == CARBERRY["sub"] and me["displayName"] == "Josiah Carberry"
    stored = await user_by_orcid(graph, CARBERRY["sub"])
    assert stored is not None and stored.id == me["id"]


async def test_a_second_orcid_sign_in_finds_the_same_user(graph: Graph, engine_settings: Settings, oidc: OidcProvider) -> None:
    ids = []
    for _ in range(2):  # two browsers, each its own cookies
        async with served(orcid_settings(engine_settings, oidc)) as (_, client):
            assert (await sign_in(client, oidc)).status_code == 303
            ids.append((await client.post("/graphql", json={"query": ME})).json()["data"]["me"]["id"])
    assert ids[0] == ids[1]
    users = await graph.read("account/list_users")
    assert [u["id"] for u in users if u.get("orcid") == CARBERRY["sub"]] == [ids[0]]


async def test_two_people_get_two_users(graph: Graph, engine_settings: Settings, oidc: OidcProvider) -> None:
    async with served(orcid_settings(engine_settings, oidc)) as (_, client):
        await sign_in(client, oidc)
        await sign_in(client, oidc, orcid=OTHER["sub"])
        me = (await client.post("/graphql", json={"query": ME})).json()["data"]["me"]
    assert me["orcid"] == OTHER["sub"] and me["displayName"] == "Ada Tester"
    first, second = await user_by_orcid(graph, CARBERRY["sub"]), await user_by_orcid(graph, OTHER["sub"])
    assert first is not None and second is not None and first.id != second.id


async def test_a_tampered_state_is_refused_in_words_without_a_session(
    graph: Graph, engine_settings: Settings, oidc: OidcProvider
) -> None:
    async with served(orcid_settings(engine_settings, oidc)) as (_, client):
        start = await client.get("/signin/orcid")
        back = urlsplit(await at_provider(oidc, start.headers["location"]))
        query = {k: v[0] for k, v in parse_qs(back.query).items()}
        answer = await client.get(f"{CALLBACK}?{urlencode(query | {'state': query['state'][:-2] + 'xy'})}")
        assert answer.status_code == 400
        assert "not started in this browser" in answer.text and "Traceback" not in answer.text
        assert not client.cookies.get(SESSION_COOKIE)
        assert (await client.post("/graphql", json={"query": ME})).json()["data"]["me"] is None
    assert await user_by_orcid(graph, CARBERRY["sub"]) is None


async def test_an_answer_naming_another_issuer_is_refused(graph: Graph, engine_settings: Settings, oidc: OidcProvider) -> None:
    """RFC 9207: the provider names itself in its answer (`iss`); an answer that names another is a mix-up."""
    async with served(orcid_settings(engine_settings, oidc)) as (_, client):
        back = urlsplit(await at_provider(oidc, (await client.get("/signin/orcid")).headers["location"]))
        query = {k: v[0] for k, v in parse_qs(back.query).items()}
        assert query["iss"] == oidc.issuer
        answer = await client.get(f"{CALLBACK}?{urlencode(query | {'iss': 'https://orcid.example'})}")
        assert answer.status_code == 400 and "came from another issuer" in answer.text
        assert not client.cookies.get(SESSION_COOKIE)


async def test_an_answer_brought_to_another_browser_is_refused(engine_settings: Settings, graph: Graph, oidc: OidcProvider) -> None:
    """The state lives in the cookie of the browser that started: a callback URL replayed elsewhere does nothing."""
    settings = orcid_settings(engine_settings, oidc)
    async with served(settings) as (_, started):
        back = await at_provider(oidc, (await started.get("/signin/orcid")).headers["location"])
    async with served(settings) as (_, elsewhere):
        answer = await elsewhere.get(back.removeprefix(BASE))
        assert answer.status_code == 400 and "not started in this browser" in answer.text
        assert not elsewhere.cookies.get(SESSION_COOKIE)


async def test_denied_consent_is_told_in_words(graph: Graph, engine_settings: Settings, oidc: OidcProvider) -> None:
    async with served(orcid_settings(engine_settings, oidc)) as (_, client):
        answer = await sign_in(client, oidc, consent=False)
        assert answer.status_code == 400
        assert "did not allow Collab Explorer to read your ORCID iD" in answer.text
        assert not client.cookies.get(SESSION_COOKIE)
    assert await user_by_orcid(graph, CARBERRY["sub"]) is None


async def test_an_issuer_whose_discovery_names_another_issuer_is_refused(
    graph: Graph, engine_settings: Settings, oidc: OidcProvider
) -> None:
    """Configured with the issuer's address plus '/', the discovery document still answers but names the issuer
    without it: a mix-up, refused before the browser is sent anywhere."""
    async with served(orcid_settings(engine_settings, oidc, orcid_issuer=oidc.issuer + "/")) as (_, client):
        answer = await client.get("/signin/orcid")
        assert answer.status_code == 400 and "answered as another issuer" in answer.text


async def test_without_a_client_id_orcid_sign_in_is_off(graph: Graph, engine_settings: Settings) -> None:
    async with served(engine_settings) as (_, client):
        assert (await client.get("/signin/orcid")).status_code == 404
        assert (await client.get(f"{CALLBACK}?code=x&state=y")).status_code == 404
        page = await client.get("/signin")
        assert page.status_code == 200 and "Sign in with ORCID" not in page.text
        assert "form-action 'self';" in page.headers["content-security-policy"]


async def test_with_orcid_set_up_the_sign_in_page_offers_it_and_forms_may_lead_to_the_issuer(
    graph: Graph, engine_settings: Settings, oidc: OidcProvider
) -> None:
    """Browsers check a form's CSP form-action at every redirect: the account page's link form ends at the issuer."""
    async with served(orcid_settings(engine_settings, oidc)) as (_, client):
        page = await client.get("/signin")
    assert '<a class="orcid-signin" href="/signin/orcid">Sign in with ORCID</a>' in page.text
    assert f"form-action 'self' {oidc.issuer};" in page.headers["content-security-policy"]


# --- ID tokens the app must refuse, obtained for real from providers ----------------------------------------------


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


async def tokens_for(oidc: OidcProvider, client: Client, nonce: str) -> dict[str, object]:
    """What `client` gets from the provider's token endpoint after Josiah signs in: a real, signed ID token."""
    verifier, challenge = _pkce()
    redirect = f"{BASE}{CALLBACK}"
    query = urlencode({"response_type": "code", "client_id": client.client_id, "redirect_uri": redirect, "scope": "openid",
                       "state": "s", "nonce": nonce, "code_challenge": challenge, "code_challenge_method": "S256"})
    back = await at_provider(oidc, f"{oidc.issuer}/auth?{query}")
    code = parse_qs(urlsplit(back).query)["code"][0]
    async with httpx.AsyncClient(timeout=30) as http:
        answer = await http.post(f"{oidc.issuer}/token", data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect, "code_verifier": verifier,
            "client_id": client.client_id, "client_secret": client.client_secret})  # in the body, as ORCID takes it
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def test_an_id_token_for_another_audience_is_refused(oidc: OidcProvider) -> None:
    settings = orcid_settings(make_settings(), oidc)
    nonce = secrets.token_urlsafe(16)
    ours, theirs = await tokens_for(oidc, oidc.app, nonce), await tokens_for(oidc, oidc.other, nonce)
    client = orcid_client(settings)
    accepted = await client.parse_id_token(ours, nonce=nonce, claims_options=id_token_rules(settings))
    assert accepted["sub"] == CARBERRY["sub"]  # the same check passes our own client's token
    with pytest.raises(Exception, match="'aud'"):
        await client.parse_id_token(theirs, nonce=nonce, claims_options=id_token_rules(settings))


async def test_an_id_token_from_another_issuer_is_refused(oidc: OidcProvider, tmp_path: Path) -> None:
    """Another provider's token (its own keys and issuer) fails against ours: no key of ours signed it."""
    settings = orcid_settings(make_settings(), oidc)
    nonce = secrets.token_urlsafe(16)
    with running(tmp_path) as elsewhere:
        theirs = await tokens_for(elsewhere, elsewhere.app, nonce)
    client = orcid_client(settings)
    with pytest.raises(Exception, match="No key for kid"):
        await client.parse_id_token(theirs, nonce=nonce, claims_options=id_token_rules(settings))
    # And a token our issuer signed is refused where another issuer is expected: the `iss` claim is checked too.
    ours = await tokens_for(oidc, oidc.app, nonce)
    elsewhere_expected = id_token_rules(orcid_settings(make_settings(), oidc, orcid_issuer="https://orcid.org"))
    with pytest.raises(Exception, match="'iss'"):
        await client.parse_id_token(ours, nonce=nonce, claims_options=elsewhere_expected)


# --- linking an ORCID iD to an account that signs in with a password ------------------------------------------------


@asynccontextmanager
async def password_user_in(settings: Settings, graph: Graph, user: User) -> AsyncIterator[SignedIn]:
    """The app in process and a client signed in as `user` (a session cookie, as after a password sign-in)."""
    app = create_app(settings)
    async with app.router.lifespan_context(app), signed_in(app, graph, BASE, user, transport=httpx.ASGITransport(app=app)) as who:
        yield who


async def test_a_signed_in_user_links_the_orcid_proven_at_the_provider(
    graph: Graph, engine_settings: Settings, oidc: OidcProvider
) -> None:
    user = await make_user(graph, display_name="Jo Carberry")
    async with password_user_in(orcid_settings(engine_settings, oidc), graph, user) as who:
        start = await who.client.post("/signin/orcid/link", data={CSRF_FIELD: who.csrf})
        assert start.status_code == 302, start.text
        back = await at_provider(oidc, start.headers["location"])
        answer = await who.client.get(back.removeprefix(BASE))
        assert answer.status_code == 303 and answer.headers["location"] == "/account"
        renewed = who.client.cookies.get(SESSION_COOKIE, domain="127.0.0.1")
        assert renewed and renewed != who.cookie  # a new session id
        who.client.cookies.delete(SESSION_COOKIE, domain="")  # the jar now holds the app's own cookie only
        me = (await who.client.post("/graphql", json={"query": ME})).json()["data"]["me"]
    assert (me["id"], me["orcid"], me["displayName"]) == (user.id, CARBERRY["sub"], "Jo Carberry")
    linked = await user_by_orcid(graph, CARBERRY["sub"])
    assert linked is not None and linked.id == user.id


async def test_linking_needs_the_csrf_token(graph: Graph, engine_settings: Settings, oidc: OidcProvider) -> None:
    user = await make_user(graph)
    async with password_user_in(orcid_settings(engine_settings, oidc), graph, user) as who:
        refused = await who.client.post("/signin/orcid/link", data={CSRF_FIELD: "forged"})
        assert refused.status_code == 403 and "location" not in refused.headers


async def test_an_orcid_another_account_carries_is_not_linked(
    graph: Graph, engine_settings: Settings, oidc: OidcProvider
) -> None:
    owner = await make_user(graph, orcid=CARBERRY["sub"])
    user = await make_user(graph)
    async with password_user_in(orcid_settings(engine_settings, oidc), graph, user) as who:
        start = await who.client.post("/signin/orcid/link", data={CSRF_FIELD: who.csrf})
        answer = await who.client.get((await at_provider(oidc, start.headers["location"])).removeprefix(BASE))
        assert answer.status_code == 400 and "belongs to another account" in answer.text
        me = (await who.client.post("/graphql", json={"query": ME})).json()["data"]["me"]
    assert me["orcid"] is None
    carrier = await user_by_orcid(graph, CARBERRY["sub"])
    assert carrier is not None and carrier.id == owner.id


async def test_an_orcid_only_account_has_no_password_to_sign_in_with(
    graph: Graph, engine_settings: Settings, oidc: OidcProvider
) -> None:
    async with served(orcid_settings(engine_settings, oidc)) as (_, client):
        await sign_in(client, oidc)
        me = (await client.post("/graphql", json={"query": ME})).json()["data"]["me"]
    assert me["email"] == f"{CARBERRY['sub']}@orcid.invalid"  # a reserved domain: never delivered, never anyone's
    stored = await graph.read("account/get_user_login", email=me["email"])
    assert [row["password_hash"] for row in stored] == [None]


def test_the_secret_goes_where_the_issuer_takes_it() -> None:
    assert token_auth_method({"token_endpoint_auth_methods_supported": ["client_secret_post"]}) == "client_secret_post"
    assert token_auth_method({"token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}) \
        == "client_secret_basic"
    assert token_auth_method({}) == "client_secret_basic"  # OpenID Discovery's default when the field is absent


def test_the_client_secret_comes_from_its_file_and_a_client_id_needs_one(tmp_path: Path) -> None:
    secret = tmp_path / "orcid-secret"
    secret.write_text("from-a-mounted-file\n")
    settings = make_settings(orcid_client_id="APP-123", orcid_client_secret_file=secret)
    assert settings.orcid_enabled and settings.orcid_client_secret.get_secret_value() == "from-a-mounted-file"
    assert not make_settings().orcid_enabled
    with pytest.raises(ValueError, match="COLLAB_ORCID_CLIENT_SECRET"):
        make_settings(orcid_client_id="APP-123")
