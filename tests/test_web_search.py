"""The search page in headless Chromium: suggestions as you type, keyboard choice, results without JavaScript, offline assets."""

from __future__ import annotations

import json
import urllib.request

from tests import web_app
from tests.web_app import Watched

browser, web_url, watched = web_app.browser, web_app.web_url, web_app.watched  # the fixtures these tests use, by name


def test_suggestions_appear_as_you_type_and_the_keyboard_opens_a_profile(watched: Watched) -> None:
    page = watched.page
    page.goto("/")
    box = page.get_by_label("Researcher name")
    box.press_sequentially("cordelia sch", delay=20)
    first = page.locator("#home-search-list a").first
    first.wait_for()
    assert "Cordelia Schmid" in first.inner_text()
    box.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/researchers/**")
    assert page.locator("h1").inner_text() == "Cordelia Schmid"


def test_the_search_form_works_without_javascript(browser, web_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, base_url=web_url)
    page = context.new_page()
    page.goto("/?q=schmid")
    results = page.locator("section[aria-labelledby=results-title]")
    assert results.get_by_role("link", name="Cordelia Schmid").count() == 1
    context.close()


def test_the_home_page_offers_the_most_published_researchers_as_entry_points(watched: Watched) -> None:
    page = watched.page
    page.goto("/")
    entries = page.locator("ul.prominent li")
    assert entries.count() == 8
    counts = [int(t.split(" works")[0]) for t in entries.locator("span.muted").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    entries.first.get_by_role("link", name="explore").click()
    page.wait_for_url("**/explore?focus=**")


def test_every_asset_is_served_by_the_app(web_url: str) -> None:
    for path in ("/vendor/vis-network.min.js", "/vendor/vis-network.css", "/static/explorer.js", "/static/search.js", "/static/site.css"):
        with urllib.request.urlopen(web_url + path) as res:
            assert res.status == 200 and len(res.read()) > 100, path
    try:
        urllib.request.urlopen(web_url + "/vendor/../../pyvis/__init__.py")
    except urllib.error.HTTPError as e:
        assert e.code == 404


def test_the_home_page_says_what_the_graph_holds(watched: Watched, web_url: str) -> None:
    with urllib.request.urlopen(web_url + "/health") as res:
        health = json.loads(res.read())
    page = watched.page
    page.goto("/")
    held = page.locator(".holdings")
    assert held.locator('[data-holds="researchers"] strong').inner_text() == f"{health['nodes']['Researcher']:,}"
    assert held.locator('[data-holds="works"] strong').inner_text() == f"{health['nodes']['Paper']:,}"
    assert f"{health['relationships']['COLLABORATES_WITH']:,} co-author pairs" in held.inner_text()
    assert page.locator('[data-holds="institutions"]').count() == 0  # the demo has none: not shown as 0
    assert "The last load finished" in held.inner_text() or "No finished load is recorded" in held.inner_text()


def test_suggestions_open_right_under_the_input_box(watched: Watched) -> None:
    page = watched.page
    page.goto("/")
    box = page.get_by_label("Researcher name")
    box.press_sequentially("schmid", delay=20)
    listing = page.locator("#home-search-list")
    listing.locator("a").first.wait_for()
    field, under = box.bounding_box(), listing.bounding_box()
    assert field is not None and under is not None
    assert abs(under["x"] - field["x"]) < 2 and 0 <= under["y"] - (field["y"] + field["height"]) < 6


def test_the_legend_takes_its_colours_from_a_stylesheet_not_style_attributes(watched: Watched, web_url: str) -> None:
    from web.network import NODE_STYLES

    page = watched.page
    for path in ("/explore", "/researchers/dblp:Cordelia%20Schmid", "/path", "/"):
        with urllib.request.urlopen(web_url + path) as res:  # as served (scripts set styles later through the CSSOM)
            assert " style=" not in res.read().decode(), path  # a CSP without 'unsafe-inline' styles allows it
    page.goto("/explore")
    for kind, style in NODE_STYLES.items():
        swatch = page.locator(f".legend .kind-{kind.lower()}")
        assert swatch.evaluate("s => getComputedStyle(s).getPropertyValue('--c').trim()") == style["color"]
