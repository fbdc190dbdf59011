"""Claim forms of the profile page and the admin queue of pending claims (/admin/claims).

Every form posts with the page's CSRF token (checked here, before the API runs the mutation in process) and comes
back to the page it was sent from (303), so a reload does not send it again.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts.csrf import require_csrf
from web.api_client import ApiError, ask
from web.pages import render, researcher_url

router = APIRouter(include_in_schema=False)

SIGN_IN = "/signin"
ADMIN_QUEUE = "/admin/claims"
QUEUE_SHOWN = 100

# What the profile query selects for the fragments _trust.html and _claim.html (splice into `researcher { ... }`).
TRUST_FIELDS = "trust { score level verification claimed reasons { name points detail } }"
CLAIM_FIELDS = ("claimStatus { state claimant pending viewerState viewerIsClaimant } "
                "openToCollaborate collaborationTopics")
RESEARCHER_FIELDS = f"{TRUST_FIELDS} {CLAIM_FIELDS}"

CLAIM = "mutation ($id: ID!) { claimResearcher(id: $id) { id state } }"
RELEASE = "mutation ($id: ID!) { releaseClaim(id: $id) }"
OPEN = ("mutation ($id: ID!, $open: Boolean!, $topics: [String!]) "
        "{ setOpenToCollaborate(id: $id, open: $open, topics: $topics) { id } }")
DECIDE = "mutation ($id: ID!, $accept: Boolean!) { decideClaim(id: $id, accept: $accept) { id state } }"
QUEUE = f"""
query {{
  pendingClaims(first: {QUEUE_SHOWN}) {{
    claim {{ id createdAt researcher {{ id name orcid }} }}
    displayName email userOrcid recordOrcid verifiedClaimant
  }}
}}
"""


def _sign_in(back: str) -> RedirectResponse:
    return RedirectResponse(f"{SIGN_IN}?next={quote(back, safe='')}", status_code=303)


def _refused(e: ApiError, back: str) -> Response:
    """An API error as a page: sign in when signed out, the API's own words otherwise."""
    if "UNAUTHENTICATED" in e.codes:
        return _sign_in(back)
    status = 403 if "FORBIDDEN" in e.codes else 400
    return render("not_found.html", status_code=status, title="Not done", message=str(e))


async def _form(request: Request) -> dict[str, str]:
    await require_csrf(request)
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def split_topics(text: str) -> list[str]:
    """'graph learning, robotics' -> ['graph learning', 'robotics']: the form's one field, comma-separated."""
    return [t.strip() for t in text.split(",") if t.strip()]


async def _profile_mutation(request: Request, document: str, **variables: object) -> Response:
    back = researcher_url(str(variables["id"]))
    try:
        await ask(request, document, **variables)
    except ApiError as e:
        return _refused(e, back)
    return RedirectResponse(back, status_code=303)


@router.post("/claims/claim")
async def claim(request: Request) -> Response:
    form = await _form(request)
    return await _profile_mutation(request, CLAIM, id=form.get("researcher", ""))


@router.post("/claims/release")
async def release(request: Request) -> Response:
    form = await _form(request)
    return await _profile_mutation(request, RELEASE, id=form.get("researcher", ""))


@router.post("/claims/open")
async def open_to_collaborate(request: Request) -> Response:
    form = await _form(request)
    return await _profile_mutation(request, OPEN, id=form.get("researcher", ""), open=form.get("open") == "on",
                                   topics=split_topics(form.get("topics", "")))


@router.get(ADMIN_QUEUE, response_class=HTMLResponse)
async def queue(request: Request) -> Response:
    try:
        data = await ask(request, QUEUE)
    except ApiError as e:
        return _refused(e, ADMIN_QUEUE)
    return render("admin_claims.html", pending=data["pendingClaims"], shown=QUEUE_SHOWN)


@router.post(f"{ADMIN_QUEUE}/decide")
async def decide(request: Request) -> Response:
    form = await _form(request)
    try:
        await ask(request, DECIDE, id=form.get("claim", ""), accept=form.get("accept") == "yes")
    except ApiError as e:
        return _refused(e, ADMIN_QUEUE)
    return RedirectResponse(ADMIN_QUEUE, status_code=303)
