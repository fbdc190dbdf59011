"""Sign-in with ORCID in a real Chromium: the sign-in page's ORCID button, the provider's own sign-in and consent
pages (tests/oidc_provider.py, standing in for ORCID), and back at the app signed in as the person ORCID names, who
then claims the profile whose record carries their iD and sees it verified at L3."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from app.graph import open_graph
from app.server import create_app
from app.settings import Settings
from tests import web_app
from tests.claims_app import MIRA, MIRA_ORCID, load_fixtures
from tests.oidc_provider import CARBERRY, OTHER, OidcProvider
from tests.web_app import Watched, watched_page
from web.pages import researcher_url

browser = web_app.browser  # the fixture these tests use, by name


async def _fill(settings: Settings, tmp_path: Path) -> None:
    """An emptied graph holding the claim tests' records: MIRA carries the ORCID iD the provider's Josiah signs in
    with."""
    graph = await open_graph(settings)
    try:
        await graph.reset()
        await load_fixtures(graph, tmp_path)
    finally:
        await graph.close()


@pytest.fixture(scope="module", params=web_app.ENGINES)
def orcid_url(request: pytest.FixtureRequest, oidc: OidcProvider, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[str]:
    """The app with ORCID sign-in on, on each engine (the claim fixtures' graph; Neo4j's emptied afterwards), served
    by uvicorn on the port whose callback the provider registered."""
    import uvicorn

    settings = web_app.settings_for(request, "web-orcid", orcid_issuer=oidc.issuer, orcid_client_id=oidc.app.client_id,
                                    orcid_client_secret=SecretStr(oidc.app.client_secret))
    web_app._in_thread(_fill(settings, tmp_path_factory.mktemp("orcid")))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=oidc.app_port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the ORCID test app did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{oidc.app_port}"
    server.should_exit = True
    thread.join(timeout=10)
    web_app.release_neo4j(settings)


@pytest.fixture
def orcid_page(browser: Any, orcid_url: str) -> Iterator[Watched]:
    yield from watched_page(browser.new_context(base_url=orcid_url))


def test_sign_in_with_orcid_in_chromium(orcid_page: Watched, orcid_url: str, oidc: OidcProvider) -> None:
    page = orcid_page.page
    page.goto("/signin")
    page.get_by_role("link", name="Sign in with ORCID").click()
    page.wait_for_url(f"{oidc.issuer}/interaction/**")
    page.get_by_label("ORCID iD").fill(CARBERRY["sub"])
    page.get_by_label("Password").fill(oidc.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{orcid_url}/")
    assert "Josiah Carberry" in page.locator("header").inner_text()
    page.goto("/account")
    assert CARBERRY["sub"] in page.locator("main").inner_text()


def test_linking_an_orcid_id_from_the_account_page_in_chromium(orcid_page: Watched, orcid_url: str, oidc: OidcProvider) -> None:
    """A person who signed up with a password links ORCID from /account: the form's answer takes the browser to the
    provider (the page's CSP lets forms lead there) and back to /account, which then shows the verified iD."""
    page = orcid_page.page
    page.goto("/signup?next=/account")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Display name").fill("Ada Linker")
    page.locator("#signup-password").fill("correct horse battery staple")
    page.get_by_label("The password again").fill("correct horse battery staple")
    page.get_by_role("button", name="Create the account").click()
    page.wait_for_url(f"{orcid_url}/account")
    page.get_by_role("button", name="Link your ORCID iD").click()
    page.wait_for_url(f"{oidc.issuer}/interaction/**")
    page.get_by_label("ORCID iD").fill(OTHER["sub"])
    page.get_by_label("Password").fill(oidc.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{orcid_url}/account")
    facts = page.locator("dl.facts").inner_text()
    assert "ada@example.org" in facts and OTHER["sub"] in facts
    assert page.get_by_role("button", name="Link your ORCID iD").count() == 0


def _sign_in_with_orcid(page: Any, orcid_url: str, oidc: OidcProvider, who: dict[str, str]) -> None:
    page.goto("/signin")
    page.get_by_role("link", name="Sign in with ORCID").click()
    page.wait_for_url(f"{oidc.issuer}/interaction/**")
    page.get_by_label("ORCID iD").fill(who["sub"])
    page.get_by_label("Password").fill(oidc.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{orcid_url}/")


def test_orcid_sign_in_then_claim_ends_in_an_l3_profile_in_chromium(
    orcid_page: Watched, orcid_url: str, oidc: OidcProvider
) -> None:
    """The issue's end-to-end path: ORCID sign-in at the provider, then 'Claim this profile' on the record that
    carries the same iD; the claim is verified at once, the profile names the claimant and shows L3."""
    assert CARBERRY["sub"] == MIRA_ORCID
    page = orcid_page.page
    _sign_in_with_orcid(page, orcid_url, oidc, CARBERRY)
    page.goto(researcher_url(MIRA))
    assert page.locator(".verification").first.inner_text() == "Verification L2"
    page.get_by_role("button", name="Claim this profile").click()
    page.wait_for_url(f"**{researcher_url(MIRA)}")
    assert page.locator(".claim").get_attribute("data-claim-state") == "VERIFIED"
    assert page.locator(".claim .claimant").inner_text() == "Josiah Carberry"
    assert page.locator(".verification").first.inner_text() == "Verification L3"
