"""The claim forms and the admin queue page over HTTP on both engines (forms carry the CSRF token; a forged one is
refused with nothing written), and the profile fragments _trust.html and _claim.html: script in collaboration
topics is shown as text, never run."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest

from app.accounts.cookies import CSRF_COOKIE, signed
from app.accounts.csrf import token_for
from tests import claims_app
from tests.accounts import SignedIn, make_user, signed_in
from tests.claims_app import JONAS, MIRA, MIRA_ORCID, Served
from web.claim_routes import RESEARCHER_FIELDS
from web.pages import render, researcher_url

served = claims_app.served  # the fixture these tests use, by name

pytestmark = pytest.mark.anyio

FRAGMENT_DATA = f"query ($id: ID!) {{ researcher(id: $id) {{ id {RESEARCHER_FIELDS} }} }}"
MY_CLAIMS = "{ me { claims { id state researcher { id } } } }"
SCRIPT = "<script>alert('topic')</script>"


async def sign_in(served: Served, stack: AsyncExitStack, **user: Any) -> SignedIn:
    account = await make_user(served.graph, **user)
    return await stack.enter_async_context(
        signed_in(served.app, served.graph, served.base, account, transport=httpx.ASGITransport(app=served.app)))


async def my_claims(served: Served, who: SignedIn) -> list[dict[str, Any]]:
    claims: list[dict[str, Any]] = (await served.data(who.client, MY_CLAIMS))["me"]["claims"]
    return claims


async def test_the_claim_form_with_its_token_makes_a_claim_and_comes_back_to_the_profile(served: Served) -> None:
    async with AsyncExitStack() as stack:
        who = await sign_in(served, stack)
        forged = await who.client.post("/claims/claim", data={"researcher": JONAS, "csrf_token": "x" * 64})
        assert forged.status_code == 403 and await my_claims(served, who) == []
        sent = await who.client.post("/claims/claim", data={"researcher": JONAS, "csrf_token": who.csrf})
        assert sent.status_code == 303 and sent.headers["location"] == researcher_url(JONAS)
        assert [(c["state"], c["researcher"]["id"]) for c in await my_claims(served, who)] == [("PENDING", JONAS)]


async def test_signed_out_the_claim_form_leads_to_sign_in(served: Served) -> None:
    scope: Any = {"app": served.app}
    async with served.client() as http:
        http.cookies.set(CSRF_COOKIE, signed(scope, "csrf", "a-signed-out-browser"))  # as a page would have set it
        token = token_for(scope, "a-signed-out-browser")
        sent = await http.post("/claims/claim", data={"researcher": JONAS, "csrf_token": token})
        assert sent.status_code == 303 and sent.headers["location"].startswith("/signin?next=")


async def test_the_admin_queue_is_for_admins_and_decides_with_the_token(served: Served) -> None:
    async with AsyncExitStack() as stack:
        claimant, admin = await sign_in(served, stack, display_name="Jonas <b>L</b>"), await sign_in(served, stack, admin=True)
        await claimant.client.post("/claims/claim", data={"researcher": JONAS, "csrf_token": claimant.csrf})
        [claim] = await my_claims(served, claimant)
        assert (await claimant.client.get("/admin/claims")).status_code == 403
        async with served.client() as http:
            signed_out = await http.get("/admin/claims")
        assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/signin")
        page = await admin.client.get("/admin/claims")
        assert page.status_code == 200 and claim["id"] in page.text and admin.csrf in page.text
        assert "Jonas &lt;b&gt;L&lt;/b&gt;" in page.text and "<b>L</b>" not in page.text
        forged = await admin.client.post("/admin/claims/decide", data={"claim": claim["id"], "accept": "yes",
                                                                         "csrf_token": claimant.csrf})
        assert forged.status_code == 403 and (await my_claims(served, claimant))[0]["state"] == "PENDING"
        done = await admin.client.post("/admin/claims/decide", data={"claim": claim["id"], "accept": "yes",
                                                                       "csrf_token": admin.csrf})
        assert done.status_code == 303 and (await my_claims(served, claimant))[0]["state"] == "VERIFIED"
        assert claim["id"] not in (await admin.client.get("/admin/claims")).text


async def test_an_admin_s_own_claim_shows_no_decision_buttons_to_them_and_the_decision_is_refused(
        served: Served) -> None:
    async with AsyncExitStack() as stack:
        admin, other = await sign_in(served, stack, admin=True), await sign_in(served, stack, admin=True)
        await admin.client.post("/claims/claim", data={"researcher": JONAS, "csrf_token": admin.csrf})
        [claim] = await my_claims(served, admin)
        own = (await admin.client.get("/admin/claims")).text
        assert claim["id"] in own and "another admin decides it" in own and 'value="yes"' not in own
        refused = await admin.client.post("/admin/claims/decide", data={"claim": claim["id"], "accept": "yes",
                                                                          "csrf_token": admin.csrf})
        assert refused.status_code == 403 and (await my_claims(served, admin))[0]["state"] == "PENDING"
        theirs = (await other.client.get("/admin/claims")).text
        assert claim["id"] in theirs and 'value="yes"' in theirs and "another admin decides it" not in theirs


async def test_script_in_collaboration_topics_is_shown_as_text(served: Served) -> None:
    async with AsyncExitStack() as stack:
        mira = await sign_in(served, stack, display_name="Mira", orcid=MIRA_ORCID)
        await mira.client.post("/claims/claim", data={"researcher": MIRA, "csrf_token": mira.csrf})
        sent = await mira.client.post("/claims/open", data={"researcher": MIRA, "open": "on", "csrf_token": mira.csrf,
                                                            "topics": f"graphs, {SCRIPT}"})
        assert sent.status_code == 303
        data = (await served.data(mira.client, FRAGMENT_DATA, id=MIRA))["researcher"]
        assert data["collaborationTopics"] == ["graphs", SCRIPT] and data["openToCollaborate"] is True
        html = render("_claim.html", r=data).body.decode() + render("_trust.html", r=data).body.decode()
        assert SCRIPT not in html and "&lt;script&gt;alert(&#39;topic&#39;)&lt;/script&gt;" in html
        assert "Open to collaborate" in html and "Claimed by <strong class=\"claimant\">Mira</strong>" in html
        assert f"Trust {data['trust']['score']}" in html and "Verification L3" in html
        assert all(f'data-reason="{r["name"]}"' in html for r in data["trust"]["reasons"])
        page = await mira.client.get(researcher_url(MIRA))
        assert page.status_code == 200 and SCRIPT not in page.text  # the profile as served, with both fragments
        assert f"Trust {data['trust']['score']}" in page.text and 'collaboration-topic">graphs<' in page.text
