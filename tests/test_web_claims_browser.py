"""Claims in headless Chromium: a pending claim by a user whose display name carries script is listed in the admin
queue with that name as text (no dialog opens), and pressing Accept verifies it and empties the queue; the claimant
then opens the profile to collaboration on the profile page with script among the topics, shown as text. Reject
empties the queue too and leaves the profile unclaimed, and the claimant reads so on it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from app.accounts.cookies import SESSION_COOKIE
from app.graph import open_graph
from app.server import create_app
from app.settings import Settings
from tests import web_app
from tests.accounts import make_user, session_for
from tests.web_app import CENTRE, FAR, Watched, gql, shot, watched_page
from web.pages import researcher_url

browser = web_app.browser  # the fixture these tests use, by name
SCRIPTED_NAME = "Eve <img src=x onerror=alert(1)>"
SCRIPTED_TOPIC = "<script>alert(2)</script>"
STATUS = "query ($id: ID!) { researcher(id: $id) { claimStatus { state claimant } trust { verification } } }"


@pytest.fixture(scope="module", params=web_app.ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    """The app on the demo graph in a graph of its own (on Neo4j, the one database, emptied afterwards), served for
    this module on each engine."""
    yield from web_app.own_site(request, tmp_path_factory, "claims")


async def _pending_claim_of(url: str, settings: Settings, rid: str, name: str) -> tuple[str, str]:
    """A pending claim of `rid` sent through the profile's form by a new user named `name`; the cookies of the
    admin and of the claimant."""
    graph = await open_graph(settings)
    try:
        app = create_app(settings)
        claimant = await make_user(graph, display_name=name)
        cookie, csrf = await session_for(app, graph, claimant)
        async with httpx.AsyncClient(base_url=url, cookies={SESSION_COOKIE: cookie}) as http:
            sent = await http.post("/claims/claim", data={"researcher": rid, "csrf_token": csrf})
            assert sent.status_code == 303, sent.text
        admin = await make_user(graph, display_name="Admin", admin=True)
        admin_cookie, _ = await session_for(app, graph, admin)
        return admin_cookie, cookie
    finally:
        await graph.close()


def test_an_admin_accepts_a_pending_claim_and_script_in_the_name_stays_text(
    browser: Any, site: tuple[str, Settings]
) -> None:
    url, settings = site
    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        cookie, claimant = pool.submit(asyncio.run, _pending_claim_of(url, settings, CENTRE, SCRIPTED_NAME)).result()
    assert gql(url, STATUS, id=CENTRE)["researcher"]["claimStatus"] == {"state": "PENDING", "claimant": None}
    pages, dialogs = _page(browser, url, cookie)
    page = next(pages).page
    page.goto("/admin/claims")
    row = page.locator("table.claim-queue tbody tr")
    assert row.count() == 1 and SCRIPTED_NAME in row.inner_text()
    shot(page, "admin-claims")
    row.get_by_role("button", name="Accept").click()
    page.wait_for_url("**/admin/claims")
    assert page.get_by_text("No claim is waiting for a decision.").is_visible()
    assert dialogs == []
    answer = gql(url, STATUS, id=CENTRE)["researcher"]
    assert answer == {"claimStatus": {"state": "VERIFIED", "claimant": SCRIPTED_NAME}, "trust": {"verification": "L3"}}
    next(pages, None)  # the context closed, and checked clean of console errors and requests off localhost
    pages, dialogs = _page(browser, url, claimant)
    page = next(pages).page
    page.goto(researcher_url(CENTRE))
    assert page.locator(".claim .claimant").inner_text() == SCRIPTED_NAME
    page.locator(".open-form").get_by_label("Open to collaborate").check()
    page.locator(".open-form").get_by_label("Topics you want to work on").fill(f"{SCRIPTED_TOPIC}, optical flow")
    page.locator(".open-form").get_by_role("button", name="Save").click()
    page.locator(".claim .open-to-collaborate").wait_for()
    assert page.locator(".claim .collaboration-topic").all_inner_texts() == [SCRIPTED_TOPIC, "optical flow"]
    shot(page, "profile-claimed")
    assert dialogs == []
    next(pages, None)


def test_an_admin_rejects_a_pending_claim_and_the_claimant_is_told_on_the_profile(
    browser: Any, site: tuple[str, Settings]
) -> None:
    url, settings = site
    with ThreadPoolExecutor(1) as pool:
        admin, claimant = pool.submit(asyncio.run, _pending_claim_of(url, settings, FAR, "Rejected Claimant")).result()
    pages, dialogs = _page(browser, url, admin)
    page = next(pages).page
    page.goto("/admin/claims")
    row = page.locator("table.claim-queue tbody tr", has_text="Rejected Claimant")
    row.get_by_role("button", name="Reject").click()
    page.wait_for_url("**/admin/claims")
    assert page.locator("table.claim-queue tbody tr", has_text="Rejected Claimant").count() == 0
    assert gql(url, STATUS, id=FAR)["researcher"]["claimStatus"] == {"state": "UNCLAIMED", "claimant": None}
    next(pages, None)
    pages, dialogs = _page(browser, url, claimant)
    page = next(pages).page
    page.goto(researcher_url(FAR))
    assert "An administrator rejected your earlier claim of this profile." in page.locator(".claim").inner_text()
    assert page.get_by_role("button", name="Claim this profile").is_visible()  # they may claim again
    assert dialogs == []
    next(pages, None)


def _page(browser: Any, url: str, cookie: str) -> tuple[Iterator[Watched], list[str]]:
    """A page signed in with `cookie`, watched for console errors and for dialogs (script that ran)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, base_url=url)
    context.add_cookies([{"name": SESSION_COOKIE, "value": cookie, "url": url, "httpOnly": True, "sameSite": "Lax"}])
    pages = watched_page(context)
    dialogs: list[str] = []
    context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return pages, dialogs
