"""Loading sources into the graph: identity across sources, co-authorship kept in step, bad input, reloads."""

from __future__ import annotations

import contextlib
import gzip
import json
from collections.abc import AsyncIterator
from datetime import date
from itertools import count
from pathlib import Path

import pytest

from app import embedded
from app.graph import Graph, open_graph
from app.settings import Settings
from loaders import bibtex
from loaders.check import check
from loaders.keys import paper_keys, person_keys, search_text
from loaders.options import LoadOptions
from loaders.records import FormatError, Work
from loaders.writer_lease import take_lease
from tests.conftest import FIXTURES, make_settings
from tests.loading import YEARLESS_CARD, YEARLESS_CARD_TAKEN, invariant, load_files, synthetic_bib, wrong_counters
from tests.shared_data import shared_data_dir

pytestmark = pytest.mark.anyio
_names = count()


@pytest.fixture
async def roomy_graph(embedded_dir: Path) -> AsyncIterator[Graph]:
    """An embedded graph with read limits wide enough for whole-graph checks on real data."""
    g = await open_graph(make_settings(data_dir=embedded_dir, graph_name=f"load{next(_names)}", query_timeout_ms=120_000))
    await g.reset()
    yield g
    await g.close()


async def test_an_arxiv_paper_and_the_openalex_work_with_its_doi_become_one_node(graph: Graph, tmp_path: Path) -> None:
    await load_files(graph, "arxiv", FIXTURES / "arxiv" / "sample.jsonl", tmp_path=tmp_path)
    await load_files(graph, "openalex", FIXTURES / "openalex" / "works.jsonl", tmp_path=tmp_path)
    papers = [p for p in await graph.read("inspect/list_papers") if p["doi"] == "10.1234/toy.2021.1"]
    assert len(papers) == 1
    assert papers[0]["arxiv_id"] == "2101.00001"
    # Mira Okafor was a name on arXiv and an ORCID on OpenAlex: still one person.
    okafor = [r for r in await graph.read("inspect/list_researchers") if r["name"] == "Mira Okafor"]
    assert len(okafor) == 1
    assert okafor[0]["orcid"] == "0000-0002-1825-0097"


async def test_a_profile_page_paper_and_a_card_listing_of_it_become_one_node(graph: Graph, tmp_path: Path) -> None:
    await load_files(graph, "profile", FIXTURES / "profiles" / "page-mira-okafor.txt", tmp_path=tmp_path)
    await load_files(graph, "profile", FIXTURES / "merge" / "card-jonas-lindqvist.txt", tmp_path=tmp_path)
    same = [p for p in await graph.read("inspect/list_papers") if p["title"] == "Counting Coauthors in Invented Networks"]
    assert len(same) == 1
    assert set(same[0]["authors"]) == {"name:mira-okafor", "name:jonas-lindqvist"}
    people = {r["id"]: r for r in await graph.read("inspect/list_researchers")}
    assert people["name:jonas-lindqvist"]["h_index"] == 3  # the card's reported figure, kept as reported


@pytest.mark.parametrize("taken", [YEARLESS_CARD_TAKEN, date(2026, 12, 7)], ids=["taken-2023", "taken-2026"])
@pytest.mark.parametrize("page_first", [True, False], ids=["page-then-card", "card-then-page"])
async def test_a_card_listing_without_its_year_and_the_page_listing_become_one_node(
    graph: Graph, tmp_path: Path, page_first: bool, taken: date
) -> None:
    """A card leaves the year out for the current year ("SIMar 3") and is dated in the year it was taken: on
    profiles the title alone is the paper, even when that year is not the page's."""
    card = tmp_path / "card.txt"
    card.write_text(YEARLESS_CARD, encoding="utf-8")
    page = FIXTURES / "profiles" / "page-mira-okafor.txt"
    for path in (page, card) if page_first else (card, page):
        await load_files(graph, "profile", path, tmp_path=tmp_path, options=LoadOptions(as_of=taken))
    same = [p for p in await graph.read("inspect/list_papers") if p["title"] == "Short Note Without an Abstract"]
    assert len(same) == 1
    # Taken in 2023 the card agrees with the page; taken in 2026 it does not, and the graph keeps the first year told.
    assert same[0]["year"] == (2023 if page_first or taken.year == 2023 else 2026)
    assert set(same[0]["authors"]) == {"name:mira-okafor", "name:jonas-lindqvist"}
    assert (await invariant(graph))["wrong"] == 0
    assert await wrong_counters(graph) == 0


@pytest.mark.parametrize("together", [True, False], ids=["one-batch", "two-loads"])
async def test_a_paper_that_gains_its_year_later_dates_its_authors_pairs(
    graph: Graph, tmp_path: Path, together: bool
) -> None:
    """The graph keeps the first year it is told; a paper first seen without one takes the next record's, and the
    co-author pairs and year spans of the authors it already had must take it in too."""
    undated = "@article{a, title={Undated First}, doi={10.1/x}, author={Ann Lee and Bo Chen}}\n"
    dated = "@article{b, title={Undated First}, doi={10.1/x}, author={Ann Lee and Cy Diaz}, year={2018}}\n"
    if together:
        (tmp_path / "both.bib").write_text(undated + dated)
        await load_files(graph, "bibtex", tmp_path / "both.bib", tmp_path=tmp_path)
    else:
        (tmp_path / "one.bib").write_text(undated)
        (tmp_path / "two.bib").write_text(dated)
        await load_files(graph, "bibtex", tmp_path / "one.bib", tmp_path=tmp_path)
        await load_files(graph, "bibtex", tmp_path / "two.bib", tmp_path=tmp_path)
    [paper] = await graph.read("inspect/list_papers")
    assert paper["year"] == 2018 and len(paper["authors"]) == 3
    check = await invariant(graph)
    assert check["wrong"] == 0 and check["edges"] == check["pairs"] == 3
    assert await wrong_counters(graph) == 0
    years = {r["id"]: (r["first_year"], r["last_year"]) for r in await graph.read("inspect/list_researchers")}
    assert years == {f"name:{n}": (2018, 2018) for n in ("ann-lee", "bo-chen", "cy-diaz")}


async def _links(graph: Graph, kind: str) -> set[tuple[str, str]]:
    return {(r["start"], r["end"]) for r in await graph.read("inspect/list_links") if r["kind"] == kind}


async def test_references_become_citations_once_both_works_are_loaded(graph: Graph, tmp_path: Path) -> None:
    """W1 cites W2 (in the file) and W3 (not yet loaded): one CITES edge, then a second when W3 arrives."""
    await load_files(graph, "openalex", FIXTURES / "openalex" / "works.jsonl", tmp_path=tmp_path)
    assert await _links(graph, "CITES") == {("W9000000001", "W9000000002")}
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"id": "https://openalex.org/W9000000003", "display_name": "Cited Later",
                                 "publication_year": 2020, "authorships": []}) + "\n")
    await load_files(graph, "openalex", later, tmp_path=tmp_path)
    assert await _links(graph, "CITES") == {("W9000000001", "W9000000002"), ("W9000000001", "W9000000003")}


async def test_an_arxiv_affiliation_becomes_an_institution_its_author_is_affiliated_with(
    graph: Graph, tmp_path: Path
) -> None:
    await load_files(graph, "arxiv", FIXTURES / "arxiv" / "sample.jsonl", tmp_path=tmp_path)
    assert ("Jonas Lindqvist Jr.", "Uppsala University") in await _links(graph, "AFFILIATED_WITH")
    assert not any(name == "Mira Okafor" for name, _ in await _links(graph, "AFFILIATED_WITH"))


async def test_a_known_researcher_gains_a_new_spelling_and_keeps_counting(graph: Graph, tmp_path: Path) -> None:
    first, second = tmp_path / "first.bib", tmp_path / "second.bib"
    first.write_text("@article{a, title={Alpha}, author={G{\\\"u}l Varol and Ann Lee}, year={2019}}\n")
    second.write_text("@article{b, title={Beta}, author={Gul Varol and Ann Lee}, year={2021}}\n")
    await load_files(graph, "bibtex", first, tmp_path=tmp_path)
    await load_files(graph, "bibtex", second, tmp_path=tmp_path)
    people = {r["id"]: r for r in await graph.read("inspect/list_researchers")}
    varol, lee = people["name:gul-varol"], people["name:ann-lee"]
    assert (varol["name"], varol["aliases"], varol["works_count"]) == ("G\u00fcl Varol", ["Gul Varol"], 2)
    assert (varol["first_year"], varol["last_year"]) == (2019, 2021)
    assert (lee["aliases"], lee["works_count"], lee["last_year"]) == ([], 2, 2021)  # nothing new: counters only


async def test_what_the_write_derives_is_what_the_loader_would_have_sent(graph: Graph, tmp_path: Path) -> None:
    own = tmp_path / "own.bib"  # a repeated word ("Li Li" searches as "li"), an accent, no year
    own.write_text("@article{own1, title={Lists of {L}ists}, author={Li Li and G{\\\"u}l Varol}, year={2019}}\n"
                   "@misc{own2, title={Undated Notes}, author={Ann Lee}}\n")
    files = [own, FIXTURES / "bibtex" / "dblp-style.bib"]
    await load_files(graph, "bibtex", *files, tmp_path=tmp_path)
    works = [w for f in files for w in bibtex.parse(f) if isinstance(w, Work)]
    expected = {paper_keys(w).id: (list(w.ids), paper_keys(w).title_year) for w in works}
    expected |= {person_keys(a).id: (list(a.ids), search_text(a.name)) for w in works for a in w.authors}
    stored = {r["id"]: (r["ids"] or [], r["text"]) for r in await graph.read("inspect/list_derived_keys")}
    assert stored == expected
    assert stored["name:li-li"][1] == "li" and stored["name:gul-varol"][1] == "gul varol"
    assert any(ids == [rid] for rid, (ids, _) in stored.items())  # DBLP's people: ids derived from the id


async def test_edges_join_the_right_nodes_when_a_batch_mixes_known_and_new_ones(graph: Graph, tmp_path: Path) -> None:
    # Edge rows name their ends by position in the batch's node lists, and MERGE hands known nodes back out
    # of order: every authorship must still join the researcher and paper its record names.
    people = ["Ann Alpha", "Bob Beta", "Cy Charlie", "Dan Delta", "Eve Echo", "Fay Foxtrot"]
    first, second = tmp_path / "first.bib", tmp_path / "second.bib"
    first.write_text("".join(f"@article{{p{i}, title={{Paper {i}}}, author={{{name}}}, year={{2019}}}}\n"
                             for i, name in enumerate(people))
                     + "@article{t, title={Third}, author={Hal Hotel and Ivy India}, year={2020}}\n")
    second.write_text(
        f"@article{{q1, title={{Query One}}, author={{{' and '.join([*reversed(people), 'New Person'])}}}, year={{2021}}}}\n"
        "@article{q2, title={Query Two}, author={Eve Echo and Ann Alpha}, year={2022}}\n"
        # The same paper again, listing only a new author: the earlier two are in the graph, not in the batch.
        "@article{t2, title={Third}, author={Jo Juliet}, year={2020}}\n"
    )
    await load_files(graph, "bibtex", first, tmp_path=tmp_path)
    await load_files(graph, "bibtex", second, tmp_path=tmp_path)
    names = {r["id"]: r["name"] for r in await graph.read("inspect/list_researchers")}
    authors = {p["title"]: [names[a] for a in p["authors"]] for p in await graph.read("inspect/list_papers")}
    assert authors["Query One"] == [*reversed(people), "New Person"]
    assert authors["Query Two"] == ["Eve Echo", "Ann Alpha"]
    assert sorted(authors["Third"]) == ["Hal Hotel", "Ivy India", "Jo Juliet"]
    assert all(authors[f"Paper {i}"] == [name] for i, name in enumerate(people))
    check = await invariant(graph)
    assert check["wrong"] == 0 and check["edges"] == check["pairs"] == 15 + 6 + 3
    works = {r["name"]: r["works_count"] for r in await graph.read("inspect/list_researchers")}
    assert works["Ann Alpha"] == works["Eve Echo"] == 3 and works["Jo Juliet"] == 1


async def test_loading_the_same_files_again_changes_no_count(graph: Graph, tmp_path: Path) -> None:
    files = [FIXTURES / "arxiv" / "sample.jsonl", FIXTURES / "openalex" / "works.jsonl",
             FIXTURES / "profiles" / "card-guoying-zhao.txt", FIXTURES / "bibtex" / "dblp-style.bib"]
    await load_files(graph, None, *files, tmp_path=tmp_path)
    first = await graph.counts()
    researchers = await graph.read("inspect/list_researchers")
    again = await load_files(graph, None, *files, tmp_path=tmp_path)
    assert await graph.counts() == first
    assert await graph.read("inspect/list_researchers") == researchers  # works_count etc. not bumped
    assert again.papers_new == 0 and again.authorships_new == 0
    check = await invariant(graph)
    assert check["wrong"] == 0 and check["edges"] == check["pairs"] > 0


async def test_collaborations_match_authorships_after_loads_from_several_sources(graph: Graph, tmp_path: Path) -> None:
    for source, path in [("arxiv", "arxiv/sample.jsonl"), ("openalex", "openalex/works.jsonl"),
                         ("profile", "profiles/page-mira-okafor.txt"), ("profile", "merge/card-jonas-lindqvist.txt"),
                         ("bibtex", "bibtex/dblp-style.bib"), ("dblp", "dblp/dblp.xml")]:
        await load_files(graph, source, FIXTURES / path, tmp_path=tmp_path, batch_size=3)
    check = await invariant(graph)
    assert check["pairs"] > 0
    assert check["wrong"] == 0
    assert await wrong_counters(graph) == 0
    assert check["edges"] == check["pairs"]


async def test_a_malformed_record_is_reported_with_its_line_and_the_rest_loads(graph: Graph, tmp_path: Path) -> None:
    summary = await load_files(graph, "bibtex", FIXTURES / "bibtex" / "malformed.bib", tmp_path=tmp_path)
    assert summary.rejected > 0
    assert summary.works > 0
    reports = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert len(reports) == summary.rejected
    for report in reports:
        assert report["file"].endswith("malformed.bib")
        assert isinstance(report["line"], int) and report["reason"]
    assert (await graph.counts())["nodes"]["Paper"] == summary.papers_new


async def test_a_file_that_is_not_the_claimed_format_fails_before_anything_is_written(graph: Graph, tmp_path: Path) -> None:
    good, bad = FIXTURES / "bibtex" / "dblp-style.bib", FIXTURES / "bibtex" / "not-bibtex.json"
    with pytest.raises(FormatError, match="BibTeX"):
        await load_files(graph, "bibtex", good, bad, tmp_path=tmp_path)
    assert (await graph.counts())["nodes"] == {}


def _halves(source: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The real CV/ML file cut in two at an entry boundary near the middle."""
    with gzip.open(source, "rt", encoding="utf-8") as f:
        lines = f.readlines()
    cut = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].startswith("@"))
    first, second = tmp_path / "first.bib", tmp_path / "second.bib"
    first.write_text("".join(lines[:cut]), encoding="utf-8")
    second.write_text("".join(lines[cut:]), encoding="utf-8")
    return first, second


async def test_collaborations_match_authorships_on_the_real_cv_ml_file_loaded_in_two_halves(
    roomy_graph: Graph, tmp_path: Path
) -> None:
    first, second = _halves(shared_data_dir() / "bibtex" / "dblp-cv-ml-2015.bib.gz", tmp_path)
    one = await load_files(roomy_graph, "bibtex", first, tmp_path=tmp_path)
    two = await load_files(roomy_graph, "bibtex", second, tmp_path=tmp_path)
    assert one.read + two.read == 58_146
    check = await invariant(roomy_graph)
    assert check["wrong"] == 0
    assert await wrong_counters(roomy_graph) == 0
    assert check["edges"] == check["pairs"] > 100_000
    counts = await roomy_graph.counts()
    again = await load_files(roomy_graph, "bibtex", second, tmp_path=tmp_path)
    assert again.papers_new == 0 and again.authorships_new == 0
    assert await roomy_graph.counts() == counts
    assert (await invariant(roomy_graph)) == check
    assert await wrong_counters(roomy_graph) == 0


async def test_a_load_after_one_that_stopped_before_its_recount_recounts_everyone_and_leaves_no_mark(
    graph: Graph, tmp_path: Path
) -> None:
    await load_files(graph, "bibtex", synthetic_bib(tmp_path / "toy.bib", 30), tmp_path=tmp_path, batch_size=5)
    [state] = await graph.read("load/get_writer")
    assert state["token"] is None and not state["dirty"] and state["last_load"] > 0  # a finished load leaves no mark
    stale = sorted(r["id"] for r in await graph.read("inspect/list_researchers"))[0]
    await graph.write("inspect/merge_stale_counter", [], id=stale, works=999)
    interrupted = await take_lease(graph)
    await interrupted.release(finished=False)  # what an error or Ctrl-C leaves
    assert (await graph.read("load/get_writer"))[0]["dirty"]
    assert await wrong_counters(graph) == 1
    other = tmp_path / "other.bib"
    other.write_text("@article{z, title={Unrelated}, author={Zora Newcomer}, year={2020}}\n")
    await load_files(graph, "bibtex", other, tmp_path=tmp_path)
    assert await wrong_counters(graph) == 0
    [state] = await graph.read("load/get_writer")
    assert state["token"] is None and not state["dirty"]
    assert (await check(graph)).ok


@pytest.mark.parametrize("logged_as", ["effects", "statements"])
async def test_a_restarted_engine_brings_back_every_batch_of_a_load_from_its_log(tmp_path: Path, logged_as: str) -> None:
    """The append-only log holds each batch's effects, not its statement: a statement replayed at start-up
    runs before the indexes are rebuilt (on CV/ML: 327 s for a 7 s load) and, when the server replays it under
    its default time limit, a batch that runs past it is dropped. Here that limit is 1 ms. Logs written by
    earlier builds hold statements (made here by raising the engine's effects threshold): those replay under
    the write limit, and the default limit applies once the server has loaded."""
    source = synthetic_bib(tmp_path / "toy.bib", 3_000)
    data_dir = tmp_path / "engine"
    settings = make_settings(data_dir=data_dir)
    limits = embedded.Limits(1, settings.write_timeout_ms, settings.result_cap)
    endpoint = embedded.ensure_running(data_dir, limits)
    if logged_as == "statements":  # how builds before EFFECTS_THRESHOLD 0 logged every batch
        with contextlib.closing(endpoint.client()) as c:
            c.execute_command("GRAPH.CONFIG", "SET", "EFFECTS_THRESHOLD", 10_000_000)
    g = await open_graph(settings)  # joins that engine: every statement it sends carries its own time limit
    try:
        await g.apply_schema()
        await load_files(g, "bibtex", source, tmp_path=tmp_path, batch_size=500)
        before = await g.counts()
        pairs = await invariant(g)
    finally:
        await g.close()  # the last one out: the engine stops
    endpoint = embedded.ensure_running(data_dir, limits)  # replays the log; the default is 1 ms again after
    with contextlib.closing(endpoint.client()) as c:
        assert dict(c.execute_command("GRAPH.CONFIG", "GET", "*"))[b"TIMEOUT_DEFAULT"] == 1
    g = await open_graph(settings)
    try:
        assert await g.counts() == before
        assert before["nodes"]["Paper"] == 3_000
        assert await invariant(g) == pairs and pairs["wrong"] == 0
        assert await wrong_counters(g) == 0
    finally:
        await g.close()


async def test_a_load_s_reads_are_not_held_to_the_time_limit_of_pages(
    graph: Graph, engine_settings: Settings, tmp_path: Path
) -> None:
    """Every read of a load runs with the write time limit: a lookup that met the pages' limit on a loaded machine
    (5 s, Neo4j in CI) failed the whole load. Here pages get 1 ms."""
    strict = await open_graph(engine_settings.model_copy(update={"query_timeout_ms": 1}))
    try:
        path = synthetic_bib(tmp_path / "toy.bib", 6_000)
        first = await load_files(strict, "bibtex", path, tmp_path=tmp_path)
        again = await load_files(strict, "bibtex", path, tmp_path=tmp_path)  # every key found by a lookup
    finally:
        await strict.close()
    assert first.papers_new == 6_000 and again.papers_new == 0 and again.papers_merged == 6_000


async def test_a_finished_load_leaves_no_identity_keys_cached(graph: Graph, tmp_path: Path) -> None:
    await load_files(graph, "bibtex", FIXTURES / "bibtex" / "dblp-style.bib", tmp_path=tmp_path)
    assert person_keys.cache_info().currsize == search_text.cache_info().currsize == 0
