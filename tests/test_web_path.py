"""Path mode in headless Chromium: the shareable /path page and the explorer's path form highlight the k shortest paths."""

from __future__ import annotations

from urllib.parse import quote

from tests import web_app
from tests.web_app import CENTRE, FAR, Watched, drawn, gql, shot, wait_drawn
from web.network import HIGHLIGHT

browser, web_url, watched = web_app.browser, web_app.web_url, web_app.watched  # the fixtures these tests use, by name

PATHS = """query ($from: ID!, $to: ID!, $k: Int) {
  collaborationPaths(from: $from, to: $to, k: $k) { length researchers { id name } hops { from { id } to { id } jointPapers } } }"""


def hop_edges(paths: list[dict]) -> set[str]:
    """The vis edge ids of every hop: COLLABORATES_WITH runs from the smaller id to the larger."""
    return {"|".join([*sorted((h["from"]["id"], h["to"]["id"])), "COLLABORATES_WITH"]) for p in paths for h in p["hops"]}


def highlighted(page) -> set[str]:  # type: ignore[no-untyped-def]
    return {e["id"] for e in drawn(page)["edges"] if e["color"] == HIGHLIGHT}


def test_the_path_page_highlights_the_k_shortest_paths_with_joint_papers(watched: Watched, web_url: str) -> None:
    page = watched.page
    paths = gql(web_url, PATHS, **{"from": CENTRE, "to": FAR, "k": 3})["collaborationPaths"]
    assert len(paths) == 3
    page.goto(f"/path?from={quote(CENTRE)}&to={quote(FAR)}&k=3")
    wait_drawn(page)
    assert highlighted(page) == hop_edges(paths)
    assert {n["id"] for n in drawn(page)["nodes"]} == {r["id"] for p in paths for r in p["researchers"]}
    panel = page.locator("#details")
    assert panel.locator("section.path").count() == 3
    assert "joint paper(s)" in panel.inner_text()
    assert page.get_by_label("From", exact=True).input_value() == "Cordelia Schmid"
    shot(page, "path")


def test_path_mode_in_the_explorer_picks_two_researchers_by_name(watched: Watched, web_url: str) -> None:
    page = watched.page
    page.goto("/explore?focus=" + quote(CENTRE, safe=":"))
    wait_drawn(page)
    for label, name in (("From", "Cordelia Schmid"), ("To", "Andrew Zisserman")):
        box = page.get_by_label(label, exact=True)
        box.fill(name)
        page.locator(f"#{box.get_attribute('aria-controls')} a").first.wait_for()
        box.press("Enter")
    page.get_by_label("Paths (k)").fill("2")
    page.get_by_role("button", name="Show paths").click()
    page.locator("#details section.path").first.wait_for()
    paths = gql(web_url, PATHS, **{"from": CENTRE, "to": FAR, "k": 2})["collaborationPaths"]
    assert highlighted(page) == hop_edges(paths)
    assert page.get_by_role("link", name="Link to these paths").get_attribute("href").startswith("/path?from=")
