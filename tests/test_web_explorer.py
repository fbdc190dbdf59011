"""The full-page explorer in headless Chromium: what it draws, double-click expansion, filters, details, search, export."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tests import web_app
from tests.web_app import (
    CENTRE,
    DOCS,
    FAR,
    Watched,
    drawn,
    gql,
    node_point,
    shot,
    wait_drawn,
)

browser, web_url, watched = web_app.browser, web_app.web_url, web_app.watched  # the fixtures these tests use, by name

SLICE = """query ($id: ID!, $kinds: [NodeKind!], $min: Int, $yearFrom: Int) {
  neighbourhood(id: $id, depth: 1, limit: 100, kinds: $kinds, minJointPapers: $min, yearFrom: $yearFrom) {
    nodes { id kind } edges { source target kind weight } } }"""


def ids(base: str, rid: str, **filters: Any) -> set[str]:
    return {n["id"] for n in gql(base, SLICE, id=rid, **filters)["neighbourhood"]["nodes"]}


def open_explorer(w: Watched, rid: str = CENTRE) -> None:
    w.page.goto("/explore?focus=" + quote(rid, safe=":"))
    wait_drawn(w.page)


@web_app.ON_BOTH_ENGINES
def test_the_explorer_draws_the_focus_neighbourhood_and_stops_physics(watched: Watched, web_url: str) -> None:
    open_explorer(watched)
    g = drawn(watched.page)
    assert {n["id"] for n in g["nodes"]} == ids(web_url, CENTRE)
    assert g["physics"] is False
    assert watched.page.locator("#node-table tbody tr").count() == len(g["nodes"])
    assert watched.page.locator("#graph-empty").is_hidden()
    path = shot(watched.page, "explorer")
    if os.environ.get("COLLAB_UPDATE_SCREENSHOT"):  # the README's picture changes only when asked
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(path, DOCS / "screenshot-explorer.png")


@web_app.ON_BOTH_ENGINES
def test_double_click_on_a_researcher_adds_their_neighbourhood(watched: Watched, web_url: str) -> None:
    page = watched.page
    open_explorer(watched)
    before = {n["id"] for n in drawn(page)["nodes"]}
    # A neighbour whose own neighbourhood brings people not drawn yet, and that a click can hit.
    target, point = next(
        (rid, p) for rid in sorted(before - {CENTRE}) if ids(web_url, rid) - before and (p := node_point(page, rid))
    )
    page.mouse.dblclick(*point)
    page.wait_for_function("(n) => explorer.nodes.length > n", arg=len(before))
    wait_drawn(page)
    after = {n["id"] for n in drawn(page)["nodes"]}
    assert after == before | ids(web_url, target)
    shot(page, "explorer-expanded")


@web_app.ON_BOTH_ENGINES
def test_filters_redraw_kinds_and_minimum_joint_papers(watched: Watched, web_url: str) -> None:
    page = watched.page
    open_explorer(watched)
    page.get_by_label("Papers", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_function("() => explorer.nodes.get().some(n => n.kind === 'PAPER')")
    wait_drawn(page)
    assert {n["id"] for n in drawn(page)["nodes"]} == ids(web_url, CENTRE, kinds=["PAPER"])
    page.get_by_label("Papers", exact=True).uncheck()
    page.get_by_label("Min. joint papers").fill("5")
    page.get_by_role("button", name="Apply filters").click()
    strong = ids(web_url, CENTRE, min=5)
    page.wait_for_function("(n) => explorer.nodes.length === n", arg=len(strong))
    g = drawn(page)
    assert {n["id"] for n in g["nodes"]} == strong and len(strong) < len(ids(web_url, CENTRE))
    assert all(e["weight"] >= 5 for e in g["edges"])
    # A window with no collaborations at all: the page says so instead of a blank canvas.
    page.get_by_label("From year").fill("2030")
    page.get_by_label("Min. joint papers").fill("1")
    page.get_by_role("button", name="Apply filters").click()
    page.locator("#graph-empty").wait_for(state="visible")
    assert "No connections to draw" in page.locator("#graph-empty").inner_text()
    assert page.evaluate("explorer.edges.length") == 0 and ids(web_url, CENTRE, yearFrom=2030) == {CENTRE}


@web_app.ON_BOTH_ENGINES
def test_a_click_shows_details_with_links_and_the_search_box_adds_a_node(watched: Watched, web_url: str) -> None:
    page = watched.page
    open_explorer(watched)
    point = node_point(page, CENTRE)
    assert point is not None
    page.mouse.click(*point)
    panel = page.locator("#details")
    panel.get_by_role("link", name="Profile").wait_for()
    assert "Cordelia Schmid" in panel.inner_text() and "Works" in panel.inner_text()
    # Someone not drawn yet, found by name and added with their neighbourhood.
    outsider = min(ids(web_url, FAR) - {n["id"] for n in drawn(page)["nodes"]})
    name = gql(web_url, "query ($id: ID!) { researcher(id: $id) { name } }", id=outsider)["researcher"]["name"]
    box = page.get_by_label("Researcher name")
    box.fill(name)
    page.locator("#add-search-list a").first.wait_for()
    box.press("Enter")
    page.wait_for_function("(id) => explorer.nodes.get(id) !== null", arg=outsider)


def test_export_json_graphml_and_png(watched: Watched, web_url: str) -> None:
    page = watched.page
    open_explorer(watched)
    count = page.evaluate("explorer.nodes.length")
    with page.expect_download() as d:
        page.get_by_role("button", name="JSON").click()
    data = json.loads(Path(d.value.path()).read_text())
    assert len(data["nodes"]) == count and {"source", "target", "kind", "weight"} <= set(data["edges"][0])
    with page.expect_download() as d:
        page.get_by_role("button", name="GraphML").click()
    root = ET.parse(d.value.path()).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall("g:graph/g:node", ns)) == count
    assert len(root.findall("g:graph/g:edge", ns)) == len(data["edges"])
    with page.expect_download() as d:
        page.get_by_role("button", name="PNG").click()
    assert Path(d.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_controls_work_from_the_keyboard(watched: Watched, web_url: str) -> None:
    page = watched.page
    open_explorer(watched)
    page.get_by_label("Min. joint papers").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    page.keyboard.press("Tab")  # to "Apply filters"
    page.keyboard.press("Enter")
    page.wait_for_function("(n) => explorer.nodes.length === n", arg=len(ids(web_url, CENTRE, min=5)))


WORKS = "query ($id: ID!) { researcher(id: $id) { worksCount } }"
SIZES = """() => Object.fromEntries(explorer.nodes.get().map(n =>
    [n.id, {value: n.value, size: explorer.network.body.nodes[n.id].options.size}]))"""


def test_node_size_switches_between_degree_and_works_from_the_keyboard(watched: Watched, web_url: str) -> None:
    page = watched.page
    open_explorer(watched)
    g = drawn(page)
    degree = {n["id"]: 0 for n in g["nodes"]}
    for e in g["edges"]:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    by_degree = page.evaluate(SIZES)
    assert {i: s["value"] for i, s in by_degree.items()} == degree
    assert page.locator("#legend-size").inner_text() == "Size: connections in this drawing"
    # Tab into the radio group and move with the arrow keys, as a keyboard user does.
    page.get_by_label("Connections in this drawing").focus()
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Works (researchers), citations (papers)").is_checked()
    page.wait_for_function("() => explorer.state.sized === 'works'")
    by_works = page.evaluate(SIZES)
    works = {i: gql(web_url, WORKS, id=i)["researcher"]["worksCount"] for i in degree}  # the explorer draws researchers
    assert {i: s["value"] for i, s in by_works.items()} == works
    changed = [i for i in degree if by_works[i]["size"] != by_degree[i]["size"]]
    assert changed, "switching to works left every drawn size as it was"
    assert page.locator("#legend-size").inner_text() == "Size: works (researchers), citations (papers)"
    shot(page, "explorer-size-by-works")
    page.keyboard.press("ArrowUp")
    page.wait_for_function("() => explorer.state.sized === 'degree'")
    assert page.evaluate(SIZES) == by_degree


LABELS = """() => explorer.nodes.get().filter(n => !explorer.state.labelsHidden.has(n.id)).map(n => {
    const s = explorer.network.body.nodes[n.id].labelModule.size, scale = explorer.network.getScale();
    return {id: n.id, px: Math.round(explorer.labelPixels(n.id) * 100) / 100, box: [s.left, s.top, s.left + s.width, s.top + s.height].map(v => v * scale)};
})"""


def wait_labelled(page: Any) -> None:
    page.wait_for_function("() => explorer.state.labelled")


def overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
            if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
                out.append((a["id"], b["id"]))
    return out


def test_labels_are_at_least_12_pixels_at_the_fitted_zoom_and_never_overlap(watched: Watched) -> None:
    page = watched.page
    open_explorer(watched)
    wait_labelled(page)
    labels = page.evaluate(LABELS)
    total = page.evaluate("() => explorer.nodes.length")
    assert page.evaluate("() => explorer.network.getScale()") < 1  # fitted: the drawing is shrunk to the canvas
    assert min(label["px"] for label in labels) >= 12
    assert CENTRE in {label["id"] for label in labels}, "the focus keeps its label"
    assert len(labels) >= total // 2, f"only {len(labels)} of {total} labels shown"
    assert overlapping(labels) == []
    # Zoomed out with the page's own button: labels keep their size on screen; fewer fit, none overlap.
    page.get_by_role("button", name="Zoom out").click()
    page.wait_for_function("() => explorer.state.labelled")
    page.wait_for_timeout(400)  # the zoom animates; the labels are sized again when it ends
    wait_labelled(page)
    zoomed = page.evaluate(LABELS)
    assert min(label["px"] for label in zoomed) >= 12 and overlapping(zoomed) == []


def test_the_focus_is_ringed_and_the_zoom_buttons_are_the_pages_own(watched: Watched) -> None:
    page = watched.page
    open_explorer(watched)
    ring = page.evaluate("(id) => explorer.nodes.get(id)", CENTRE)
    assert ring["borderWidth"] == 5 and ring["color"]["border"] == "#1d2733"
    others = page.evaluate("(id) => explorer.nodes.get().filter(n => n.id !== id && n.borderWidth !== 1).length", CENTRE)
    assert others == 0
    assert page.locator(".vis-navigation").count() == 0  # vis-network's own buttons are off
    scale = page.evaluate("() => explorer.network.getScale()")
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_function("(s) => explorer.network.getScale() > s * 1.3", arg=scale)


POSITIONS = "() => explorer.network.getPositions()"


def test_expanding_keeps_every_position_and_places_new_nodes_beside_the_one_expanded(watched: Watched, web_url: str) -> None:
    page = watched.page
    open_explorer(watched)
    before = page.evaluate(POSITIONS)
    centre = before[CENTRE]

    def away(rid: str) -> float:  # from the focus: "beside the one expanded" means something out there
        return float(((before[rid]["x"] - centre["x"]) ** 2 + (before[rid]["y"] - centre["y"]) ** 2) ** 0.5)

    target, point = next(
        (rid, p) for rid in sorted(set(before) - {CENTRE}, key=away, reverse=True)
        if ids(web_url, rid) - set(before) and (p := node_point(page, rid))
    )
    page.mouse.dblclick(*point)
    page.wait_for_function("(n) => explorer.nodes.length > n", arg=len(before))
    fresh = set(page.evaluate("() => [...explorer.state.fresh]"))
    assert fresh == ids(web_url, target) - set(before), "the new nodes are marked as new"
    marked = page.evaluate("(ids) => ids.map(id => explorer.nodes.get(id).color.border)", sorted(fresh))
    assert set(marked) == {"#0aa3a3"}
    wait_drawn(page)
    after = page.evaluate(POSITIONS)
    moved = {i: (before[i], after[i]) for i in before if abs(before[i]["x"] - after[i]["x"]) > 0.5 or abs(before[i]["y"] - after[i]["y"]) > 0.5}
    assert moved == {}
    anchor = after[target]

    def dist(p: dict[str, float], q: dict[str, float]) -> float:
        return float(((p["x"] - q["x"]) ** 2 + (p["y"] - q["y"]) ** 2) ** 0.5)

    # Beside the expanded node: each new node nearer to it than to the focus on the other side of the drawing.
    near = [i for i in fresh if dist(after[i], anchor) < dist(after[i], after[CENTRE])]
    assert len(near) >= 0.8 * len(fresh), f"{len(near)} of {len(fresh)} new nodes beside {target}"
    shot(page, "explorer-expanded-fresh")
    page.wait_for_function("() => explorer.state.fresh.size === 0")  # the mark lasts a moment
    assert page.evaluate("(id) => explorer.nodes.get(id).borderWidth", min(fresh)) == 1


def test_a_double_click_builds_the_details_panel_once_and_a_later_click_wins(watched: Watched) -> None:
    page = watched.page
    open_explorer(watched)
    point = node_point(page, CENTRE)
    assert point is not None
    page.mouse.dblclick(*point)  # two clicks and a double-click: three answers on their way
    panel = page.locator("#details")
    panel.get_by_role("link", name="Profile").wait_for()
    page.wait_for_function("() => explorer.state.settled")
    page.wait_for_load_state("networkidle")
    assert panel.locator("h2").count() == 1 and panel.locator("dl").count() == 1
    assert panel.get_by_role("button", name="Expand neighbourhood").count() == 1
    # Two nodes clicked one after the other: only the second one's details are shown, whatever answers first.
    other = page.evaluate("(id) => explorer.nodes.getIds().find(i => i !== id)", CENTRE)
    name = page.evaluate("(id) => explorer.nodes.get(id).fullLabel", other)
    page.evaluate("([a, b]) => { explorer.network.emit('click', {nodes: [a], edges: []}); explorer.network.emit('click', {nodes: [b], edges: []}); }",
                  [CENTRE, other])
    page.wait_for_function("(id) => explorer.state.panelFor === id", arg=other)
    page.wait_for_load_state("networkidle")
    assert panel.locator("h2").all_inner_texts() == [name]


PHONE = {"width": 390, "height": 844}


def test_on_a_390_pixel_phone_the_canvas_takes_the_width_and_the_controls_are_a_drawer(watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size(PHONE)
    open_explorer(watched)
    canvas = page.locator("#graph canvas").bounding_box()
    assert canvas is not None and canvas["width"] >= 340 and canvas["height"] >= 300
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]  # nothing sticks out sideways
    assert page.locator("#filters").is_hidden()
    toggle = page.get_by_role("button", name="Controls", exact=True)
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.get_by_role("button", name="Apply filters").wait_for()
    box = page.locator("#controls").bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    shot(page, "explorer-phone-drawer")
    page.get_by_role("button", name="Close controls").click()
    assert page.locator("#filters").is_hidden()
    wait_labelled(page)
    assert min(label["px"] for label in page.evaluate(LABELS)) >= 12
    shot(page, "explorer-phone")


def test_export_as_a_standalone_html_page_that_opens_offline(watched: Watched, browser: Any, tmp_path: Path) -> None:
    page = watched.page
    open_explorer(watched)
    graph = page.evaluate("() => explorer.plainGraph()")
    with page.expect_download() as d:
        page.get_by_role("button", name="HTML page").click()
    assert d.value.suggested_filename == "collab-graph.html"
    saved = tmp_path / d.value.suggested_filename  # the browser opens a file from disk by its extension
    d.value.save_as(saved)
    html = saved.read_text()
    assert "vis.DataSet" in html and re.findall(r"""(?:src|href)\s*=\s*["']?https?:""", html) == []
    # Opened from disk in a fresh browser: it asks nothing of any server and draws every node and edge.
    context = browser.new_context()
    offline = context.new_page()
    asked: list[str] = []
    offline.on("request", lambda r: asked.append(r.url))
    offline.goto(saved.as_uri())
    offline.wait_for_function("() => window.network && network.body.data.nodes.length > 0")
    drawn_there = offline.evaluate("() => [network.body.data.nodes.length, network.body.data.edges.length]")
    context.close()
    assert drawn_there == [len(graph["nodes"]), len(graph["edges"])]
    assert [u for u in asked if not u.startswith(("file:", "data:"))] == []


def test_every_page_fits_a_390_pixel_phone_without_sideways_scrolling(watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size(PHONE)
    for path in ("/", "/researchers/" + quote(CENTRE, safe=":"), "/papers/doi:10.1109%2Fcvpr.2015.7298720",
                 f"/path?from={quote(CENTRE)}&to={quote(FAR)}&k=3", "/?q=schmid"):
        page.goto(path)
        if page.evaluate("() => !!window.explorer"):
            wait_drawn(page)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], path
        shot(page, "phone-" + (path.strip("/").split("/")[0].split("?")[0] or "home"))
