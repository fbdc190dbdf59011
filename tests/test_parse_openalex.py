"""The OpenAlex parser: JSON lines and API pages, on fixtures the project wrote and on the real 200 works."""

from __future__ import annotations

import dataclasses
import gzip
import json
import lzma
import shutil
from pathlib import Path

import pytest

from loaders import openalex
from loaders.records import Author, FormatError, Institution, Record, Reject, Topic, Work
from tests.shared_data import shared_data_dir
from tests.stops import read_until_stopped

FIXTURES = Path(__file__).parent / "fixtures" / "openalex"


def works(path: Path) -> list[Work]:
    records = list(openalex.parse(path))
    assert all(isinstance(r, Work) for r in records), [r for r in records if not isinstance(r, Work)]
    return records  # type: ignore[return-value]


def placeless(records: list[Record]) -> list[Record]:
    """The records with `where` blanked, to compare two files holding the same works."""
    return [dataclasses.replace(r, where="") for r in records]


def test_a_work_carries_its_ids_dates_kind_venue_and_counts() -> None:
    """Short OpenAlex id, bare lower-case DOI, publication year and date, type, source name, cited_by_count."""
    work = works(FIXTURES / "works.jsonl")[0]
    assert (work.ids, work.where) == (("openalex:W9000000001",), "works.jsonl:1")
    assert work.title == "A Toy Model of Graph Collaboration"
    assert (work.year, work.date, work.kind) == (2021, "2021-01-05", "article")
    assert (work.venue, work.doi, work.cited_by_count) == ("Journal of Invented Results", "10.1234/toy.2021.1", 7)


def test_an_arxiv_location_gives_the_arxiv_id_without_version() -> None:
    """A location landing on arxiv.org/abs/2101.00001v2 means arXiv 2101.00001."""
    assert works(FIXTURES / "works.jsonl")[0].arxiv_id == "2101.00001"


def test_an_arxiv_doi_gives_the_arxiv_id() -> None:
    """DataCite's arXiv DOIs (10.48550/arXiv.<id>) name the preprint too."""
    work = openalex.work_from_json(
        {"id": "https://openalex.org/W1", "display_name": "T", "doi": "https://doi.org/10.48550/arXiv.2301.00003"}, "x"
    )
    assert isinstance(work, Work) and work.arxiv_id == "2301.00003"


def test_authors_keep_byline_order_orcid_ids_and_institutions() -> None:
    """ORCID is bare, the author and institution ids are prefixed, institutions carry their country."""
    assert works(FIXTURES / "works.jsonl")[0].authors == (
        Author(
            name="Mira Okafor",
            orcid="0000-0002-1825-0097",
            ids=("openalex:A9000000001",),
            affiliations=(
                Institution(name="Invented University", id="openalex:I900001", country="NG"),
                Institution(name="Toy Institute", id="openalex:I900002", country="SE"),
            ),
        ),
        Author(name="Jonas Lindqvist", ids=("openalex:A9000000002",)),
    )


def test_topics_are_scored_and_concepts_stand_in_when_there_are_none() -> None:
    """`topics` win over `concepts`; a work with no topics falls back to its concepts."""
    first, second = works(FIXTURES / "works.jsonl")
    assert first.topics == (
        Topic("openalex:T90001", "Invented Network Science", "openalex", 0.99),
        Topic("openalex:T90002", "Toy Bibliometrics", "openalex", 0.5),
    )
    assert second.topics == (Topic("openalex:C90002", "Coauthorship", "openalex", 0.8),)


def test_references_are_openalex_work_ids() -> None:
    """referenced_works URLs become 'openalex:W…'."""
    assert works(FIXTURES / "works.jsonl")[0].references == ("openalex:W9000000002", "openalex:W9000000003")


def test_a_work_without_location_or_doi_has_no_venue_and_no_doi() -> None:
    """A null primary_location is tolerated: venue, DOI and arXiv id are simply unknown."""
    second = works(FIXTURES / "works.jsonl")[1]
    assert (second.venue, second.doi, second.arxiv_id, second.abstract) == (None, None, None, None)
    assert second.kind == "book-chapter"


def test_the_abstract_is_rebuilt_from_the_inverted_index() -> None:
    """Words go back to their positions; a word at two positions appears twice."""
    page = list(openalex.parse(FIXTURES / "works-page.json"))
    assert isinstance(page[0], Work)
    assert page[0].abstract == "We count who writes with whom, and count again."


def test_an_api_page_gives_the_same_works_as_json_lines_and_rejects_a_result_without_title() -> None:
    """A pretty-printed page reads like the lines; its broken third result is a Reject at results[2]."""
    page = list(openalex.parse(FIXTURES / "works-page.json"))
    assert placeless(page[:2]) == placeless(list(openalex.parse(FIXTURES / "works.jsonl")))
    assert page[0].where == "works-page.json:results[0]"
    assert isinstance(page[2], Reject) and page[2].where == "works-page.json:results[2]"
    assert "no title" in page[2].reason


def test_a_bad_line_is_rejected_with_its_number_and_the_rest_loads() -> None:
    """Line 2 is cut off mid-object; lines 1 and 3 load."""
    records = list(openalex.parse(FIXTURES / "broken.jsonl"))
    assert [type(r).__name__ for r in records] == ["Work", "Reject", "Work"]
    assert records[1].where == "broken.jsonl:2"


def test_gzipped_json_lines_are_read(tmp_path: Path) -> None:
    """Snapshot part files come as .jsonl.gz."""
    gz = tmp_path / "part_000.jsonl.gz"
    with open(FIXTURES / "works.jsonl", "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert openalex.sniff(gz)
    assert placeless(list(openalex.parse(gz))) == placeless(list(openalex.parse(FIXTURES / "works.jsonl")))


def test_files_of_other_formats_raise_format_error_before_yielding() -> None:
    """An arXiv snapshot and a CSV are not OpenAlex works; parse refuses them when called."""
    for other in (Path(__file__).parent / "fixtures" / "arxiv" / "sample.jsonl",
                  Path(__file__).parent / "fixtures" / "arxiv" / "not-json.csv"):
        assert not openalex.sniff(other)
        with pytest.raises(FormatError):
            openalex.parse(other)


# --- the real works in ../shared/data ---


def test_the_real_lines_and_page_give_the_same_200_works() -> None:
    """works-200.jsonl (plain abstracts) and works-page-200.json (inverted indexes) hold the same 200 works."""
    data = shared_data_dir() / "openalex"
    lines, page = works(data / "works-200.jsonl"), works(data / "works-page-200.json")
    assert len(lines) == len(page) == 200
    assert placeless(lines) == placeless(page)  # type: ignore[arg-type]
    assert page[0].where == "works-page-200.json:results[0]"


def test_the_real_first_work_is_read_in_full() -> None:
    """W4235089722, 'Biodiversity Finance' (International Affairs, 2000), one author with ORCID, three topics."""
    work = works(shared_data_dir() / "openalex" / "works-200.jsonl")[0]
    assert (work.ids, work.title, work.year, work.date) == (
        ("openalex:W4235089722",), "Biodiversity Finance", 2000, "2000-04-01")
    assert (work.kind, work.venue, work.doi) == ("article", "International Affairs", "10.1111/1468-2346.00131")
    assert work.authors == (Author("Michael C. Rubino", "0000-0002-6528-1179", ("openalex:A5035075703",)),)
    assert [t.id for t in work.topics] == ["openalex:T13438", "openalex:T10841", "openalex:T10319"]
    assert work.abstract is not None and work.abstract.startswith("The 1992 Convention on Biological Diversity")


def test_real_works_carry_institutions_topics_and_references() -> None:
    """Across the 200 works: institutions with OpenAlex ids and countries, topics for all, references for some."""
    all_works = works(shared_data_dir() / "openalex" / "works-200.jsonl")
    institutions = [i for w in all_works for a in w.authors for i in a.affiliations]
    assert institutions and all(i.id and i.id.startswith("openalex:I") for i in institutions)
    assert all(w.topics for w in all_works)
    assert sum(1 for w in all_works if w.references) > 0
    assert sum(1 for w in all_works if w.abstract) == 151


def _work(n: int, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {"id": f"https://openalex.org/W{n}", "display_name": f"Work {n}", "publication_year": 2021,
                               "authorships": [{"author": {"id": "https://openalex.org/A1", "display_name": "Ann Bee"}}]}
    return base | fields


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"display_name": 42}, "display_name is not a string but int 42"),
        ({"display_name": None, "title": ["A"]}, "title is not a string"),
        ({"publication_year": "2021"}, "publication_year str \"2021\" is not a year"),
        ({"publication_year": 2021.0}, "publication_year float 2021.0 is not a year"),
        ({"publication_year": True}, "publication_year bool true is not a year"),
        ({"authorships": {"author": "Ann Bee"}}, "authorships is not a list but dict"),
        ({"authorships": ["Ann Bee"]}, "authorship 1 is not an object but str"),
        ({"authorships": [{"author": {"display_name": ["Ann", "Bee"]}}]}, "authorship 1 does not name its author"),
        ({"authorships": [{"author": "Ann Bee"}]}, "authorship 1 does not name its author"),
        ({"id": 9000}, "id is not a string"),
    ],
)
def test_a_value_of_the_wrong_type_is_a_reject_not_a_guess(tmp_path: Path, fields: dict[str, object], reason: str) -> None:
    path = tmp_path / "wrong.jsonl"
    path.write_text(json.dumps(_work(1)) + "\n" + json.dumps(_work(2, **fields)) + "\n")
    good, bad = openalex.parse(path)
    assert isinstance(good, Work) and isinstance(bad, Reject) and bad.where == "wrong.jsonl:2"
    assert reason in bad.reason


def test_a_page_cut_mid_way_gives_the_works_before_the_cut_then_stops(tmp_path: Path) -> None:
    page = json.dumps({"meta": {"count": 5, "page": 1}, "group_by": [], "results": [_work(i) for i in range(5)]}, indent=2)
    path = tmp_path / "page.json"
    path.write_text(page[: page.index('"https://openalex.org/W3"') + 10])
    records, stop = read_until_stopped(openalex.parse(path))
    assert [r.ids for r in records] == [(f"openalex:W{i}",) for i in range(3)]  # type: ignore[union-attr]
    assert stop is not None and stop.where == "page.json:results[3]" and "ends in the middle" in stop.reason


def test_a_page_broken_part_way_stops_at_the_break(tmp_path: Path) -> None:
    page = json.dumps({"results": [_work(0), _work(1)]}).replace('"Work 1"', '"Work 1" oops')
    path = tmp_path / "page.json"
    path.write_text(page)
    records, stop = read_until_stopped(openalex.parse(path))
    assert len(records) == 1 and stop is not None and stop.where == "page.json:results[1]"
    assert "not JSON from here on" in stop.reason


def test_a_whole_page_reads_to_its_end_whatever_its_spacing(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    path.write_text('{ "meta" : {"count": 2} ,\n "results" :\n [ ' + json.dumps(_work(0)) + " ,\n"
                    + json.dumps(_work(1)) + " ] , \"group_by\": [] }")
    assert [w.ids for w in works(path)] == [("openalex:W0",), ("openalex:W1",)]


def test_nesting_too_deep_on_a_line_is_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text(json.dumps(_work(1)) + "\n" + "{" * 50_000 + "\n" + json.dumps(_work(2)) + "\n")
    good, deep, last = openalex.parse(path)
    assert isinstance(deep, Reject) and deep.where == "deep.jsonl:2" and isinstance(good, Work) and isinstance(last, Work)


def test_a_truncated_xz_part_file_stops_after_the_works_before_the_break(tmp_path: Path) -> None:
    text = "".join(json.dumps(_work(i, abstract=f"words {i * 31} " * 40)) + "\n" for i in range(3_000))
    whole = lzma.compress(text.encode())
    path = tmp_path / "part_000.jsonl.xz"
    path.write_bytes(whole[: len(whole) // 2])
    records, stop = read_until_stopped(openalex.parse(path))
    assert stop is not None and "breaks off" in stop.reason and 100 < len(records) < 3_000
    assert [r.ids[0] for r in records] == [f"openalex:W{i}" for i in range(len(records))]  # type: ignore[union-attr]
