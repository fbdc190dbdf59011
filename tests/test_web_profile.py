"""The profile page in headless Chromium: counts, reported figures, the graph slice, works with paging, 404s."""

from __future__ import annotations

from urllib.parse import quote

from tests import web_app
from tests.web_app import (
    ABSTRACT,
    CENTRE,
    CODE_PAPER,
    Watched,
    drawn,
    gql,
    shot,
    wait_drawn,
)

browser, web_url, watched = web_app.browser, web_app.web_url, web_app.watched  # the fixtures these tests use, by name
pytestmark = web_app.ON_BOTH_ENGINES  # every profile test also against the app on Neo4j

FACTS = """query ($id: ID!) {
  researcher(id: $id) { name worksCount coauthorCount topics { count } papers(first: 100) { edges { node { id } } } }
  neighbourhood(id: $id, depth: 1, limit: 60, kinds: [PAPER, TOPIC, INSTITUTION]) { nodes { id } edges { source } }
}"""


def profile_path(rid: str) -> str:
    return "/researchers/" + quote(rid, safe=":")


def test_the_profile_shows_the_quick_read_counts_reported_figures_and_the_graph_slice(watched: Watched, web_url: str) -> None:
    page = watched.page
    facts = gql(web_url, FACTS, id=CENTRE)
    person = facts["researcher"]
    page.goto(profile_path(CENTRE))
    assert page.locator("h1").inner_text() == person["name"]
    counts = {k: page.locator(f'[data-count="{k}"] strong').inner_text() for k in ("works", "topics", "collaborators")}
    assert counts == {"works": str(person["worksCount"]), "topics": str(len(person["topics"])),
                      "collaborators": str(person["coauthorCount"])}
    figures = page.locator(".figures").inner_text()
    assert "h index" in figures and "45" in figures and "7,698" in figures
    wait_drawn(page)
    slice_ = drawn(page)
    assert {n["id"] for n in slice_["nodes"]} == {n["id"] for n in facts["neighbourhood"]["nodes"]}
    assert len(slice_["edges"]) == len(facts["neighbourhood"]["edges"])
    assert {n["kind"] for n in slice_["nodes"]} >= {"RESEARCHER", "PAPER", "TOPIC"}
    assert slice_["physics"] is False, "physics keeps running after the layout settled"
    assert page.locator("#node-table tbody tr").count() == len(slice_["nodes"])
    assert page.get_by_role("link", name="Open full explorer").get_attribute("href") == "/explore?focus=" + quote(CENTRE, safe=":")
    shot(page, "profile")


def test_works_are_listed_newest_first_with_authors_abstract_and_code_flag_and_paged(watched: Watched, web_url: str) -> None:
    page = watched.page
    all_ids = [e["node"]["id"] for e in gql(web_url, FACTS, id=CENTRE)["researcher"]["papers"]["edges"]]
    page.goto(profile_path(CENTRE))
    works = page.locator("li.work")
    assert works.count() == 20
    first = works.first
    assert "Code" in first.locator(".chip.code").inner_text()
    assert "conference paper" in first.inner_text() and "CVPR" in first.inner_text()  # the kind as people say it
    details = first.locator("details")
    assert not details.locator("p").is_visible()
    details.locator("summary").click()
    assert details.locator("p").inner_text() == ABSTRACT  # escaped, shown as text
    # Co-authors link to their own pages; the researcher herself is not a link.
    author = first.locator(".authors a").first
    name = author.inner_text()
    author.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name
    # Paging through every work reaches each exactly once.
    page.goto(profile_path(CENTRE))
    seen = []
    while True:
        seen += page.locator("li.work h3").all_inner_texts()
        next_link = page.get_by_role("link", name="Next page")
        if not next_link.count():
            break
        next_link.click()
        page.wait_for_load_state()
    assert len(seen) == len(all_ids)
    assert CODE_PAPER in all_ids


def test_an_unknown_researcher_is_a_404_page_with_a_search_box(watched: Watched, web_url: str) -> None:
    page = watched.page
    response = page.goto("/researchers/dblp:Nobody%20At%20All")
    assert response is not None and response.status == 404
    assert "Nobody At All" in page.locator("main").inner_text()
    box = page.get_by_label("Search researchers instead")
    box.fill("schmid")
    page.locator("#nf-search-list a").first.wait_for()
    assert "Cordelia Schmid" in page.locator("#nf-search-list").inner_text()
    response = page.goto("/explore?focus=dblp:Nobody")
    assert response is not None and response.status == 404
    # Chromium logs each 404 document as a console error; those two are the point of this test.
    assert watched.errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"] * 2
    watched.errors.clear()


CLOSE = """query ($id: ID!) { closeCollaborators(id: $id, first: 5) { researcher { name } jointPapers score } }"""
SPARSE = """query ($q: String!) { searchResearchers(query: $q, first: 100) { edges { node { id name worksCount } } } }"""


def test_the_profile_speaks_in_words_not_ids_codes_or_entry_types(watched: Watched, web_url: str) -> None:
    page = watched.page
    page.goto(profile_path(CENTRE))
    main = page.locator("main").inner_text()
    assert "dblp:" not in main and "doi:" not in main  # no internal ids
    assert "inproceedings" not in main and "conference paper" in main
    assert page.locator('[data-count="collaborators"]').inner_text().endswith("co-authors")
    ids = page.locator("section.identifiers a")
    assert ids.all_inner_texts() == ["DBLP"]
    assert ids.first.get_attribute("href") == "https://dblp.org/search/author?q=Cordelia+Schmid"
    # The closest collaborators: the API's ranking, in its order, with the score and its reasons on hover.
    close = gql(web_url, CLOSE, id=CENTRE)["closeCollaborators"]
    rows = page.locator("ol.closest li")
    assert rows.locator("a").all_inner_texts() == [c["researcher"]["name"] for c in close]
    first = rows.first
    assert f"score {close[0]['score']:.2f}" in first.inner_text()
    assert first.get_attribute("title").startswith(f"Score {close[0]['score']:.2f}: {close[0]['jointPapers']} joint paper")
    assert "topic overlap" in first.get_attribute("title")
    # Reported figures sit beside the computed counts, with a line saying which is which.
    assert "counted in this graph" in page.locator(".quick-read").inner_text()
    assert "reported" in page.locator(".quick-read").inner_text()


def test_sections_with_nothing_to_show_are_left_out(watched: Watched, web_url: str) -> None:
    page = watched.page
    people = [e["node"] for e in gql(web_url, SPARSE, q="a")["searchResearchers"]["edges"]]
    person = next(p for p in people if p["worksCount"] == 1)  # a BibTeX-only person with one paper
    page.goto(profile_path(person["id"]))
    main = page.locator("main").inner_text()
    assert "none recorded" not in main and "No profile source" not in main
    assert page.locator(".figures").count() == 0 and "Affiliations" not in main
    assert page.locator("li.work").count() == 1


def test_the_profile_graph_slice_is_labelled_at_a_readable_size(watched: Watched) -> None:
    page = watched.page
    page.goto(profile_path(CENTRE))
    wait_drawn(page)
    page.wait_for_function("() => explorer.state.labelled")
    shown = page.evaluate("() => explorer.nodes.getIds().filter(id => !explorer.state.labelsHidden.has(id)).map(id => Math.round(explorer.labelPixels(id) * 100) / 100)")
    assert len(shown) >= 10 and min(shown) >= 12
    assert page.evaluate("(id) => explorer.labelPixels(id) >= 11.99 && !explorer.state.labelsHidden.has(id)", CENTRE)
