"""The arXiv snapshot parser: fixtures the project wrote, then the real 1,000-record sample."""

from __future__ import annotations

import gzip
import json
import lzma
import shutil
from pathlib import Path
from typing import Any

import pytest

from loaders import arxiv
from loaders.limits import checked
from loaders.records import Author, FormatError, Institution, Reject, Topic, Work
from tests.shared_data import shared_data_dir
from tests.stops import read_until_stopped

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"


def works(path: Path) -> list[Work]:
    records = list(arxiv.parse(path))
    assert all(isinstance(r, Work) for r in records), [r for r in records if not isinstance(r, Work)]
    return records  # type: ignore[return-value]


def test_a_record_becomes_a_preprint_with_the_first_version_date_and_collapsed_title() -> None:
    """Title and journal-ref lose their hard wraps; the date is v1's, the year follows it."""
    work = works(FIXTURES / "sample.jsonl")[0]
    assert work.title == "A Toy Model of Graph Collaboration"
    assert (work.kind, work.date, work.year) == ("preprint", "2021-01-05", 2021)
    assert work.venue == "J. Invented Res. 1, 2 (2021)"
    assert (work.arxiv_id, work.ids, work.where) == ("2101.00001", ("arxiv:2101.00001",), "sample.jsonl:1")
    assert work.abstract == "We study an invented model of who writes with whom.\nIt exists only in this fixture."


def test_the_first_of_several_dois_is_kept_in_lower_case() -> None:
    """Errata add DOIs after a space; the paper's own comes first."""
    assert works(FIXTURES / "sample.jsonl")[0].doi == "10.1234/toy.2021.1"


def test_authors_come_from_authors_parsed_in_order_with_suffix_and_affiliation() -> None:
    """[last, first, suffix, affiliation] reads as 'First Last Suffix' at that institution."""
    assert works(FIXTURES / "sample.jsonl")[0].authors == (
        Author(name="Mira Okafor"),
        Author(name="Jonas Lindqvist Jr.", affiliations=(Institution(name="Uppsala University"),)),
    )


def test_footnote_marks_are_no_institution_and_a_stray_semicolon_is_no_author() -> None:
    """'1 and 2' in the affiliation slot and a ';' parsed as a name are artefacts of the snapshot."""
    work = works(FIXTURES / "sample.jsonl")[1]
    assert work.authors == (
        Author(name="A. Toy"),
        Author(name="B. Example", affiliations=(Institution(name="Nowhere Institute"),)),
    )


def test_categories_become_named_arxiv_topics_and_old_archives_keep_their_code() -> None:
    """Current categories are named from the taxonomy; a retired archive is named by its code."""
    first, second, _ = works(FIXTURES / "sample.jsonl")
    assert first.topics == (
        Topic("arxiv:cs.SI", "Social and Information Networks", "arxiv"),
        Topic("arxiv:physics.soc-ph", "Physics and Society", "arxiv"),
    )
    assert second.topics == (
        Topic("arxiv:hep-th", "High Energy Physics - Theory", "arxiv"),
        Topic("arxiv:alg-geom", "alg-geom", "arxiv"),
    )
    assert second.arxiv_id == "hep-th/0601001" and second.doi is None


def test_a_collaboration_with_no_first_name_is_one_author() -> None:
    """An empty first-name slot leaves the last-name slot as the whole name."""
    assert works(FIXTURES / "sample.jsonl")[2].authors == (Author(name="The TOY Collaboration"),)


def test_taxonomy_covers_every_current_archive() -> None:
    """Each current archive has named categories, e.g. cs.CV, eess.IV, econ.EM, q-fin.ST."""
    for code in ("cs.CV", "eess.IV", "econ.EM", "q-fin.ST", "q-bio.NC", "stat.ML", "nlin.CD", "astro-ph.GA",
                 "cond-mat.quant-gas", "math.AG", "physics.optics", "gr-qc", "quant-ph", "nucl-th", "math-ph"):
        assert arxiv.CATEGORIES[code] != code


def test_a_gzipped_snapshot_reads_like_the_plain_one(tmp_path: Path) -> None:
    """.gz is decompressed on the fly; records are equal up to the file name in `where`."""
    gz = tmp_path / "sample.jsonl.gz"
    with open(FIXTURES / "sample.jsonl", "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert arxiv.sniff(gz)
    assert [w.title for w in works(gz)] == [w.title for w in works(FIXTURES / "sample.jsonl")]
    assert works(gz)[0].where == "sample.jsonl.gz:1"


def test_a_file_that_is_not_json_raises_format_error_before_yielding() -> None:
    """parse checks the head when called, not when first iterated."""
    assert not arxiv.sniff(FIXTURES / "not-json.csv")
    with pytest.raises(FormatError) as e:
        arxiv.parse(FIXTURES / "not-json.csv")
    assert e.value.expected == arxiv.EXPECTED


def test_json_of_another_source_is_not_an_arxiv_snapshot() -> None:
    """An OpenAlex work is JSON too, but has none of the snapshot's keys."""
    openalex_lines = Path(__file__).parent / "fixtures" / "openalex" / "works.jsonl"
    assert not arxiv.sniff(openalex_lines)
    with pytest.raises(FormatError):
        arxiv.parse(openalex_lines)


def test_bad_lines_are_rejected_with_their_line_number_and_the_rest_loads() -> None:
    """Broken JSON, a missing title and a missing id each give a Reject; good lines around them still load."""
    records = list(arxiv.parse(FIXTURES / "broken.jsonl"))
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [r.where for r in rejects] == ["broken.jsonl:2", "broken.jsonl:4", "broken.jsonl:6"]
    assert "not JSON" in rejects[0].reason and "no title" in rejects[1].reason and "no id" in rejects[2].reason
    assert [r.where for r in records if isinstance(r, Work)] == ["broken.jsonl:1", "broken.jsonl:3", "broken.jsonl:7"]


# --- the real sample in ../shared/data ---


def real_sample() -> Path:
    return shared_data_dir() / "arxiv" / "arxiv-metadata-sample-1000.jsonl"


def test_the_real_sample_gives_1000_works_and_no_rejects() -> None:
    """0704.0001 to 0704.1000, each a Work."""
    records = works(real_sample())
    assert len(records) == 1000
    assert (records[0].arxiv_id, records[-1].arxiv_id) == ("0704.0001", "0704.1000")


def test_the_real_first_record_has_its_four_authors_category_and_dates() -> None:
    """0704.0001: the diphoton paper by Balázs, Berger, Nadolsky and Yuan, hep-ph, first posted 2 April 2007."""
    work = works(real_sample())[0]
    assert [a.name for a in work.authors] == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"]
    assert work.topics == (Topic("arxiv:hep-ph", "High Energy Physics - Phenomenology", "arxiv"),)
    assert (work.date, work.year, work.doi) == ("2007-04-02", 2007, "10.1103/physrevd.76.013009")
    assert work.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert work.venue == "Phys.Rev.D76:013009,2007"


def test_the_real_second_record_is_cross_listed_in_math_and_cs() -> None:
    """0704.0002 (Streinu, Theran) is in math.CO and cs.CG and was first posted on 31 March 2007."""
    work = works(real_sample())[1]
    assert [a.name for a in work.authors] == ["Ileana Streinu", "Louis Theran"]
    assert [t.id for t in work.topics] == ["arxiv:math.CO", "arxiv:cs.CG"]
    assert work.date == "2007-03-31" and work.doi is None


def test_real_affiliations_from_the_fourth_slot_are_kept() -> None:
    """Some authors_parsed entries carry an affiliation; a few hundred authors get one, none is a footnote mark."""
    institutions = [i.name for w in works(real_sample()) for a in w.authors for i in a.affiliations]
    assert "Caltech" in institutions and "University of Southampton" in institutions
    assert 250 < len(institutions) < 335  # 335 fourth slots, less the footnote marks and the ';' pseudo-author
    assert not any(name[0].isdigit() and " and " in name for name in institutions)


def _line(**fields: object) -> str:
    base: dict[str, object] = {"id": "2101.00009", "submitter": "A", "title": "A Title", "categories": "cs.LG",
                               "authors_parsed": [["Bee", "Ann", ""]],
                               "versions": [{"version": "v1", "created": "Tue, 5 Jan 2021 10:00:00 GMT"}]}
    return json.dumps(base | fields)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": 42}, "title is not a string but int 42"),
        ({"title": ["A", "list"]}, "title is not a string but list"),
        ({"authors_parsed": "Ann Bee and Cy Dee"}, "authors_parsed is not a list of names"),
        ({"authors_parsed": [["Bee", "Ann", ""], "Cy Dee"]}, "author 2 in authors_parsed is not a [last, first, suffix]"),
        ({"authors_parsed": [["Bee", 7, ""]]}, "author 1 in authors_parsed"),
        ({"versions": [{"created": "sometime in 2021"}]}, "first version's date"),
        ({"versions": "v1"}, "versions is not a list"),
        ({"journal-ref": {"volume": 1}}, "journal-ref is not a string"),
    ],
)
def test_a_value_of_the_wrong_type_is_a_reject_not_a_guess(tmp_path: Path, fields: dict[str, object], reason: str) -> None:
    path = tmp_path / "wrong.jsonl"
    path.write_text(_line() + "\n" + _line(**fields) + "\n")
    good, bad = arxiv.parse(path)
    assert isinstance(good, Work) and isinstance(bad, Reject) and bad.where == "wrong.jsonl:2"
    assert reason in bad.reason


def test_nesting_too_deep_and_numbers_too_long_are_rejects(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join([_line(), "[" * 100_000 + "]" * 100_000, _line()[:-1] + ', "n": ' + "9" * 5_000 + "}"])
                    + "\n")
    good, deep, long = arxiv.parse(path)
    assert isinstance(good, Work)
    assert isinstance(deep, Reject) and "nested too deep" in deep.reason
    assert isinstance(long, Reject) and "digits" in long.reason


def test_bytes_that_are_not_utf8_reject_their_line_through_the_limits(tmp_path: Path) -> None:
    """JSON is UTF-8: a Latin-1 byte is not decoded by guess; the record is rejected by loaders/limits.py."""
    path = tmp_path / "latin.jsonl"
    path.write_bytes(_line(title="Caf\u00e9").encode("latin-1").replace(b"\\u00e9", b"\xe9") + b"\n" + _line().encode() + b"\n")
    bad, good = checked(arxiv.parse(path))
    assert isinstance(bad, Reject) and "not valid UTF-8" in bad.reason and isinstance(good, Work)


def test_a_last_line_cut_mid_record_stops_the_file_after_the_records_before(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_text(_line() + "\n" + _line(id="2101.00010")[:60])
    records, stop = read_until_stopped(arxiv.parse(path))
    assert [r.where for r in records] == ["cut.jsonl:1"]
    assert stop is not None and stop.where == "cut.jsonl:2" and "ends in the middle of this record" in stop.reason


def test_a_last_line_without_newline_that_is_whole_is_read(tmp_path: Path) -> None:
    path = tmp_path / "whole.jsonl"
    path.write_text(_line() + "\n" + _line(id="2101.00010"))
    assert [w.arxiv_id for w in works(path)] == ["2101.00009", "2101.00010"]


@pytest.mark.parametrize(("suffix", "compress"), [(".gz", gzip.compress), (".xz", lzma.compress)])
def test_a_truncated_compressed_file_stops_where_it_breaks(tmp_path: Path, suffix: str, compress: Any) -> None:
    lines = "".join(_line(id=f"2101.{i:05d}", abstract=f"Abstract {i * 7919} " * 20) + "\n" for i in range(3_000))
    whole = compress(lines.encode())
    path = tmp_path / f"cut.jsonl{suffix}"
    path.write_bytes(whole[: len(whole) // 2])
    records, stop = read_until_stopped(arxiv.parse(path))
    assert stop is not None and "breaks off" in stop.reason
    assert stop.where == f"cut.jsonl{suffix}:{len(records) + 1}"
    assert 100 < len(records) < 3_000
    assert [r.arxiv_id for r in records] == [f"2101.{i:05d}" for i in range(len(records))]  # type: ignore[union-attr]
