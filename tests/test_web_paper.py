"""The paper page in headless Chromium: what a person wants to know about a work, linked from every page that names it."""

from __future__ import annotations

from urllib.parse import quote

from tests import web_app
from tests.web_app import ABSTRACT, CENTRE, CITED, CODE_PAPER, Watched, gql, node_point, shot, wait_drawn

browser, web_url, watched = web_app.browser, web_app.web_url, web_app.watched  # the fixtures these tests use, by name

PAPER = """query ($id: ID!) { paper(id: $id) { title year venue kind doi authors { id name } topics { name } } }"""


def paper_path(pid: str) -> str:
    return "/papers/" + quote(pid, safe=":")


def test_the_paper_page_shows_title_authors_in_order_kind_links_abstract_topics_and_code(watched: Watched, web_url: str) -> None:
    page = watched.page
    paper = gql(web_url, PAPER, id=CODE_PAPER)["paper"]
    response = page.goto(paper_path(CODE_PAPER))
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == paper["title"]
    byline = page.locator(".byline a")
    assert byline.all_inner_texts() == [a["name"] for a in paper["authors"]]  # in byline order, each a link
    assert byline.first.get_attribute("href") == "/researchers/" + quote(paper["authors"][0]["id"], safe=":")
    head = page.locator(".paper-head").inner_text()
    assert "conference paper" in head and str(paper["year"]) in head and paper["venue"] in head
    assert "Code available" in head
    assert page.get_by_role("link", name="DOI " + paper["doi"]).get_attribute("href") == "https://doi.org/" + paper["doi"]
    assert page.locator(".abstract").inner_text() == ABSTRACT  # escaped, shown as text
    topics = page.locator("section[aria-labelledby=topics-title] .chip").all_inner_texts()
    assert topics == [t["name"] for t in paper["topics"]] and topics
    assert "doi:" not in page.locator("main").inner_text()  # no internal ids
    # Citations inside the graph, each a link to that paper's page, which lists the citing paper in turn.
    cited = page.locator("section.citations[aria-labelledby=references-title] a")
    assert cited.count() == 1 and cited.get_attribute("href") == paper_path(CITED)
    assert page.locator("section[aria-labelledby=citedBy-title]").count() == 0  # nothing in the graph cites it
    shot(page, "paper")
    cited.click()
    page.wait_for_url("**" + quote(CITED, safe=":"))
    citing = page.locator("section.citations[aria-labelledby=citedBy-title] a")
    assert citing.all_inner_texts() == [paper["title"]]


def test_an_unknown_paper_is_a_404_page(watched: Watched) -> None:
    response = watched.page.goto("/papers/doi:10.0000/nothing")
    assert response is not None and response.status == 404
    assert "No paper with the id" in watched.page.locator("main").inner_text()
    watched.errors.clear()  # Chromium logs the 404 document as a console error


def test_profiles_and_the_explorer_panel_link_to_the_paper_page(watched: Watched, web_url: str) -> None:
    page = watched.page
    title = gql(web_url, PAPER, id=CODE_PAPER)["paper"]["title"]
    page.goto("/researchers/" + quote(CENTRE, safe=":"))
    page.locator("li.work h3 a").first.click()
    page.wait_for_url("**/papers/**")
    assert page.locator("h1").inner_text() == title
    # In the explorer with papers shown, a click on the paper's node offers its page.
    page.goto("/explore?focus=" + quote(CENTRE, safe=":"))
    wait_drawn(page)
    page.get_by_label("Papers", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_function("(id) => explorer.nodes.get(id) !== null", arg=CODE_PAPER)
    wait_drawn(page)
    page.evaluate("(id) => explorer.network.focus(id, {scale: 1.5})", CODE_PAPER)
    point = node_point(page, CODE_PAPER)
    assert point is not None
    page.mouse.click(*point)
    link = page.locator("#details").get_by_role("link", name="Paper page")
    link.wait_for()
    assert link.get_attribute("href") == paper_path(CODE_PAPER)
