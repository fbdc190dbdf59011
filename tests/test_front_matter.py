"""Front matter (editorials, prefaces, in-memoriam notes, indexes, proceedings volumes) stays a paper on its authors'
profiles but makes no co-authorship: no pair, no path hop. The rule is loaders/front_matter.py; titles below are
real records of ../shared/data (DBLP's CV/ML BibTeX and the dblp.xml excerpt)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.api.dataloaders import Loaders
from app.api.schema import schema
from app.graph import Graph
from loaders.front_matter import _PATTERNS, _TITLES, FRONT_MATTER, is_front_matter, normalised_title
from loaders.load import load
from loaders.options import LoadOptions
from loaders.records import Work
from loaders.sources import open_records
from tests.loading import invariant, wrong_counters
from tests.shared_data import shared_data_dir

# Real titles the rule must catch, with the kind their source gave.
CAUGHT = [
    ("Editorial", "article"),  # IJCV 2008: Fitzgibbon, Taylor, LeCun
    ("In Memoriam: Mark Everingham", "article"),  # PAMI 2012: seven authors
    ("Guest Editorial: Deep Learning", "article"),
    ("Guest Editors' Introduction to the Special Section on CVPR Papers", "article"),
    ("Guest editor's introduction", "article"),
    ("Editorial-State of the Transactions", "article"),
    ("Editorial - State of the Transactions", "article"),
    ("Editorial for the Special Issue on Photometric Analysis for Computer Vision", "article"),
    ("EIC Editorial: Research Innovations in Service-Oriented Solutioning", "article"),
    ("Editor's note [new Editorial Board members announced]", "article"),
    ("Introduction of New Associate Editors", "article"),
    ("Introduction to the Special Issue on Meta-Learning", "article"),
    ("Special Issue of Machine Learning on Information Retrieval - Introduction", "article"),
    ("Preface", "inproceedings"),
    ("AAAI-13 Preface", "inproceedings"),
    ("Speeding Learning: Preface", "inproceedings"),
    ("2nd International Workshop on Mining Urban Data (Preface)", "inproceedings"),
    ("Foreword", "article"),
    ("Learning in Autonomous Robots - Foreword", "article"),
    ("In Memoriam, Azriel Rosenfeld(1931-2004)", "article"),
    ("In Memory of Hugh Christopher Longuet-Higgins", "article"),
    ("Obituary: Pierre Devijver", "article"),
    ("Table of Contents", "inproceedings"),
    ("Contents", "inproceedings"),
    ("Subject Index", "article"),
    ("Author index", "article"),
    ("Copyright Page", "inproceedings"),
    ("Title Page", "inproceedings"),
    ("Program Committee", "inproceedings"),
    ("List of Reviewers", "article"),
    ("Additional Reviewers", "inproceedings"),
    ("Message from the General Chairs", "inproceedings"),
    ("Web mining for e-commerce (workshop session - title only)", "inproceedings"),
    ("Session details: Vision and learning", "inproceedings"),  # ACM's form, as DBLP lists it
    # A whole volume: its "authors" are its editors.
    ("Computer Vision - ECCV 2008, 10th European Conference on Computer Vision", "proceedings"),
    # OpenAlex's own types for them.
    ("Conserving Biodiversity and Ecosystem Services", "editorial"),
    ("Promoting Biodiversity Co-Benefits in REDD", "paratext"),
]

# Real research titles that merely contain such words.
KEPT = [
    ("Editorial Comprehension in OpEd through Argument Units", "inproceedings"),
    ("Understanding Analogies in Editorials", "inproceedings"),
    ("Editorial survey: swarm intelligence for data mining", "article"),
    ("Harnessing the Expertise of 70, 000 Human Editors: Knowledge-Based Feature Generation for Text Categorization",
     "article"),
    ("IMPULSE: A Display Oriented Editor for STROBE", "inproceedings"),
    ("Indexing via color histograms", "inproceedings"),
    ("The Inverted Multi-Index", "inproceedings"),
    ("Instance-Family Abstraction in Memory-Based Language Learning", "inproceedings"),
    ("Remembering To Forget: A Competence-Preserving Case Deletion Policy for Case-Based Reasoning Systems",
     "inproceedings"),
    ("Mining rich session context to improve web search", "inproceedings"),
    ("Session Management for Cross-protocol Identity Federation", "inproceedings"),
    ("Introduction to Causal Inference", "article"),
    ("Network science: an introduction to recent statistical approaches", "inproceedings"),
    ("Query by Committee Made Real", "inproceedings"),
    ("The Storage Capacity of a Fully-Connected Committee Machine", "inproceedings"),
    ("Mining for proposal reviewers: lessons learned at the national science foundation", "inproceedings"),
    ("Message Passing for Max-weight Independent Set", "inproceedings"),
    ("Recognition of Dynamic Video Contents With Global Probabilistic Models of Visual Motion", "article"),
    ("Video Google: A Text Retrieval Approach to Object Matching in Videos", "inproceedings"),
]


@pytest.mark.parametrize(("title", "kind"), CAUGHT)
def test_the_rule_catches_real_front_matter(title: str, kind: str) -> None:
    assert is_front_matter(title, kind)


@pytest.mark.parametrize(("title", "kind"), KEPT)
def test_the_rule_keeps_research_titles_that_contain_the_same_words(title: str, kind: str) -> None:
    assert not is_front_matter(title, kind)


def test_case_apostrophes_spaces_and_a_closing_full_stop_do_not_change_the_answer() -> None:
    assert is_front_matter("GUEST  EDITORS\u2019 INTRODUCTION.", "article")  # DBLP's XML titles end with "."
    assert is_front_matter("in memoriam: mark everingham.", None)
    assert not is_front_matter("Editorial Comprehension in OpEd through Argument Units.", None)


def _works(path: Path, source: str) -> list[Work]:
    return [r for r in open_records(source, path, None) if isinstance(r, Work)]


def test_on_the_real_dblp_excerpt_every_volume_and_the_editorials_are_front_matter_and_few_else() -> None:
    works = _works(shared_data_dir() / "dblp" / "dblp-excerpt.xml", "dblp")
    caught = [w for w in works if is_front_matter(w.title, w.kind)]
    volumes = [w for w in works if w.kind == "proceedings"]
    assert len(volumes) == 38 and all(w in caught for w in volumes)
    titles = {w.title for w in caught}
    assert {"Editorial", "Copyright Page", "Program Committee", "Message from the General Chairs"} <= titles
    assert "Guest Editorial: Cloud Services Meet Big Data" in titles
    # The excerpt's research papers that only contain such words stay research.
    kept = {w.title for w in works if w not in caught}
    assert {"Session Management for Cross-protocol Identity Federation",
            "Indexing Business Processes based on Annotated Finite State Automata"} <= kept
    assert len(caught) < 0.04 * len(works)  # 114 of 4,218: the rule is narrow


def test_on_the_real_cv_ml_file_the_records_behind_the_bad_paths_are_front_matter() -> None:
    works = _works(shared_data_dir() / "bibtex" / "dblp-cv-ml-2015.bib.gz", "bibtex")
    by_id = {w.ids[0]: w for w in works if w.ids}
    editorial = by_id["dblp:journals/ijcv/FitzgibbonTL08"]
    memoriam = by_id["dblp:journals/pami/ZissermanWFGSWH12"]
    assert (editorial.title, editorial.year) == ("Editorial", 2008)
    assert "Yann LeCun" in [a.name for a in editorial.authors]
    assert memoriam.title == "In Memoriam: Mark Everingham"
    assert is_front_matter(editorial.title, editorial.kind) and is_front_matter(memoriam.title, memoriam.kind)
    caught = [w for w in works if is_front_matter(w.title, w.kind)]
    assert sum(w.kind == "proceedings" for w in caught) == 363  # every @proceedings volume
    assert 600 < len(caught) < 900  # 731 of 58,146 records
    # The quick path (titles without any of the patterns' words) answers as the patterns would.
    slow = [w for w in works if w.kind == "proceedings" or normalised_title(w.title) in _TITLES
            or _PATTERNS.search(normalised_title(w.title))]
    assert slow == caught


# Three small issues of a journal: an editorial and an in-memoriam note make editors and friends look like
# co-authors; the research papers do not join Yann LeCun's and Andrew Zisserman's circles.
JOURNAL = """
@article{DBLP:journals/ijcv/FitzgibbonTL08,
  author = {Andrew W. Fitzgibbon and Camillo J. Taylor and Yann LeCun},
  title = {Editorial}, journal = {International Journal of Computer Vision}, year = {2008}
}
@article{DBLP:journals/pami/ZissermanWFGSWH12,
  author = {Andrew Zisserman and John M. Winn and Andrew W. Fitzgibbon},
  title = {In Memoriam: Mark Everingham}, journal = {IEEE Trans. Pattern Anal. Mach. Intell.}, year = {2012}
}
@inproceedings{DBLP:conf/cvpr/LeCunHB04,
  author = {Yann LeCun and Fu Jie Huang and L{\\'e}on Bottou},
  title = {Learning Methods for Generic Object Recognition with Invariance to Pose and Lighting},
  booktitle = {CVPR}, year = {2004}
}
@inproceedings{DBLP:conf/iccv/SivicZ03,
  author = {Josef Sivic and Andrew Zisserman},
  title = {Video Google: A Text Retrieval Approach to Object Matching in Videos},
  booktitle = {ICCV}, year = {2003}
}
@inproceedings{DBLP:conf/cvpr/FitzgibbonZ05,
  author = {Andrew W. Fitzgibbon and Camillo J. Taylor},
  title = {Editorial Comprehension in OpEd through Argument Units}, booktitle = {CVPR}, year = {2005}
}
@proceedings{DBLP:conf/eccv/2008-1,
  editor = {David A. Forsyth and Philip H. S. Torr and Andrew Zisserman},
  title = {Computer Vision - ECCV 2008, 10th European Conference on Computer Vision}, year = {2008}
}
"""

PATH = """
query ($from: ID!, $to: ID!) {
  collaborationPaths(from: $from, to: $to, maxHops: 6) { length hops { papers { id title kind } } }
}
"""

PROFILE = """
query ($id: ID!) { researcher(id: $id) { worksCount papers(first: 10) { edges { node { title kind } } } } }
"""

LECUN, ZISSERMAN, FITZGIBBON = "dblp:Yann LeCun", "dblp:Andrew Zisserman", "dblp:Andrew W. Fitzgibbon"


async def _ask(graph: Graph, query: str, **variables: Any) -> dict[str, Any]:
    context = {"graph": graph, "loaders": Loaders(graph)}
    result = await schema.execute(query, variable_values=variables, context_value=context)
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


async def _load_journal(graph: Graph, tmp_path: Path, options: LoadOptions | None = None) -> Any:
    path = tmp_path / "journal.bib"
    path.write_text(JOURNAL, encoding="utf-8")
    return await load(graph, "bibtex", [path], tmp_path / "rejects.jsonl", options=options)


async def _pairing(graph: Graph) -> dict[str, dict[str, Any]]:
    return {p["title"]: p for p in await graph.read("inspect/list_paper_pairing")}


@pytest.mark.anyio
async def test_front_matter_is_a_paper_of_its_own_kind_that_draws_no_pair_and_no_path_hop(
    graph: Graph, tmp_path: Path
) -> None:
    summary = await _load_journal(graph, tmp_path)
    assert summary.front_matter == 3
    assert any("3 papers taken for front matter" in line for line in summary.text().splitlines())
    papers = await _pairing(graph)
    for title in ("Editorial", "In Memoriam: Mark Everingham"):
        assert (papers[title]["kind"], papers[title]["unpaired"], papers[title]["authors"]) == (FRONT_MATTER, True, 3)
    volume = papers["Computer Vision - ECCV 2008, 10th European Conference on Computer Vision"]
    assert (volume["kind"], volume["unpaired"], volume["authors"]) == (FRONT_MATTER, True, 0)  # editors: no authors
    research = papers["Editorial Comprehension in OpEd through Argument Units"]
    assert (research["kind"], research["unpaired"]) == ("inproceedings", None)
    check = await invariant(graph)
    # Pairs only from the three research papers: LeCun-Huang, LeCun-Bottou, Huang-Bottou, Sivic-Zisserman,
    # Fitzgibbon-Taylor.
    assert check == {"pairs": 5, "wrong": 0, "edges": 5}
    assert await wrong_counters(graph) == 0  # works counted over every paper, front matter included
    assert (await _ask(graph, PATH, **{"from": LECUN, "to": ZISSERMAN}))["collaborationPaths"] == []
    profile = (await _ask(graph, PROFILE, id=LECUN))["researcher"]
    assert profile["worksCount"] == 2
    assert {e["node"]["title"]: e["node"]["kind"] for e in profile["papers"]["edges"]}["Editorial"] == FRONT_MATTER


@pytest.mark.anyio
async def test_with_the_rule_off_the_editorial_is_a_joint_paper_again_and_a_path_runs_through_it(
    graph: Graph, tmp_path: Path
) -> None:
    summary = await _load_journal(graph, tmp_path, LoadOptions(front_matter=False))
    assert summary.front_matter == 0 and not summary.pairing_notes()
    assert all(p["unpaired"] is None and p["kind"] != FRONT_MATTER for p in (await _pairing(graph)).values())
    assert (await invariant(graph))["wrong"] == 0
    [path] = (await _ask(graph, PATH, **{"from": LECUN, "to": ZISSERMAN}))["collaborationPaths"]
    assert path["length"] == 2
    assert [[p["title"] for p in hop["papers"]] for hop in path["hops"]] == [
        ["Editorial"], ["In Memoriam: Mark Everingham"]]


@pytest.mark.anyio
async def test_a_path_hop_lists_no_front_matter_among_the_joint_papers_of_a_pair_that_also_has_research(
    graph: Graph, tmp_path: Path
) -> None:
    await _load_journal(graph, tmp_path)
    [path] = (await _ask(graph, PATH, **{"from": FITZGIBBON, "to": "dblp:Camillo J. Taylor"}))["collaborationPaths"]
    assert [[p["title"] for p in hop["papers"]] for hop in path["hops"]] == [
        ["Editorial Comprehension in OpEd through Argument Units"]]  # not the 2008 Editorial they also signed


@pytest.mark.anyio
async def test_loading_the_file_again_changes_nothing(graph: Graph, tmp_path: Path) -> None:
    await _load_journal(graph, tmp_path)
    before = await _pairing(graph), await invariant(graph)
    again = await _load_journal(graph, tmp_path)
    assert again.front_matter == 0 and again.authorships_new == 0
    assert (await _pairing(graph), await invariant(graph)) == before


CLOSE = """
query ($id: ID!) {
  researcher(id: $id) { coauthorCount }
  closeCollaborators(id: $id) { researcher { id } jointPapers reasons { jointPapers } }
}
"""


@pytest.mark.anyio
async def test_collaborator_reasons_count_no_front_matter(graph: Graph, tmp_path: Path) -> None:
    await _load_journal(graph, tmp_path)
    data = await _ask(graph, CLOSE, id=FITZGIBBON)
    # Fitzgibbon signed the Editorial with LeCun and the In Memoriam note with Zisserman: neither is a co-author.
    assert data["researcher"]["coauthorCount"] == 1
    assert [(c["researcher"]["id"], c["jointPapers"], c["reasons"]["jointPapers"])
            for c in data["closeCollaborators"]] == [("dblp:Camillo J. Taylor", 1, 1)]
