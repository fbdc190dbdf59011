"""The web pages: search, researcher profiles, the explorer and the shareable path view.

Pages are rendered on the server from the GraphQL API (in-process, see web.api); the explorer's
interaction (expand, filter, paths, export) runs in the browser against /graphql.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from pyvis import network as pyvis_network

from app.api.limits import MAX_NEIGHBOURHOOD
from web import network
from web.api import ApiError, ask
from web.pages import render

STATIC = Path(__file__).parent / "static"
# vis-network as pyvis bundles it: served from the installed package, never from a CDN.
VIS_DIR = Path(pyvis_network.__file__).parent / "templates" / "lib" / "vis-9.1.2"
VENDOR = {"vis-network.min.js": VIS_DIR / "vis-network.min.js", "vis-network.css": VIS_DIR / "vis-network.css"}
WORKS_PER_PAGE = 20
PROFILE_SLICE_LIMIT = 60
MAX_EXPLORE_DEPTH = 3

router = APIRouter(include_in_schema=False)

PROFILE = """
query ($id: ID!, $first: Int!, $after: String, $limit: Int!) {
  researcher(id: $id) {
    id name aliases orcid worksCount firstYear lastYear coauthorCount
    reported { name value }
    topics { topic { id name } count }
    institutions { id name country }
    papers(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id title year kind venue doi arxivId abstract hasCode authors { id name } } }
    }
  }
  closeCollaborators(id: $id, first: 5) { researcher { id name } jointPapers }
  neighbourhood(id: $id, depth: 1, limit: $limit, kinds: [PAPER, TOPIC, INSTITUTION]) {
    nodes { id kind label weight }
    edges { source target kind weight }
    truncated
  }
}
"""
SEARCH = """
query ($q: String!) { searchResearchers(query: $q, first: 20) { edges { node { id name worksCount firstYear lastYear } } } }
"""
NAME = "query ($id: ID!) { researcher(id: $id) { id name } }"


GRAPHIQL_EXAMPLE = """# The API behind every page. Ctrl-Enter runs the query; Docs lists every field.
query Researcher($q: String! = "schmid") {
  searchResearchers(query: $q, first: 3) {
    edges { node { id name worksCount firstYear lastYear } }
  }
}
"""


def graphiql_page() -> str:
    """GraphiQL at /graphql, from the assets under web/static/graphiql (tools/vendor-graphiql): offline."""
    return render("graphiql.html", example=GRAPHIQL_EXAMPLE).body.decode()


def static_files() -> StaticFiles:
    """The app's own assets (CSS, JS), mounted at /static by the app factory."""
    return StaticFiles(directory=STATIC)


@router.get("/vendor/{name}")
async def vendor(name: str) -> Response:
    if name not in VENDOR:
        return Response(status_code=404)
    return FileResponse(VENDOR[name], headers={"Cache-Control": "public, max-age=86400"})


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, q: str = "") -> HTMLResponse:
    """Search; with ?q= the results are on the page, so it works without JavaScript too."""
    results = []
    if q.strip():
        data = await ask(request, SEARCH, q=q.strip()[:200])
        results = [e["node"] for e in data["searchResearchers"]["edges"]]
    prominent = await request.app.state.graph.read("researcher/list_prominent_researchers", limit=8)
    return render("home.html", q=q, results=results, prominent=prominent)


@router.get("/researchers/{rid:path}", response_class=HTMLResponse)
async def profile(request: Request, rid: str, after: str | None = None) -> HTMLResponse:
    try:
        data = await ask(request, PROFILE, id=rid, first=WORKS_PER_PAGE, after=after, limit=PROFILE_SLICE_LIMIT)
    except ApiError as e:  # a hand-edited `after` cursor, most likely: say so rather than a bare 500
        return render("not_found.html", status_code=400, message=f"That page of works cannot be shown: {e}")
    person = data["researcher"]
    if person is None:
        return not_found(f"No researcher with the id “{rid}”.")
    graph = network.vis_data(data["neighbourhood"])
    explorer = {"mode": "slice", "focus": rid, **graph, "options": network.options(), "styles": network.styles()}
    return render("profile.html", r=person, works=person["papers"], close=data["closeCollaborators"],
                  explorer=explorer, after=after)


@router.get("/explore", response_class=HTMLResponse)
async def explore(request: Request, focus: str = "", depth: int = 1, limit: int = 100) -> HTMLResponse:
    """The explorer around `focus`; `depth` and `limit` widen the first slice (kept within the API's limits)."""
    person = (await ask(request, NAME, id=focus))["researcher"] if focus else None
    if focus and person is None:
        return not_found(f"No researcher with the id “{focus}” to explore.")
    depth = max(1, min(depth, MAX_EXPLORE_DEPTH))
    limit = max(1, min(limit, MAX_NEIGHBOURHOOD // depth))
    config = {"mode": "explore", "focus": focus or None, "depth": depth, "limit": limit,
              "options": network.options(), "styles": network.styles()}
    return render("explorer.html", person=person, config=config, title=person["name"] if person else "Explorer")


@router.get("/path", response_class=HTMLResponse)
async def path(source: str = Query("", alias="from"), to: str = "", k: int = 3) -> HTMLResponse:
    config = {"mode": "path", "from": source or None, "to": to or None, "k": max(1, min(k, 10)),
              "options": network.options(), "styles": network.styles()}
    return render("explorer.html", person=None, config=config, title="Collaboration paths")


def not_found(message: str) -> HTMLResponse:
    return render("not_found.html", status_code=404, message=message)
