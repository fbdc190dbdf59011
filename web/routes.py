"""The web pages: search, researcher profiles, the explorer and the shareable path view.

Pages are rendered on the server from the GraphQL API (in-process, see web.api_client); the explorer's
interaction (expand, filter, paths, export) runs in the browser against /graphql.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from pyvis import network as pyvis_network

from app.api.limits import MAX_NEIGHBOURHOOD
from web import network, words
from web.api_client import ApiError, ask
from web.claim_routes import RESEARCHER_FIELDS as CLAIM_FIELDS
from web.pages import render
from web.prominent import prominent_researchers

STATIC = Path(__file__).parent / "static"
# vis-network as pyvis bundles it: served from the installed package, never from a CDN.
VIS_DIR = Path(pyvis_network.__file__).parent / "templates" / "lib" / "vis-9.1.2"
VENDOR = {"vis-network.min.js": VIS_DIR / "vis-network.min.js", "vis-network.css": VIS_DIR / "vis-network.css"}
WORKS_PER_PAGE = 20
PROFILE_SLICE_LIMIT = 60
MAX_EXPLORE_DEPTH = 3
PATH_MAX_HOPS = 6  # the API's default (it allows 1 to 8): the page says "not connected within 6 hops"
WORDS = {"kinds": words.KINDS, "arxiv": words.ARXIV_CATEGORIES}  # the browser names kinds and topics as the pages do
MAX_EXPORT_NODES = 5000  # a drawing the browser can hold is far smaller; this bounds the request

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)

PROFILE = """
query ($id: ID!, $first: Int!, $after: String, $limit: Int!) {
  researcher(id: $id) {
    id name aliases orcid worksCount firstYear lastYear coauthorCount followerCount viewerFollows
    CLAIM_FIELDS
    reported { name value }
    topics { topic { id name scheme } count }
    institutions { id name country }
    papers(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id title year kind venue doi arxivId abstract hasCode links { name url } authors { id name } } }
    }
  }
  closeCollaborators(id: $id, first: 5) {
    researcher { id name } jointPapers firstYear lastYear score
    reasons { jointPapers recency topicOverlap sharedInstitution commonCollaborators }
  }
  neighbourhood(id: $id, depth: 1, limit: $limit, kinds: [PAPER, TOPIC, INSTITUTION]) {
    nodes { id kind label weight }
    edges { source target kind weight }
    truncated
  }
}
""".replace("CLAIM_FIELDS", CLAIM_FIELDS)  # what the fragments _trust.html and _claim.html read
SEARCH = """
query ($q: String!) {
  searchResearchers(query: $q, first: 20) { edges { node { id name worksCount firstYear lastYear } } }
}
"""
NAME = "query ($id: ID!) { researcher(id: $id) { id name } }"
PAPER = """
query ($id: ID!, $first: Int!) {
  paper(id: $id) {
    id title year date kind venue doi arxivId abstract hasCode citedByCount
    links { name url }
    authors { id name }
    topics { id name scheme }
    citedBy(first: $first) { totalCount edges { node { id title year } } }
    references(first: $first) { totalCount edges { node { id title year } } }
  }
}
"""
CITATIONS_SHOWN = 50  # per list on a paper page; the page says how many more the graph holds
GRAPHIQL_EXAMPLE = """# The API behind every page. Ctrl-Enter runs the query; Docs lists every field.
query Researcher($q: String! = "schmid") {
  searchResearchers(query: $q, first: 3) {
    edges { node { id name worksCount firstYear lastYear } }
  }
}
"""


def graphiql_page() -> str:
    """GraphiQL at /graphql, from the assets under web/static/graphiql (tools/vendor-graphiql): offline."""
    return bytes(render("graphiql.html", example=GRAPHIQL_EXAMPLE).body).decode()


def static_files() -> StaticFiles:
    """The app's own assets (CSS, JS), mounted at /static by the app factory."""
    return StaticFiles(directory=STATIC)


@router.get("/vendor/{name}")
async def vendor(name: str) -> Response:
    if name not in VENDOR:
        return Response(status_code=404)
    return FileResponse(VENDOR[name], headers={"Cache-Control": "public, max-age=86400"})


@router.get("/static/graphiql/graphiql.min.js")
async def graphiql_script() -> Response:
    """GraphiQL's bundle, kept gzipped in the package (3.5 MB as it is): sent as stored, the browser unpacks it."""
    return FileResponse(
        STATIC / "graphiql" / "graphiql.min.js.gz", media_type="text/javascript",
        headers={"Content-Encoding": "gzip", "Cache-Control": "public, max-age=86400"},
    )


@router.get("/kinds.css")
async def kinds_css() -> Response:
    """The legend's colours from the one style table (web/network.py), as classes: no inline style attributes."""
    rules = [f".kind-{kind.lower()} {{ --c: {style['color']}; }}" for kind, style in network.NODE_STYLES.items()]
    return Response("\n".join(rules) + "\n", media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, q: str = "") -> HTMLResponse:
    """Search; with ?q= the results are on the page, so it works without JavaScript too."""
    results = []
    if q.strip():
        data = await ask(request, SEARCH, q=q.strip()[:200])
        results = [e["node"] for e in data["searchResearchers"]["edges"]]
    graph = request.app.state.graph
    holds = await _holdings(graph)
    prominent = await prominent_researchers(request, (holds["last_load"], str(holds["nodes"])), limit=8)
    return render("home.html", q=q, results=results, prominent=prominent, holds=holds)


HELD = (("Researcher", "researchers"), ("Paper", "works"), ("Topic", "topics"), ("Institution", "institutions"))
LINKS = (("COLLABORATES_WITH", "co-author pairs"), ("AUTHORED", "authorships"), ("CITES", "citations"))


async def _holdings(graph: Any) -> dict[str, Any]:
    """What the graph holds, for the home page: counts by kind and when the last load finished."""
    counts = await graph.counts()
    state = await graph.read("load/get_writer")
    last = state[0]["last_load"] if state else None
    links = counts["relationships"]
    return {
        "nodes": [(word, counts["nodes"].get(label, 0)) for label, word in HELD],
        "links": [(word, links[kind]) for kind, word in LINKS if links.get(kind)],
        "last_load": datetime.fromtimestamp(last / 1000, tz=UTC).strftime("%-d %B %Y, %H:%M UTC") if last else None,
        "loading": bool(state and state[0]["token"]),
    }


@router.get("/researchers/{rid:path}", response_class=HTMLResponse)
async def profile(request: Request, rid: str, after: str | None = None) -> HTMLResponse:
    try:
        data = await ask(request, PROFILE, id=rid, first=WORKS_PER_PAGE, after=after, limit=PROFILE_SLICE_LIMIT)
    except ApiError as e:
        if e.timed_out:
            return too_slow(e)
        # a hand-edited `after` cursor, most likely: say so rather than a bare 500
        return render("not_found.html", status_code=400, message=f"That page of works cannot be shown: {e}")
    person = data["researcher"]
    if person is None:
        return not_found(f"No researcher with the id “{rid}”.")
    graph = network.vis_data(data["neighbourhood"])
    explorer = {"mode": "slice", "focus": rid, "focusName": person["name"], **graph, "options": network.options(),
                "styles": network.styles(), "words": WORDS}
    return render("profile.html", r=person, works=person["papers"], close=data["closeCollaborators"],
                  explorer=explorer, after=after)


@router.get("/papers/{pid:path}", response_class=HTMLResponse)
async def paper(request: Request, pid: str) -> HTMLResponse:
    try:
        data = await ask(request, PAPER, id=pid, first=CITATIONS_SHOWN)
    except ApiError as e:
        if e.timed_out:
            return too_slow(e)
        raise
    p = data["paper"]
    if p is None:
        return not_found(f"No paper with the id “{pid}”.")
    return render("paper.html", p=p)


@router.get("/explore", response_class=HTMLResponse)
async def explore(request: Request, focus: str = "", depth: int = 1, limit: int = 100) -> HTMLResponse:
    """The explorer around `focus`; `depth` and `limit` widen the first slice (kept within the API's limits)."""
    person = (await ask(request, NAME, id=focus))["researcher"] if focus else None
    if focus and person is None:
        return not_found(f"No researcher with the id “{focus}” to explore.")
    depth = max(1, min(depth, MAX_EXPLORE_DEPTH))
    limit = max(1, min(limit, MAX_NEIGHBOURHOOD // depth))
    config = {"mode": "explore", "focus": focus or None, "focusName": person["name"] if person else None,
              "depth": depth, "limit": limit, "options": network.options(), "styles": network.styles(), "words": WORDS}
    return render("explorer.html", person=person, config=config, title=person["name"] if person else "Explorer")


@router.get("/path", response_class=HTMLResponse)
async def path(source: str = Query("", alias="from"), to: str = "", k: int = 3,
               max_hops: int = Query(PATH_MAX_HOPS, alias="maxHops")) -> HTMLResponse:
    config = {"mode": "path", "from": source or None, "to": to or None, "k": max(1, min(k, 10)),
              "maxHops": max(1, min(max_hops, 8)),
              "options": network.options(), "styles": network.styles(), "words": WORDS}
    return render("explorer.html", person=None, config=config, title="Collaboration paths")


class ExportNode(BaseModel):
    id: str = Field(max_length=2000)
    kind: Literal["RESEARCHER", "PAPER", "TOPIC", "INSTITUTION"]
    label: str = Field(max_length=2000)
    weight: float = 1


class ExportEdge(BaseModel):
    source: str = Field(max_length=2000)
    target: str = Field(max_length=2000)
    kind: Literal["COLLABORATES_WITH", "AUTHORED", "ABOUT", "AFFILIATED_WITH", "CITES"]
    weight: float = 1


class ExportSlice(BaseModel):
    """What the explorer draws (its JSON export), to be written as a standalone page."""

    nodes: list[ExportNode] = Field(max_length=MAX_EXPORT_NODES)
    edges: list[ExportEdge] = Field(max_length=MAX_EXPORT_NODES * 20)
    title: str = Field("Collab Explorer graph", max_length=200)


@router.post("/export/graph.html")
async def export_html(graph_slice: ExportSlice) -> Response:
    """The slice as one self-contained HTML file (pyvis, vis-network inline), as a download."""
    known = {n.id for n in graph_slice.nodes}
    edges = [e.model_dump() for e in graph_slice.edges if e.source in known and e.target in known]
    drawn = {"nodes": [n.model_dump() for n in graph_slice.nodes], "edges": edges}
    page = network.standalone_html(drawn, graph_slice.title)
    return Response(page, media_type="text/html; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="collab-graph.html"'})


def too_slow(e: ApiError) -> HTMLResponse:
    """The engine stopped a query at its time limit: say so in words, with a 503 a client may retry."""
    log.warning("page query timed out in %s: %s", ", ".join(e.fields) or "the document", e)
    return render("not_found.html", status_code=503, title="Too slow",
                  message="The database took longer than its time limit to gather this page, so it was stopped. "
                          "Please try again in a moment.")


def not_found(message: str) -> HTMLResponse:
    return render("not_found.html", status_code=404, message=message)
