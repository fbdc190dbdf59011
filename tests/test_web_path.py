"""Path mode in headless Chromium: the shareable /path page and the explorer's path form draw the k shortest paths,
each numbered and coloured with its own legend entry, start and end marked, and say so when there is no path."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tests import web_app
from tests.web_app import CENTRE, FAR, Watched, drawn, gql, shot, wait_drawn
from web.network import PATH_COLORS

browser, web_url, watched = web_app.browser, web_app.web_url, web_app.watched  # the fixtures these tests use, by name

PATHS = """query ($from: ID!, $to: ID!, $k: Int, $maxHops: Int) {
  collaborationPaths(from: $from, to: $to, k: $k, maxHops: $maxHops) {
    length researchers { id name } hops { from { id } to { id } jointPapers papers { id } } } }"""


def hops(n: int) -> str:
    return f"{n} hop" if n == 1 else f"{n} hops"


def pair(hop: dict[str, Any]) -> tuple[str, str]:
    a, b = sorted((hop["from"]["id"], hop["to"]["id"]))
    return a, b


def coloured_pairs(page: Any) -> dict[str, set[tuple[str, str]]]:
    """The drawn path edges by colour, as the pairs of researchers they join."""
    out: dict[str, set[tuple[str, str]]] = {}
    for e in drawn(page)["edges"]:
        if e["color"] in PATH_COLORS:
            out.setdefault(e["color"], set()).add(tuple(sorted((e["from"], e["to"]))))
    return out


def test_the_path_page_numbers_and_colours_each_path_with_a_legend_and_marks_both_ends(watched: Watched, web_url: str) -> None:
    page = watched.page
    paths = gql(web_url, PATHS, **{"from": CENTRE, "to": FAR, "k": 3})["collaborationPaths"]
    assert len(paths) == 3
    page.goto(f"/path?from={quote(CENTRE)}&to={quote(FAR)}&k=3")
    wait_drawn(page)
    # Path i is drawn whole in colour i, even where it shares a hop with an earlier path.
    assert coloured_pairs(page) == {PATH_COLORS[i]: {pair(h) for h in p["hops"]} for i, p in enumerate(paths)}
    assert {n["id"] for n in drawn(page)["nodes"]} == {r["id"] for p in paths for r in p["researchers"]}
    legend = page.locator("#path-legend li")
    assert legend.count() == 3
    for i, p in enumerate(paths):
        entry = legend.nth(i)
        assert entry.inner_text().startswith(f"Path {i + 1}: {hops(p['length'])}")
        swatch = entry.locator(".path-swatch").evaluate("s => getComputedStyle(s).backgroundColor")
        red, green, blue = (int(PATH_COLORS[i][j:j + 2], 16) for j in (1, 3, 5))
        assert swatch == f"rgb({red}, {green}, {blue})"
    ends = page.evaluate("() => explorer.state.ends")
    assert ends == {"from": CENTRE, "to": FAR}
    labels = page.evaluate("(ids) => ids.map(id => explorer.nodes.get(id).label)", [CENTRE, FAR])
    assert labels == ["Start · Cordelia Schmid", "End · Andrew Zisserman"]
    # The panel: one numbered section per path, every joint paper a link to its page.
    panel = page.locator("#details")
    assert panel.locator("section.path h3").all_inner_texts() == [f"Path {i + 1}: {hops(p['length'])}" for i, p in enumerate(paths)]
    links = panel.locator("ul.papers a")
    assert links.count() == sum(len(h["papers"]) for p in paths for h in p["hops"])
    assert all(href.startswith("/papers/") for href in links.evaluate_all("as => as.map(a => a.getAttribute('href'))"))
    # The shared page has no filter panel, only the path form.
    assert page.locator("#filters").count() == 0 and page.locator("#add-search").count() == 0
    assert page.get_by_label("From", exact=True).input_value() == "Cordelia Schmid"
    shot(page, "path")


RING = """query ($id: ID!, $depth: Int) { neighbourhood(id: $id, depth: $depth, limit: 300) { nodes { id } } }"""
NAME = "query ($id: ID!) { researcher(id: $id) { name } }"


def test_two_researchers_not_connected_within_max_hops_get_an_honest_message(watched: Watched, web_url: str) -> None:
    page = watched.page
    # Someone two hops from the centre: connected, but not within one hop.
    near = {n["id"] for n in gql(web_url, RING, id=CENTRE, depth=1)["neighbourhood"]["nodes"]}
    far = min({n["id"] for n in gql(web_url, RING, id=CENTRE, depth=2)["neighbourhood"]["nodes"]} - near)
    assert gql(web_url, PATHS, **{"from": CENTRE, "to": far, "k": 1, "maxHops": 1})["collaborationPaths"] == []
    name = gql(web_url, NAME, id=far)["researcher"]["name"]
    page.goto(f"/path?from={quote(CENTRE)}&to={quote(far)}&maxHops=1")
    wait_drawn(page)
    message = f"Cordelia Schmid and {name} are not connected within 1 hop."
    assert page.locator("#graph-status").inner_text() == message
    assert page.locator("#details .no-path").inner_text() == message
    assert "Choose" not in page.locator("main").inner_text()
    # Both ends are still drawn and marked, with nothing between them.
    assert {n["id"] for n in drawn(page)["nodes"]} == {CENTRE, far} and drawn(page)["edges"] == []
    assert page.locator("#path-legend").is_hidden()
    shot(page, "path-unconnected")


def test_path_mode_in_the_explorer_starts_from_the_focus_and_picks_the_end_by_name(watched: Watched, web_url: str) -> None:
    page = watched.page
    page.goto("/explore?focus=" + quote(CENTRE, safe=":"))
    wait_drawn(page)
    assert page.get_by_label("From", exact=True).input_value() == "Cordelia Schmid"  # the focus, pre-filled
    box = page.get_by_label("To", exact=True)
    box.fill("Andrew Zisserman")
    page.locator(f"#{box.get_attribute('aria-controls')} a").first.wait_for()
    box.press("Enter")
    page.get_by_label("Paths (k)").fill("2")
    page.get_by_role("button", name="Show paths").click()
    page.locator("#details section.path").first.wait_for()
    paths = gql(web_url, PATHS, **{"from": CENTRE, "to": FAR, "k": 2})["collaborationPaths"]
    coloured = coloured_pairs(page)
    assert {c: coloured[c] for c in PATH_COLORS[:2]} == {PATH_COLORS[i]: {pair(h) for h in p["hops"]} for i, p in enumerate(paths)}
    assert page.locator("#path-legend li").count() == 2
    assert page.get_by_role("link", name="Link to these paths").get_attribute("href").startswith("/path?from=")
