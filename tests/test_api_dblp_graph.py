"""The API on a graph loaded from DBLP's BibTeX, which gives no topics and no citations: search ranks a whole-word
match on every typed word first and counts its matches, collaborator reasons say a topic overlap is unknown
rather than 0, and a paper links to where it can be read. Both engines, through the real loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.api.dataloaders import Loaders
from app.api.schema import schema
from app.graph import Graph
from loaders.load import load

pytestmark = pytest.mark.anyio

# Names as on the CV/ML graph, where "yann le" once suggested Yannick Le Nir (1 work) above Yann LeCun (66).
BIB = """
@inproceedings{DBLP:conf/cvpr/LeCunHB04,
  author = {Yann LeCun and Fu Jie Huang and L{\\'e}on Bottou},
  title = {Learning Methods for Generic Object Recognition with Invariance to Pose and Lighting},
  booktitle = {CVPR}, year = {2004}, doi = {10.1109/CVPR.2004.1315150}
}
@inproceedings{DBLP:conf/nips/LeCunBD89,
  author = {Yann LeCun and L{\\'e}on Bottou},
  title = {Optimal Brain Damage}, booktitle = {NIPS}, year = {1989}
}
@article{DBLP:journals/neco/LeCun89,
  author = {Yann LeCun},
  title = {Backpropagation Applied to Handwritten Zip Code Recognition}, journal = {Neural Computation}, year = {1989}
}
@inproceedings{DBLP:conf/icdar/NirM11,
  author = {Yannick Le Nir and Marc Martin},
  title = {A Study of Handwriting}, booktitle = {ICDAR}, year = {2011}
}
@inproceedings{DBLP:conf/icdar/GoffM12,
  author = {Yann Le Goff and Marc Martin},
  title = {Another Study of Handwriting}, booktitle = {ICDAR}, year = {2012}
}
@article{DBLP:journals/ijcv/Editorial08,
  author = {Yann LeCun and Marc Martin},
  title = {Editorial}, journal = {International Journal of Computer Vision}, year = {2008}
}
"""

LECUN, LE_NIR, LE_GOFF = "dblp:Yann LeCun", "dblp:Yannick Le Nir", "dblp:Yann Le Goff"

SEARCH = """
query ($q: String!, $first: Int, $after: String) {
  searchResearchers(query: $q, first: $first, after: $after) {
    totalCount edges { node { id } } pageInfo { hasNextPage endCursor }
  }
}
"""
CLOSE = "query ($id: ID!) { closeCollaborators(id: $id) { researcher { id } score reasons { topicOverlap recency } } }"
PAPER = "query ($id: ID!) { paper(id: $id) { id kind links { name url } citedBy { totalCount edges { node { id } } } references { totalCount } } }"


async def _ask(graph: Graph, query: str, **variables: Any) -> dict[str, Any]:
    result = await schema.execute(query, variable_values=variables, context_value={"graph": graph, "loaders": Loaders(graph)})
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


@pytest.fixture
async def dblp_graph(graph: Graph, tmp_path: Path) -> Graph:
    path = tmp_path / "dblp.bib"
    path.write_text(BIB, encoding="utf-8")
    await load(graph, "bibtex", [path], tmp_path / "rejects.jsonl")
    return graph


async def test_a_whole_word_match_on_every_typed_word_ranks_first_then_more_works(dblp_graph: Graph) -> None:
    found = (await _ask(dblp_graph, SEARCH, q="yann le", first=10))["searchResearchers"]
    # Le Goff matches both words whole; LeCun ("le" a prefix) and Le Nir ("yann" a prefix) one each: works decide.
    assert [e["node"]["id"] for e in found["edges"]] == [LE_GOFF, LECUN, LE_NIR]
    assert found["totalCount"] == 3


async def test_total_count_is_the_whole_list_on_every_page(dblp_graph: Graph) -> None:
    first = (await _ask(dblp_graph, SEARCH, q="yann le", first=2))["searchResearchers"]
    assert (first["totalCount"], len(first["edges"]), first["pageInfo"]["hasNextPage"]) == (3, 2, True)
    rest = (await _ask(dblp_graph, SEARCH, q="yann le", first=2, after=first["pageInfo"]["endCursor"]))["searchResearchers"]
    assert ([e["node"]["id"] for e in rest["edges"]], rest["totalCount"], rest["pageInfo"]["hasNextPage"]) == ([LE_NIR], 3, False)
    beyond = (await _ask(dblp_graph, SEARCH, q="yann le", first=2, after=rest["pageInfo"]["endCursor"]))["searchResearchers"]
    assert (beyond["edges"], beyond["totalCount"]) == ([], 3)
    assert (await _ask(dblp_graph, SEARCH, q="nobody here"))["searchResearchers"]["totalCount"] == 0


async def test_without_topics_the_overlap_is_unknown_not_zero_and_scores_have_three_decimals(dblp_graph: Graph) -> None:
    close = (await _ask(dblp_graph, CLOSE, id=LECUN))["closeCollaborators"]
    assert {c["researcher"]["id"] for c in close} == {"dblp:Fu Jie Huang", "dblp:Léon Bottou"}  # the editorial pairs no one
    assert all(c["reasons"]["topicOverlap"] is None for c in close)
    assert all(round(c["score"], 3) == c["score"] and round(c["reasons"]["recency"], 3) == c["reasons"]["recency"] for c in close)


async def test_a_paper_links_to_its_doi_and_dblp_record_and_front_matter_says_so(dblp_graph: Graph) -> None:
    paper = (await _ask(dblp_graph, PAPER, id="doi:10.1109/cvpr.2004.1315150"))["paper"]
    assert paper["links"] == [
        {"name": "DOI", "url": "https://doi.org/10.1109/cvpr.2004.1315150"},
        {"name": "DBLP", "url": "https://dblp.org/rec/conf/cvpr/LeCunHB04"},
    ]
    assert paper["citedBy"] == {"totalCount": 0, "edges": []} and paper["references"] == {"totalCount": 0}
    editorial = (await _ask(dblp_graph, PAPER, id="dblp:journals/ijcv/Editorial08"))["paper"]
    assert editorial["kind"] == "front-matter"
    kind = schema.get_type_by_name("Paper").fields  # type: ignore[union-attr]
    assert "front-matter" in next(f.description for f in kind if f.name == "kind")
