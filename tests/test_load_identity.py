"""Who and what is the same across records and sources, as the graph ends up after loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.graph import Graph
from tests.conftest import FIXTURES, dblp_file
from tests.loading import YEARLESS_CARD, invariant, load_files, wrong_counters

pytestmark = pytest.mark.anyio


def _dblp_records(tmp_path: Path, records: str) -> Path:
    return dblp_file(tmp_path, f"<dblp>\n{records}</dblp>\n")


def _bib(tmp_path: Path, name: str, *entries: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


async def _authors_by_title(graph: Graph) -> dict[str, set[str]]:
    """Each paper's title with its authors' names (fails if two papers share a title)."""
    names = {r["id"]: r["name"] for r in await graph.read("inspect/list_researchers")}
    papers = await graph.read("inspect/list_papers")
    assert len({p["title"] for p in papers}) == len(papers), [p["title"] for p in papers]
    return {p["title"]: {names[a] for a in p["authors"]} for p in papers}


async def test_a_preprint_and_its_published_version_merge_by_arxiv_id_alone(graph: Graph, tmp_path: Path) -> None:
    """No DOI, a new title and a new year: the arXiv id still says it is one paper."""
    preprint = _bib(tmp_path, "preprint.bib", "@misc{p, title={Graphs All the Way Down}, author={Ann Lee and Bo Chen},"
                    " year={2021}, eprint={2101.00777}, archivePrefix={arXiv}}")
    published = _dblp_records(tmp_path, '<inproceedings key="conf/toy/LeeC22"><author>Ann Lee</author><author>Bo Chen</author>'
                      "<title>Graphs, All the Way Down.</title><year>2022</year><booktitle>ToyConf</booktitle>"
                      "<ee>https://arxiv.org/abs/2101.00777v3</ee></inproceedings>\n")
    await load_files(graph, "bibtex", preprint, tmp_path=tmp_path)
    summary = await load_files(graph, "dblp", published, tmp_path=tmp_path)
    [paper] = await graph.read("inspect/list_papers")
    assert paper["arxiv_id"] == "2101.00777" and paper["title"] == "Graphs All the Way Down"  # the first one kept
    assert summary.papers_merged == 1 and summary.papers_new == 0
    assert len(await graph.read("inspect/list_researchers")) == 2


async def test_a_paper_joins_the_node_of_its_strongest_shared_key(graph: Graph, tmp_path: Path) -> None:
    """DOI before arXiv id before title + year: each probe shares a weaker key with another paper as well."""
    base = _bib(
        tmp_path, "base.bib",
        "@article{one, title={First Paper}, doi={10.1/one}, author={Ann Lee}, year={2020}}",
        "@misc{two, title={Second Paper}, eprint={2002.00002}, archivePrefix={arXiv}, author={Bo Chen}, year={2020}}",
        "@article{three, title={Third Paper}, author={Cy Diaz}, year={2020}}",
    )
    probes = _bib(
        tmp_path, "probes.bib",
        "@article{q1, title={Second Paper}, doi={10.1/one}, author={Quinn Doi}, year={2020}}",
        "@misc{q2, title={Third Paper}, eprint={2002.00002}, archivePrefix={arXiv}, author={Quinn Arxiv}, year={2020}}",
        "@article{q3, title={Third Paper}, author={Quinn Title}, year={2020}}",
    )
    await load_files(graph, "bibtex", base, tmp_path=tmp_path)
    await load_files(graph, "bibtex", probes, tmp_path=tmp_path)
    assert await _authors_by_title(graph) == {
        "First Paper": {"Ann Lee", "Quinn Doi"},
        "Second Paper": {"Bo Chen", "Quinn Arxiv"},
        "Third Paper": {"Cy Diaz", "Quinn Title"},
    }


async def test_dblp_homonyms_stay_three_people_and_each_keeps_their_own_papers(graph: Graph, tmp_path: Path) -> None:
    """'Zhe Lin 0001', 'Zhe Lin 0002' and the bare 'Zhe Lin' are DBLP's three different people of one name."""
    def paper(key: str, title: str, *authors: str) -> str:
        names = "".join(f"<author>{a}</author>" for a in authors)
        return f'<inproceedings key="conf/toy/{key}">{names}<title>{title}.</title><year>2019</year></inproceedings>\n'

    path = _dblp_records(tmp_path, paper("A", "Alpha", "Zhe Lin 0001", "Ann Lee") + paper("B", "Beta", "Zhe Lin 0002", "Bo Chen")
                 + paper("C", "Gamma", "Zhe Lin", "Cy Diaz") + paper("D", "Delta", "Zhe Lin 0001", "Dee Eve"))
    await load_files(graph, "dblp", path, tmp_path=tmp_path, batch_size=1)  # each paper in a batch of its own
    people = {r["id"]: r for r in await graph.read("inspect/list_researchers")}
    lins = {rid: r["works_count"] for rid, r in people.items() if r["name"] == "Zhe Lin"}
    assert lins == {"dblp:Zhe Lin 0001": 2, "dblp:Zhe Lin 0002": 1, "dblp:Zhe Lin": 1}
    papers = {p["title"]: set(p["authors"]) for p in await graph.read("inspect/list_papers")}
    assert papers["Beta"] == {"dblp:Zhe Lin 0002", "dblp:Bo Chen"}
    assert papers["Gamma"] == {"dblp:Zhe Lin", "dblp:Cy Diaz"}
    assert "dblp:Zhe Lin 0001" in papers["Alpha"] & papers["Delta"]
    assert (await invariant(graph))["wrong"] == 0


async def test_spellings_of_one_name_are_one_person_and_an_initial_is_another(graph: Graph, tmp_path: Path) -> None:
    path = _bib(
        tmp_path, "names.bib",
        "@article{a, title={One}, author={Smith, John and Ann Lee}, year={2020}}",
        "@article{b, title={Two}, author={JOHN SMITH}, year={2021}}",
        "@article{c, title={Three}, author={John  Smith. and Bo Chen}, year={2022}}",
        "@article{d, title={Four}, author={J. Smith and Ann Lee}, year={2023}}",
    )
    await load_files(graph, "bibtex", path, tmp_path=tmp_path)
    people = {r["id"]: r for r in await graph.read("inspect/list_researchers")}
    assert people["name:john-smith"]["works_count"] == 3
    assert (people["name:john-smith"]["first_year"], people["name:john-smith"]["last_year"]) == (2020, 2022)
    assert people["name:j-smith"]["works_count"] == 1
    assert sorted(people) == ["name:ann-lee", "name:bo-chen", "name:j-smith", "name:john-smith"]


async def test_two_spellings_with_one_orcid_from_two_sources_are_one_person(graph: Graph, tmp_path: Path) -> None:
    orcid = "0000-0002-9999-0001"
    dblp = _dblp_records(tmp_path, f'<article key="journals/toy/M21"><author orcid="{orcid}">J&uuml;rgen M&uuml;ller</author>'
                 "<author>Ann Lee</author><title>Orcid Matters.</title><year>2021</year></article>\n")
    work = ('{"id": "https://openalex.org/W9100000001", "title": "Another Orcid Paper", "publication_year": 2022, '
            '"authorships": [{"author": {"id": "https://openalex.org/A9100000001", "display_name": "J. Mueller", '
            f'"orcid": "https://orcid.org/{orcid}"}}, "institutions": []}}]}}\n')
    (tmp_path / "works.jsonl").write_text(work, encoding="utf-8")
    await load_files(graph, "dblp", dblp, tmp_path=tmp_path)
    await load_files(graph, "openalex", tmp_path / "works.jsonl", tmp_path=tmp_path)
    [person] = [r for r in await graph.read("inspect/list_researchers") if r["orcid"] == orcid]
    assert person["id"] == f"orcid:{orcid}" and person["name"] == "Jürgen Müller"
    assert "J. Mueller" in person["aliases"]
    assert set(person["ids"]) >= {f"orcid:{orcid}", "dblp:Jürgen Müller", "openalex:A9100000001"}
    assert person["works_count"] == 2
    assert len(await graph.read("inspect/list_researchers")) == 2


@pytest.mark.parametrize("one_load", [False, True], ids=["three-loads", "one-load"])
async def test_a_yearless_card_listing_finds_the_paper_another_source_loaded_first(
    graph: Graph, tmp_path: Path, one_load: bool
) -> None:
    """DBLP keys the paper; the page's dated listing joins it by title + year; the card's listing shows no year and
    is dated in the year it was taken (by default today, not 2023), so it can only be found as the profile title the
    page's listing left on it."""
    dblp = _dblp_records(tmp_path, '<article key="journals/toy/OL23"><author>Mira Okafor</author><author>Jonas Lindqvist'
                 "</author><title>Short Note Without an Abstract.</title><year>2023</year></article>\n")
    card = tmp_path / "card.txt"
    card.write_text(YEARLESS_CARD, encoding="utf-8")
    files = [(dblp, "dblp"), (FIXTURES / "profiles" / "page-mira-okafor.txt", "profile"), (card, "profile")]
    if one_load:
        await load_files(graph, None, *(path for path, _ in files), tmp_path=tmp_path)
    else:
        for path, source in files:
            await load_files(graph, source, path, tmp_path=tmp_path)
    same = [p for p in await graph.read("inspect/list_papers") if p["title"] == "Short Note Without an Abstract"]
    assert [(p["id"], p["year"]) for p in same] == [("dblp:journals/toy/OL23", 2023)]
    assert (await invariant(graph))["wrong"] == 0
    assert await wrong_counters(graph) == 0
