"""A person going through ORCID sign-in in tests, over HTTP: the app's redirect, the local provider's sign-in and
consent forms (tests/oidc_provider.py), and the way back to the app's callback."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx
from pydantic import SecretStr

from app.settings import Settings
from tests.oidc_provider import CALLBACK, CARBERRY, OidcProvider

BASE = "http://127.0.0.1"  # the in-process app's address; the provider registered its callback there


def orcid_settings(settings: Settings, oidc: OidcProvider, **overrides: object) -> Settings:
    return settings.model_copy(update={
        "orcid_issuer": oidc.issuer, "orcid_client_id": oidc.app.client_id,
        "orcid_client_secret": SecretStr(oidc.app.client_secret), **overrides,
    })


async def _follow_at_provider(person: httpx.AsyncClient, response: httpx.Response, issuer: str) -> httpx.Response:
    """Redirects followed while they stay at the provider; the last answer (a page, or the redirect back)."""
    while response.is_redirect:
        target = urljoin(str(response.url), response.headers["location"])
        if not target.startswith(issuer):
            break
        response = await person.get(target)
    return response


async def at_provider(oidc: OidcProvider, authorize_url: str, orcid: str = CARBERRY["sub"], consent: bool = True) -> str:
    """The person at the provider: signs in with `orcid`, then allows (or denies) access; the URL the provider
    sends their browser back to."""
    async with httpx.AsyncClient(timeout=30) as person:
        page = await _follow_at_provider(person, await person.get(authorize_url), oidc.issuer)
        assert "Sign in to the test ORCID" in page.text, page.text
        login = urljoin(str(page.url), f"{urlsplit(str(page.url)).path}/login")
        page = await _follow_at_provider(person, await person.post(login, data={"orcid": orcid, "password": oidc.password}), oidc.issuer)
        assert "Authorize access" in page.text, page.text
        answer = "confirm" if consent else "abort"
        done = await _follow_at_provider(person, await person.post(f"{page.url}/{answer}"), oidc.issuer)
        assert done.is_redirect, done.text
        return done.headers["location"]


async def sign_in(client: httpx.AsyncClient, oidc: OidcProvider, **person: object) -> httpx.Response:
    """The whole flow from the app's ORCID button to the app's answer at its callback."""
    start = await client.get("/signin/orcid")
    assert start.status_code == 302, start.text
    back = await at_provider(oidc, start.headers["location"], **person)  # type: ignore[arg-type]
    assert back.startswith(f"{BASE}{CALLBACK}?"), back
    return await client.get(back.removeprefix(BASE))
