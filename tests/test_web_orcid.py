"""Sign-in with ORCID in a real Chromium: the sign-in page's ORCID button, the provider's own sign-in and consent
pages (tests/oidc_provider.py, standing in for ORCID), and back at the app signed in as the person ORCID names."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr

from app.server import create_app
from tests import web_app
from tests.oidc_provider import CARBERRY, OTHER, OidcProvider
from tests.web_app import Watched, watched_page

browser = web_app.browser  # the fixture these tests use, by name


@pytest.fixture(scope="module", params=web_app.ENGINES)
def orcid_url(request: pytest.FixtureRequest, oidc: OidcProvider) -> Iterator[str]:
    """The app with ORCID sign-in on, on each engine (an empty graph; Neo4j's emptied again afterwards), served by
    uvicorn on the port whose callback the provider registered."""
    import uvicorn

    settings = web_app.settings_for(request, "web-orcid", orcid_issuer=oidc.issuer, orcid_client_id=oidc.app.client_id,
                                    orcid_client_secret=SecretStr(oidc.app.client_secret))
    web_app._in_thread(web_app._empty(settings))
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
