"""End to end on both engines: a person signs in with ORCID at the local provider (standing in for ORCID) and
claims the researcher whose record carries that ORCID iD; the claim is verified at once and the profile shows L3."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from app.accounts.cookies import SESSION_COOKIE, unsigned
from app.accounts.csrf import CSRF_HEADER, token_for
from app.graph import Graph
from app.server import create_app
from app.settings import Settings
from tests.claims_app import MIRA, MIRA_ORCID, load_fixtures
from tests.oidc_provider import CARBERRY, OidcProvider
from tests.orcid_flow import BASE, orcid_settings, sign_in

pytestmark = pytest.mark.anyio
CLAIM = "mutation ($id: ID!) { claimResearcher(id: $id) { state researcher { id } } }"
TRUST = "query ($id: ID!) { researcher(id: $id) { trust { verification claimed } } }"


async def test_an_orcid_signed_in_user_claiming_the_record_with_their_orcid_is_verified_at_l3(
    graph: Graph, engine_settings: Settings, oidc: OidcProvider, tmp_path: Path
) -> None:
    assert CARBERRY["sub"] == MIRA_ORCID  # the fixture record carries the iD the provider's Josiah signs in with
    await load_fixtures(graph, tmp_path)
    app = create_app(orcid_settings(engine_settings, oidc))
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        assert (await sign_in(client, oidc)).status_code == 303
        scope = {"app": app}
        csrf = token_for(scope, unsigned(scope, "session", client.cookies[SESSION_COOKIE]) or "")  # as its pages carry
        before = (await client.post("/graphql", json={"query": TRUST, "variables": {"id": MIRA}})).json()
        claim = (await client.post("/graphql", json={"query": CLAIM, "variables": {"id": MIRA}},
                                   headers={CSRF_HEADER: csrf})).json()
        after = (await client.post("/graphql", json={"query": TRUST, "variables": {"id": MIRA}})).json()
    assert before["data"]["researcher"]["trust"] == {"verification": "L2", "claimed": False}
    assert claim["data"]["claimResearcher"] == {"state": "VERIFIED", "researcher": {"id": MIRA}}, claim
    assert after["data"]["researcher"]["trust"] == {"verification": "L3", "claimed": True}
