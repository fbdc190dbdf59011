"""researcher and paper over HTTP: fields, nested lists, paging, not found, and one query per kind of nested list."""

from __future__ import annotations

import pytest

from tests import api_community
from tests.api_community import (
    COMMUNITY,
    Api,
    GraphQL,
    QueryLog,
    R,
    paper_id,
    paper_title,
)

api, client = api_community.api, api_community.client  # the fixtures these tests use, by name

pytestmark = pytest.mark.anyio

AYHAN = R[0]

RESEARCHER = """
query ($id: ID!, $first: Int, $after: String) {
  researcher(id: $id) {
    id name aliases orcid worksCount firstYear lastYear coauthorCount
    reported { name value }
    topics { topic { id name scheme } count }
    institutions { id name country }
    papers(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id title year } }
    }
  }
}
"""


async def test_a_researcher_has_its_fields_and_nested_lists(client: GraphQL) -> None:
    r = (await client(RESEARCHER, id=AYHAN, first=100))["researcher"]
    c = COMMUNITY
    assert (r["id"], r["name"], r["aliases"], r["orcid"]) == (AYHAN, "Gül Ayhan", ["G. Ayhan"], "0000-0001-0000-0001")
    assert r["worksCount"] == len(c.papers_of(AYHAN))
    assert (r["firstYear"], r["lastYear"]) == (2005, 2015)
    assert r["coauthorCount"] == len(c.coauthors(AYHAN))
    assert {f["name"]: f["value"] for f in r["reported"]} == {"h_index": 21, "citations": 4321}
    counts = {t["topic"]["id"]: t["count"] for t in r["topics"]}
    expected = {t: sum(t in c.topics[p] for p in c.papers_of(AYHAN)) for t in c.topic_set(AYHAN)}
    assert counts == expected
    assert [t["count"] for t in r["topics"]] == sorted(counts.values(), reverse=True)
    assert [i["id"] for i in r["institutions"]] == ["inst:north"]
    assert [e["node"]["id"] for e in r["papers"]["edges"]] == c.newest_first(c.papers_of(AYHAN))
    assert r["papers"]["totalCount"] == len(c.papers_of(AYHAN))


PAPER = """
query ($id: ID!) {
  paper(id: $id) {
    id title year date kind venue doi arxivId abstract hasCode citedByCount
    authors { id name }
    topics { id name scheme }
  }
}
"""


async def test_a_paper_has_its_fields_authors_in_byline_order_and_topics(client: GraphQL) -> None:
    p = (await client(PAPER, id=paper_id(28)))["paper"]
    assert (p["id"], p["title"], p["year"], p["date"]) == (paper_id(28), paper_title(28), 2013, "2013-02-15")
    assert (p["kind"], p["venue"], p["doi"], p["arxivId"]) == ("article", "Journal of Fixtures", "10.5555/fixture.28", None)
    assert (p["abstract"], p["hasCode"], p["citedByCount"]) == ("What study 28 found.", None, 84)
    assert [a["id"] for a in p["authors"]] == COMMUNITY.authors[paper_id(28)]
    assert [t["id"] for t in p["topics"]] == ["keyword:cv"]
    both = (await client(PAPER, id=paper_id(1)))["paper"]
    assert [t["id"] for t in both["topics"]] == ["keyword:cv", "keyword:ml"]  # highest ABOUT score first
    assert both["hasCode"] is None and (await client(PAPER, id=paper_id(30)))["paper"]["hasCode"] is True


async def test_an_unknown_id_is_null_not_an_error(client: GraphQL) -> None:
    assert (await client(RESEARCHER, id="name:nobody"))["researcher"] is None
    assert (await client(PAPER, id="doi:10.0/none"))["paper"] is None


async def test_papers_page_newest_first_through_cursors(client: GraphQL) -> None:
    expected = COMMUNITY.newest_first(COMMUNITY.papers_of(AYHAN))
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        conn = (await client(RESEARCHER, id=AYHAN, first=3, after=after))["researcher"]["papers"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        assert conn["pageInfo"]["hasPreviousPage"] is (pages > 0)
        assert conn["pageInfo"]["endCursor"] == conn["edges"][-1]["cursor"]
        assert conn["totalCount"] == len(expected)
        pages += 1
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == expected
    assert pages == -(-len(expected) // 3)


async def test_an_empty_page_has_no_cursors(client: GraphQL) -> None:
    conn = (await client(RESEARCHER, id=AYHAN, first=0))["researcher"]["papers"]
    assert conn["edges"] == [] and conn["pageInfo"]["startCursor"] is None and conn["pageInfo"]["hasNextPage"]


async def test_a_forged_cursor_is_a_bad_argument(client: GraphQL) -> None:
    errors = await client.errors(RESEARCHER, id=AYHAN, first=3, after="not-a-cursor")
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "`after` is not a cursor" in errors[0]["message"]


async def test_a_page_over_100_is_over_the_limit(client: GraphQL) -> None:
    errors = await client.errors(RESEARCHER, id=AYHAN, first=101)
    assert errors[0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert "at most 100" in errors[0]["message"]
    errors = await client.errors(RESEARCHER, id=AYHAN, first=-1)
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_nested_lists_cost_one_query_per_kind_not_per_parent(client: GraphQL, api: Api) -> None:
    query = """
    query ($id: ID!) {
      researcher(id: $id) {
        papers(first: 20) { edges { node { id authors { id coauthorCount topics { count } institutions { id } } topics { id } } } }
      }
    }
    """
    with QueryLog(api.app) as log:
        data = await client(query, id=AYHAN)
    papers = data["researcher"]["papers"]["edges"]
    assert len(papers) == len(COMMUNITY.papers_of(AYHAN)) > 1
    assert sorted(log.names) == sorted([
        "researcher/list_researchers", "researcher/list_papers", "paper/list_authors", "paper/list_topics",
        "researcher/count_coauthors", "researcher/list_topics", "researcher/list_institutions",
    ])


CITATIONS_OF = """
query ($id: ID!, $first: Int, $after: String) {
  paper(id: $id) {
    links { name url }
    citedBy(first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } }
    references(first: $first) { totalCount edges { node { id year } } }
  }
}
"""


async def test_a_paper_lists_the_papers_citing_it_and_those_it_cites_inside_the_graph(client: GraphQL) -> None:
    # The fixture's CITES edges: 1 -> 2, 1 -> 3, 24 -> 21, 36 -> 35.
    one = (await client(CITATIONS_OF, id=paper_id(1), first=1))["paper"]
    assert one["citedBy"]["totalCount"] == 0 and one["citedBy"]["edges"] == []
    cited = one["references"]
    assert (cited["totalCount"], [e["node"]["id"] for e in cited["edges"]]) == (2, [paper_id(2)])  # 2 (2014) is newer than 3 (2013)
    rest = (await client(CITATIONS_OF, id=paper_id(1), first=5))["paper"]["references"]
    assert [e["node"]["id"] for e in rest["edges"]] == [paper_id(2), paper_id(3)]
    two = (await client(CITATIONS_OF, id=paper_id(2), first=5))["paper"]
    assert [e["node"]["id"] for e in two["citedBy"]["edges"]] == [paper_id(1)] and two["references"]["totalCount"] == 0


async def test_a_paper_links_to_its_doi_and_arxiv_pages(client: GraphQL) -> None:
    assert (await client(CITATIONS_OF, id=paper_id(30)))["paper"]["links"] == [
        {"name": "DOI", "url": "https://doi.org/10.5555/fixture.30"},
        {"name": "arXiv", "url": "https://arxiv.org/abs/1501.00030"},
    ]
