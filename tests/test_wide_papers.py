"""Papers with very many authors (consortium papers): past `max_paired_authors` a paper keeps its authorships but
draws no co-author pairs, and a paper already in the graph that gains authors from another source keeps the
co-authorship invariant (loaders/plan.py says how). Figures of time and memory are in `python -m bench.wide`."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import build_parser, load_options
from app.graph import Graph
from bench.wide import letters
from loaders.load import Batch, Summary, load, plan_batch
from loaders.options import LoadOptions
from loaders.plan import Matches
from loaders.records import Author, Work
from tests.conftest import dblp_file
from tests.loading import invariant, wrong_counters

pytestmark = pytest.mark.anyio

KEY = "journals/toy/Wide12"
LIMIT = LoadOptions(max_paired_authors=5)


def name(i: int) -> str:
    """A distinct author name made of letters only ("Ann Ba", "Ann Bb", ...), like a consortium's member list."""
    return f"Ann B{letters(i)}"


def bib(authors: range, key: str = KEY, title: str = "Observation of a New Particle") -> str:
    names = " and ".join(name(i) for i in authors)
    return (f"@article{{DBLP:{key},\n  author = {{{names}}},\n  title = {{{title}}},\n"
            "  journal = {Toy}, year = {2012}\n}\n")


def xml(authors: range, key: str = KEY, title: str = "Observation of a New Particle.") -> str:
    names = "".join(f"<author>{name(i)}</author>" for i in authors)
    return f'<article key="{key}">{names}<title>{title}</title><journal>Toy</journal><year>2012</year></article>\n'


async def load_bib(graph: Graph, tmp_path: Path, text: str, options: LoadOptions = LIMIT) -> Summary:
    path = tmp_path / "first.bib"
    path.write_text(text, encoding="utf-8")
    return await load(graph, "bibtex", [path], tmp_path / "rejects.jsonl", options=options)


async def load_dblp(graph: Graph, tmp_path: Path, records: str, options: LoadOptions = LIMIT) -> Summary:
    """Another source (dblp.xml) for the same record: DBLP's key makes it the same paper."""
    path = dblp_file(tmp_path, f"<dblp>\n{records}</dblp>\n")
    return await load(graph, "dblp", [path], tmp_path / "rejects.jsonl", options=options)


async def paper(graph: Graph, key: str = KEY) -> dict[str, object]:
    [row] = [p for p in await graph.read("inspect/list_paper_pairing") if p["id"] == f"dblp:{key}"]
    return row


async def assert_consistent(graph: Graph, edges: int) -> None:
    """COLLABORATES_WITH is what AUTHORED implies over the paired papers, and every counter is right."""
    check = await invariant(graph)
    assert check["wrong"] == 0 and check["edges"] == check["pairs"] == edges
    assert await wrong_counters(graph) == 0


async def test_past_the_limit_a_paper_keeps_its_authorships_draws_no_pair_and_the_summary_says_so(
    graph: Graph, tmp_path: Path
) -> None:
    text = bib(range(6)) + bib(range(10, 15), key="journals/toy/Five12", title="Exactly at the Limit")
    summary = await load_bib(graph, tmp_path, text)
    assert (summary.wide, summary.authorships_new) == (1, 11)
    assert "note: 1 paper with more authors than --max-paired-authors: authorships loaded, no co-author pairs drawn" \
        in summary.text().splitlines()
    assert await paper(graph) | {"id": None} == {
        "id": None, "title": "Observation of a New Particle", "kind": "article", "unpaired": True, "authors": 6}
    assert (await paper(graph, "journals/toy/Five12"))["unpaired"] is None  # five authors: at the limit, paired
    await assert_consistent(graph, edges=10)


async def test_by_default_a_record_of_3000_authors_loads_its_authorships_without_pairs(
    graph: Graph, tmp_path: Path
) -> None:
    summary = await load_dblp(graph, tmp_path, xml(range(3_000)), LoadOptions())
    assert (summary.wide, summary.authorships_new) == (1, 3_000)
    assert (await paper(graph))["authors"] == 3_000
    await assert_consistent(graph, edges=0)


async def test_a_paired_paper_that_gains_authors_within_the_limit_pairs_each_new_one_with_all_its_authors(
    graph: Graph, tmp_path: Path
) -> None:
    await load_bib(graph, tmp_path, bib(range(3)))
    summary = await load_dblp(graph, tmp_path, xml(range(5)))  # two more authors in DBLP's record
    assert (summary.authorships_new, summary.papers_merged, summary.crowded) == (2, 1, 0)
    await assert_consistent(graph, edges=10)


async def test_new_authors_that_would_take_a_paired_paper_past_the_limit_are_left_out_and_said(
    graph: Graph, tmp_path: Path
) -> None:
    await load_bib(graph, tmp_path, bib(range(3)))
    summary = await load_dblp(graph, tmp_path, xml(range(7)))
    assert (summary.crowded, summary.crowded_authors, summary.authorships_new) == (1, 4, 0)
    assert any("4 new authors of 1 paper already paired in the graph left out" in line
               for line in summary.text().splitlines())
    assert ((await paper(graph))["authors"], (await paper(graph))["unpaired"]) == (3, None)
    assert len(await graph.read("inspect/list_researchers")) == 3  # no node for those left out
    await assert_consistent(graph, edges=3)
    # As the note says: a higher limit adds them, with their pairs.
    again = await load_dblp(graph, tmp_path, xml(range(7)), LoadOptions(max_paired_authors=10))
    assert (again.crowded, again.authorships_new) == (0, 4)
    await assert_consistent(graph, edges=21)


async def test_an_unpaired_paper_that_gains_authors_stays_unpaired(graph: Graph, tmp_path: Path) -> None:
    await load_bib(graph, tmp_path, bib(range(6)) + bib(range(3), key="journals/toy/Small12", title="Small"))
    summary = await load_dblp(graph, tmp_path, xml(range(9)) + xml(range(2, 3), key="journals/toy/Two12"))
    assert (summary.authorships_new, summary.wide) == (3 + 1, 0)
    assert (await paper(graph))["authors"] == 9
    await assert_consistent(graph, edges=3)  # the small paper's three pairs only


async def test_a_paper_known_with_one_author_may_still_become_unpaired_as_it_has_no_pair_to_take_back(
    graph: Graph, tmp_path: Path
) -> None:
    await load_bib(graph, tmp_path, bib(range(1)))
    summary = await load_dblp(graph, tmp_path, xml(range(8)))
    assert (summary.wide, summary.authorships_new) == (1, 7)
    assert (await paper(graph))["unpaired"] is True
    await assert_consistent(graph, edges=0)


async def test_in_one_batch_a_record_that_would_take_its_paper_past_the_limit_is_left_out_too(
    graph: Graph, tmp_path: Path
) -> None:
    # Two records of one paper in one file: the DOI makes them one node; the first paired it.
    first = xml(range(3), key="journals/toy/A12").replace("<year>", "<ee>https://doi.org/10.5555/w.1</ee><year>")
    second = xml(range(8), key="journals/toy/B12").replace("<year>", "<ee>https://doi.org/10.5555/w.1</ee><year>")
    summary = await load_dblp(graph, tmp_path, first + second)
    assert (summary.papers_new, summary.papers_merged, summary.crowded, summary.crowded_authors) == (1, 1, 1, 5)
    await assert_consistent(graph, edges=3)


async def test_loading_the_same_files_again_changes_nothing(graph: Graph, tmp_path: Path) -> None:
    text = bib(range(6)) + bib(range(20, 23), key="journals/toy/Small12", title="Small")
    await load_bib(graph, tmp_path, text)
    before = await graph.read("inspect/list_paper_pairing"), await invariant(graph)
    again = await load_bib(graph, tmp_path, text)
    assert (again.authorships_new, again.wide, again.crowded) == (0, 0, 0)
    assert (await graph.read("inspect/list_paper_pairing"), await invariant(graph)) == before


# A paper past CLIQUE_FROM authors, all new, is one clique row that the statement expands into its pairs; any
# other row of the batch that draws one of those pairs makes the planner draw the clique pair by pair instead.
WIDE = 80  # authors: 3,160 pairs


def test_a_wide_paper_of_new_people_is_planned_as_one_clique_row_not_as_its_pairs() -> None:
    work = Work(title="Observation", where="x:1", year=2012, ids=(f"dblp:{KEY}",),
                authors=tuple(Author(name(i), ids=(f"dblp:{name(i)}",)) for i in range(WIDE)))
    batch = Batch("dblp", works=[work]).seal(1)
    params = plan_batch(Matches(), batch).params()
    assert params["new_collaborations"] == [] and len(params["cliques"]) == 1
    [[members, year]] = params["cliques"]
    assert (sorted(members), year) == (list(range(WIDE)), 2012)
    ids = [params["new_researchers"][k][0] for k in members]
    assert ids == sorted(ids)  # an edge's ends are in id order


async def test_a_clique_is_written_as_its_pairs(graph: Graph, tmp_path: Path) -> None:
    summary = await load_dblp(graph, tmp_path, xml(range(WIDE)), LoadOptions())
    assert summary.wide == 0
    await assert_consistent(graph, edges=WIDE * (WIDE - 1) // 2)


@pytest.mark.parametrize(
    ("records", "edges"),
    [
        # another paper of the batch with two of its authors: their pair is one edge of two papers
        (xml(range(WIDE)) + xml(range(2), key="journals/toy/Two12", title="Two of Them"), 3160),
        # two wide papers sharing two authors, and two sharing one
        (xml(range(WIDE)) + xml(range(WIDE - 2, 2 * WIDE - 2), key="journals/toy/W2", title="Second"), 2 * 3160 - 1),
        (xml(range(WIDE)) + xml(range(WIDE - 1, 2 * WIDE - 1), key="journals/toy/W3", title="Third"), 2 * 3160),
        # the same paper twice: the first record without its year, the second dates every pair
        (xml(range(WIDE)).replace("<year>2012</year>", "") + xml(range(WIDE)), 3160),
    ],
    ids=["a-pair-elsewhere", "two-shared", "one-shared", "dated-later"],
)
async def test_a_clique_whose_pairs_another_row_of_the_batch_draws_keeps_the_invariant(
    graph: Graph, tmp_path: Path, records: str, edges: int
) -> None:
    await load_dblp(graph, tmp_path, records, LoadOptions())
    await assert_consistent(graph, edges=edges)


async def test_a_later_load_pairing_two_authors_of_a_clique_adds_to_its_edge(graph: Graph, tmp_path: Path) -> None:
    await load_dblp(graph, tmp_path, xml(range(WIDE)), LoadOptions())
    await load_bib(graph, tmp_path, bib(range(3), key="journals/toy/Later13", title="Later"), LoadOptions())
    await assert_consistent(graph, edges=3160)


def test_collab_load_takes_both_pairing_options_and_refuses_a_limit_below_two(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = build_parser()
    default = load_options(parser.parse_args(["load", "bibtex", "x.bib"]))
    assert (default.front_matter, default.max_paired_authors) == (True, 500)
    given = load_options(parser.parse_args(["load", "x.bib", "--no-front-matter", "--max-paired-authors", "3000"]))
    assert (given.front_matter, given.max_paired_authors) == (False, 3000)
    with pytest.raises(SystemExit) as refused:
        parser.parse_args(["load", "x.bib", "--max-paired-authors", "1"])
    assert refused.value.code == 2 and "at least 2 authors make a pair" in capsys.readouterr().err
