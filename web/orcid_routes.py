"""Sign-in with ORCID: /signin/orcid sends the browser to the issuer, /signin/orcid/callback signs the person in
(finding or creating the user who carries the verified iD), /signin/orcid/link adds the iD to the signed-in account.
All 404 while ORCID sign-in is not configured; failures are told in words on a sign-in page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts.csrf import require_csrf
from app.accounts.orcid import link_orcid, user_for_orcid
from app.accounts.sessions import start_session
from app.accounts.users import AccountError, User
from app.accounts.viewer import viewer_of
from app.graph import Graph
from app.settings import Settings
from web.orcid import OrcidIdentity, SignInFailed, identity_from_callback, orcid_client, redirect_to_orcid
from web.pages import render

router = APIRouter(include_in_schema=False)
LINKING = "link_user"  # in the flow's state cookie: the account that asked to link its ORCID iD


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _client(request: Request) -> Any:
    """One Authlib client per app: it keeps the issuer's discovery document and keys once fetched."""
    state = request.app.state
    if getattr(state, "orcid_client", None) is None:
        state.orcid_client = orcid_client(_settings(request))
    return state.orcid_client


def _not_configured() -> Response:
    return render("not_found.html", status_code=404, message="Sign-in with ORCID is not set up on this server.")


def _failed(message: str) -> Response:
    """The sign-in page, saying in words why ORCID did not sign the person in."""
    response = render("signin.html", status_code=400, error=message)
    response.headers["Cache-Control"] = "no-store"
    return response


async def _to_orcid(request: Request) -> Response:
    settings = _settings(request)
    callback = settings.orcid_redirect_uri or str(request.url_for("orcid_callback"))
    try:
        return await redirect_to_orcid(_client(request), settings, request, callback)
    except SignInFailed as e:
        return _failed(str(e))


@router.get("/signin/orcid")
async def signin_with_orcid(request: Request) -> Response:
    if not _settings(request).orcid_enabled:
        return _not_configured()
    request.session.pop(LINKING, None)
    return await _to_orcid(request)


@router.post("/signin/orcid/link")
async def link_with_orcid(request: Request) -> Response:
    """From the account page (a form with its CSRF token): the signed-in user proves an ORCID iD at the issuer."""
    if not _settings(request).orcid_enabled:
        return _not_configured()
    await require_csrf(request)
    viewer = await viewer_of(request)
    if viewer is None:
        return RedirectResponse("/signin", status_code=303)
    request.session[LINKING] = viewer.id
    return await _to_orcid(request)


@router.get("/signin/orcid/callback", name="orcid_callback")
async def orcid_callback(request: Request) -> Response:
    if not _settings(request).orcid_enabled:
        return _not_configured()
    linking = request.session.pop(LINKING, None)
    try:
        identity = await identity_from_callback(_client(request), _settings(request), request)
        user = await _user_of(request, identity, linking)
    except (SignInFailed, AccountError) as e:
        return _failed(str(e))
    response = RedirectResponse("/account" if linking else "/", status_code=303)
    await start_session(request, response, user)
    return response


async def _user_of(request: Request, identity: OrcidIdentity, linking: str | None) -> User:
    """The account this sign-in is for: the one that asked to link (still signed in), else the iD's own."""
    graph: Graph = request.app.state.graph
    if linking is None:
        return await user_for_orcid(graph, identity.orcid, identity.display_name)
    viewer = await viewer_of(request)
    if viewer is None or viewer.id != linking:
        raise SignInFailed("You were signed out before ORCID answered; sign in and link your ORCID iD again.")
    return await link_orcid(graph, viewer, identity.orcid)
