"""The profile page's header says "Open to collaborate" once the verified claimant switches it on, and only then,
on both engines (the claims fixture app: tests/claims_app.py)."""

from __future__ import annotations

import re
from contextlib import AsyncExitStack

import httpx
import pytest

from tests import claims_app
from tests.accounts import make_user, signed_in
from tests.claims_app import JONAS, MIRA, MIRA_ORCID, Served
from tests.web_app import get_page
from web.pages import researcher_url

served = claims_app.served  # the fixture these tests use, by name
pytestmark = pytest.mark.anyio


def _header(html: str) -> str:
    found = re.search(r'<header class="profile-head">(.*?)</header>', html, flags=re.S)
    assert found, "the profile has no header"
    return found.group(1)


async def test_the_header_shows_open_to_collaborate_only_when_the_verified_claimant_says_so(served: Served) -> None:
    async with AsyncExitStack() as stack:
        account = await make_user(served.graph, display_name="Mira", orcid=MIRA_ORCID)
        mira = await stack.enter_async_context(
            signed_in(served.app, served.graph, served.base, account, transport=httpx.ASGITransport(app=served.app)))
        before = await get_page(mira.client, researcher_url(MIRA))
        assert "Open to collaborate" not in _header(before.text)
        await mira.client.post("/claims/claim", data={"researcher": MIRA, "csrf_token": mira.csrf})
        sent = await mira.client.post("/claims/open", data={"researcher": MIRA, "open": "on", "csrf_token": mira.csrf,
                                                            "topics": "graphs"})
        assert sent.status_code == 303
        async with served.client() as anyone:
            after = await get_page(anyone, researcher_url(MIRA))
            assert "Open to collaborate" in _header(after.text)
            unclaimed = await get_page(anyone, researcher_url(JONAS))
            assert "Open to collaborate" not in _header(unclaimed.text)
