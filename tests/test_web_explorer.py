"""The full-page explorer in headless Chromium: what it draws, double-click expansion, filters, details, search, export."""

from __future__ import annotations

import json
import os
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
