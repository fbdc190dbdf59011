"""Follow and unfollow forms (the profile's Actions section, the Following page) and the Following page itself.

The forms post with the page's CSRF token, checked here before the API runs the mutation in process, and come
back (303) to the page they were sent from, so they work without JavaScript and a reload sends nothing again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import follows
from app.accounts.csrf import require_csrf
from app.accounts.viewer import viewer_of
from app.api.errors import QUERY_TIMEOUT
from app.graph import QueryTimeout
from web.api_client import ApiError, ask
from web.pages import render, researcher_url
from web.routes import too_slow

router = APIRouter(include_in_schema=False)

SIGN_IN = "/signin"
FOLLOWING_PATH = "/following"
FOLLOWED_PER_PAGE = 50
FOLLOW = "mutation ($id: ID!) { followResearcher(id: $id) { id followerCount } }"
UNFOLLOW = "mutation ($id: ID!) { unfollowResearcher(id: $id) { id followerCount } }"
FOLLOWING = """
query ($first: Int!, $after: String) {
  me {
    following(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name worksCount followerCount institutions { name } } }
    }
  }
}
"""
NO_STORE = {"Cache-Control": "no-store"}  # one person's page: no shared cache keeps it


def _sign_in(back: str) -> RedirectResponse:
    return RedirectResponse(f"{SIGN_IN}?next={quote(back, safe='')}", status_code=303)


async def _change(request: Request, document: str) -> Response:
    """Run a follow mutation from a form and go back: to the Following page when sent from it, else the profile."""
    await require_csrf(request)
    form = await request.form()
    rid = str(form.get("researcher") or "")
    back = FOLLOWING_PATH if form.get("back") == "following" else researcher_url(rid) + "#actions"
    try:
        await ask(request, document, id=rid)
    except ApiError as e:
        if "UNAUTHENTICATED" in e.codes:
            return _sign_in(researcher_url(rid))
        status = 404 if "BAD_USER_INPUT" in e.codes else 400
        return render("not_found.html", status_code=status, title="Not done", message=str(e))
    return RedirectResponse(back, status_code=303)


@router.post("/follow")
async def follow(request: Request) -> Response:
    return await _change(request, FOLLOW)


@router.post("/unfollow")
async def unfollow(request: Request) -> Response:
    return await _change(request, UNFOLLOW)


@router.get(FOLLOWING_PATH, response_class=HTMLResponse)
async def following(request: Request, after: str | None = None) -> Response:
    """The researchers the viewer follows with their newest works, those loaded since the last visit first and
    marked new; then this visit is recorded."""
    viewer = await viewer_of(request)
    if viewer is None:
        return _sign_in(FOLLOWING_PATH)
    graph = request.app.state.graph
    try:
        data = await ask(request, FOLLOWING, first=FOLLOWED_PER_PAGE, after=after)
        followed = data["me"]["following"]
        people = [e["node"] for e in followed["edges"]]
        last = await follows.last_visit(graph, viewer.id)
        works = await follows.newest_works(graph, viewer.id, [p["id"] for p in people])
    except ApiError as e:  # a hand-edited `after`, or the engine's time limit
        return too_slow(e) if e.timed_out else render("not_found.html", status_code=400, title="Not shown",
                                                      message=str(e))
    except QueryTimeout as e:
        return too_slow(ApiError(str(e), {QUERY_TIMEOUT}, ["following"]))
    await follows.record_visit(graph, viewer.id)  # only once the page is shown
    page = render("following.html", people=people, works=works, total=followed["totalCount"],
                  page_info=followed["pageInfo"], after=after, last_visit=_when(last))
    page.headers.update(NO_STORE)
    return page


def _when(ms: int | None) -> str | None:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%-d %B %Y, %H:%M UTC") if ms else None
