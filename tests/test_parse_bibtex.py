"""BibTeX files become Work records: DBLP exports, hand-kept bibliographies, and broken input."""

from __future__ import annotations

import gzip
import itertools
import lzma
from pathlib import Path

import pytest

from loaders import bibtex
from loaders.limits import checked
from loaders.records import FormatError, Reject, Work
from tests.shared_data import shared_data_dir
from tests.stops import read_until_stopped

FIXTURES = Path(__file__).parent / "fixtures" / "bibtex"


def works_by_key(path: Path) -> dict[str, Work]:
    return {w.where: w for w in bibtex.parse(path) if isinstance(w, Work)}


def test_dblp_export_gives_dblp_ids_for_works_and_all_authors() -> None:
    """In a DBLP export the work is keyed by its DBLP key and every author by their DBLP name."""
    work = works_by_key(FIXTURES / "dblp-style.bib")["dblp-style.bib:1"]
    assert work.ids == ("dblp:conf/cvpr/DalalT05",)
    assert work.title == "Histograms of Oriented Gradients for Human Detection"
    assert work.year == 2005
    assert work.kind == "inproceedings"
    assert work.doi == "10.1109/cvpr.2005.177"
    assert [(a.name, a.ids) for a in work.authors] == [
        ("Navneet Dalal", ("dblp:Navneet Dalal",)),
        ("Bill Triggs", ("dblp:Bill Triggs",)),
    ]


def test_wrapped_dblp_fields_are_joined_and_unbraced() -> None:
    """Field values wrapped over several lines read as one line, protective braces removed."""
    work = works_by_key(FIXTURES / "dblp-style.bib")["dblp-style.bib:1"]
    assert work.venue == (
        "2005 IEEE Computer Society Conference on Computer Vision and Pattern Recognition "
        "(CVPR 2005), 20-26 June 2005, San Diego, CA, USA"
    )


def test_homonym_suffix_leaves_the_name_and_stays_in_the_id() -> None:
    """'Jian Sun 0001' is displayed as 'Jian Sun' and keyed as 'dblp:Jian Sun 0001'."""
    work = works_by_key(FIXTURES / "dblp-style.bib")["dblp-style.bib:17"]
    assert work.authors[-1].name == "Jian Sun"
    assert work.authors[-1].ids == ("dblp:Jian Sun 0001",)


def test_corr_entries_carry_their_arxiv_id() -> None:
    """A DBLP CoRR entry gives the arXiv id, from its eprint field or its key."""
    work = works_by_key(FIXTURES / "dblp-style.bib")["dblp-style.bib:17"]
    assert work.arxiv_id == "1512.03385"
    assert work.ids == ("dblp:journals/corr/abs-1512-03385",)


def test_dblp_keys_without_prefix_are_recognised() -> None:
    """DBLP's bulk export writes keys without 'DBLP:'; they are DBLP keys all the same."""
    work = works_by_key(FIXTURES / "dblp-style.bib")["dblp-style.bib:30"]
    assert work.ids == ("dblp:conf/eccv/AstromCG96",)
    assert work.authors[0].name == "Kalle Åström"
    assert work.authors[0].ids == ("dblp:Kalle Åström",)


def test_dblp_cite_fields_become_references() -> None:
    """Repeated `cite` fields are DBLP keys of cited works; DBLP's '...' placeholder is dropped."""
    work = works_by_key(FIXTURES / "dblp-style.bib")["dblp-style.bib:39"]
    assert work.references == ("dblp:journals/sigmod/HasanFV96", "dblp:conf/vldb/ShekitaYT93")


def test_editors_are_not_authors() -> None:
    """A proceedings volume with editors and an empty author field has no authors."""
    work = works_by_key(FIXTURES / "dblp-style.bib")["dblp-style.bib:48"]
    assert work.kind == "proceedings"
    assert work.authors == ()
    assert work.venue == "3D-GIS"


def test_handwritten_entry_with_macros_quotes_and_last_first_names() -> None:
    """@string macros, quoted values, bare numbers and 'Last, First' names all read correctly."""
    work = works_by_key(FIXTURES / "handwritten.bib")["handwritten.bib:8"]
    assert work.title == "Long-Term Temporal Convolutions for Action Recognition"
    assert work.venue == "IEEE Transactions on Pattern Analysis and Machine Intelligence"
    assert work.year == 2018
    assert work.date == "2018-06"
    assert work.doi == "10.1109/tpami.2017.2712608"
    assert [a.name for a in work.authors] == ["Gül Varol", "Ivan Laptev", "Cordelia Schmid"]
    assert all(a.ids == () for a in work.authors), "authors of non-DBLP files are keyed by name"
    assert work.ids == ()


def test_keywords_become_keyword_topics_once_each() -> None:
    """Comma- or semicolon-separated keywords give one 'keyword' Topic per distinct name key."""
    work = works_by_key(FIXTURES / "handwritten.bib")["handwritten.bib:8"]
    assert [(t.id, t.name, t.scheme) for t in work.topics] == [
        ("keyword:action-recognition", "action recognition", "keyword"),
        ("keyword:video", "video", "keyword"),
        ("keyword:convolutional-networks", "convolutional networks", "keyword"),
    ]


def test_parenthesised_entry_with_concatenation_and_tex() -> None:
    """@inproceedings(...) with `#` concatenation, TeX accents, Jr names and braced corporate names."""
    work = works_by_key(FIXTURES / "handwritten.bib")["handwritten.bib:19"]
    assert work.title == "The École of Ångström — a study of ça va"
    assert work.venue == "Proc. CVPR Workshops"
    assert work.year == 1999
    assert work.arxiv_id == "cs/9901001"
    assert [a.name for a in work.authors] == ["Martin Luther King Jr", "Barnes and Noble, Inc.", "Paul Erdős"]


def test_comments_preambles_and_strings_are_not_works() -> None:
    """@comment, @preamble and @string yield nothing; an indented entry is still found."""
    records = list(bibtex.parse(FIXTURES / "handwritten.bib"))
    assert [r.where for r in records] == ["handwritten.bib:8", "handwritten.bib:19", "handwritten.bib:28"]
    assert all(isinstance(r, Work) for r in records)
    assert records[-1].authors[0].name == "Hans Müller"


def test_at_sign_starting_a_line_inside_a_value_does_not_split_the_entry(tmp_path: Path) -> None:
    """An '@' at a line start that is not an entry head (a mention in an abstract) stays in its value."""
    path = tmp_path / "at.bib"
    path.write_text(
        "@misc{a,\n  title = {Mentions},\n  abstract = {Ask\n@someone on the forum},\n  year = {2020}\n}\n"
        "@misc{b,\n  title = {Next}\n}\n"
    )
    first, second = bibtex.parse(path)
    assert isinstance(first, Work) and first.abstract == "Ask @someone on the forum"
    assert isinstance(second, Work) and second.where == "at.bib:7"


def test_malformed_entries_are_rejected_and_the_rest_still_parses() -> None:
    """Unbalanced braces, a missing title and a worded year each give a Reject at file:line; later entries load."""
    records = list(bibtex.parse(FIXTURES / "malformed.bib"))
    assert [type(r).__name__ for r in records] == ["Work", "Reject", "Reject", "Reject", "Work"]
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [r.where for r in rejects] == ["malformed.bib:6", "malformed.bib:11", "malformed.bib:15"]
    assert "unbalanced braces" in rejects[0].reason
    assert "no title" in rejects[1].reason
    assert "not a number" in rejects[2].reason
    assert isinstance(records[-1], Work) and records[-1].title == "The Second Good Entry"


def test_fast_and_general_readers_agree() -> None:
    """The same entry read by the line-oriented fast path and by the character-level parser gives the same Work."""
    text = (FIXTURES / "dblp-style.bib").read_text(encoding="utf-8")
    chunk = text[text.index("@inproceedings{conf/eccv") : text.index("@inproceedings{conf/adbis")]
    fast = bibtex._fast_entry(30, chunk)
    assert fast is not None, "the DBLP layout should take the fast path"
    (general,) = list(bibtex._Scanner(chunk, 30, {}).entries())
    assert bibtex._record(fast, "x") == bibtex._record(general, "x")


def test_compressed_files_read_like_plain_ones(tmp_path: Path) -> None:
    """.bib.gz and .bib.xz give the same records as the plain file, with the compressed file's name in `where`."""
    data = (FIXTURES / "dblp-style.bib").read_bytes()
    plain = list(bibtex.parse(FIXTURES / "dblp-style.bib"))
    for suffix, compress in ((".gz", gzip.compress), (".xz", lzma.compress)):
        path = tmp_path / f"dblp-style.bib{suffix}"
        path.write_bytes(compress(data))
        records = list(bibtex.parse(path))
        assert [r.where.split(":")[1] for r in records] == [r.where.split(":")[1] for r in plain]
        assert records[0].where == f"dblp-style.bib{suffix}:1"
        assert [r.title for r in records] == [r.title for r in plain]  # type: ignore[union-attr]


def test_truncated_gzip_keeps_the_complete_entries_then_stops(tmp_path: Path) -> None:
    """A .gz cut short yields the entries before the break, then raises Stopped saying the file breaks off."""
    data = "".join(
        f"@inproceedings{{conf/x/E{i},\n  title = {{Entry number {i * 7919}}},\n  year = {{{1950 + i % 70}}},\n"
        f"  author = {{Author {i} and Other {i * 31}}}\n}}\n"
        for i in range(20_000)
    ).encode()
    whole = gzip.compress(data)
    path = tmp_path / "cut.bib.gz"
    path.write_bytes(whole[: len(whole) // 2])
    works, stop = read_until_stopped(bibtex.parse(path))
    assert stop is not None and "breaks off" in stop.reason
    assert all(isinstance(r, Work) for r in works)
    assert 1_000 < len(works) < 20_000
    assert [w.ids[0] for w in works] == [f"dblp:conf/x/E{i}" for i in range(len(works))], "no entry lost or cut"


def test_non_bibtex_file_raises_before_any_record() -> None:
    """JSON content (even with an @article lookalike inside) raises FormatError when parse is called."""
    with pytest.raises(FormatError, match="JSON"):
        bibtex.parse(FIXTURES / "not-bibtex.json")


def test_xml_and_empty_files_raise_format_error(tmp_path: Path) -> None:
    """An XML file and an empty file are not BibTeX either."""
    xml = tmp_path / "x.bib"
    xml.write_text('<?xml version="1.0"?><dblp></dblp>\n')
    empty = tmp_path / "empty.bib"
    empty.write_text("")
    with pytest.raises(FormatError, match="XML"):
        bibtex.parse(xml)
    with pytest.raises(FormatError, match="empty"):
        bibtex.parse(empty)


def test_garbage_named_gz_raises_format_error(tmp_path: Path) -> None:
    """A .gz that is not gzip data at all is refused up front."""
    path = tmp_path / "fake.bib.gz"
    path.write_bytes(b"@article{x, title={y}}\n")
    with pytest.raises(FormatError, match="unreadable"):
        bibtex.parse(path)


def test_sniff_tells_bibtex_from_other_files() -> None:
    """sniff is True for BibTeX files and False for JSON."""
    assert bibtex.sniff(FIXTURES / "dblp-style.bib")
    assert bibtex.sniff(FIXTURES / "malformed.bib")
    assert not bibtex.sniff(FIXTURES / "not-bibtex.json")


def test_real_dblp_cv_ml_export_parses_completely() -> None:
    """All 58,146 records of DBLP's CV/ML export become Works, with HOG at its known place."""
    path = shared_data_dir() / "bibtex" / "dblp-cv-ml-2015.bib.gz"
    records = list(bibtex.parse(path))
    assert len(records) == 58_146
    assert all(isinstance(r, Work) for r in records)
    hog = next(r for r in records if r.ids == ("dblp:conf/cvpr/DalalT05",))
    assert hog.where == "dblp-cv-ml-2015.bib.gz:51"
    assert hog.title == "Histograms of Oriented Gradients for Human Detection"
    assert (hog.year, hog.venue, hog.doi) == (2005, "CVPR (1)", "10.1109/cvpr.2005.177")
    assert [a.name for a in hog.authors] == ["Navneet Dalal", "Bill Triggs"]
    roberts = next(r for r in records if r.ids == ("dblp:conf/cvpr/RobertsSSS11",))
    assert (roberts.authors[0].name, roberts.authors[0].ids) == ("Richard Roberts", ("dblp:Richard Roberts 0001",))


def test_real_conference_export_starts_cleanly() -> None:
    """The first 20,000 records of the 1.6M-record conference export are all Works with DBLP ids."""
    path = shared_data_dir() / "bibtex" / "dblp-conferences-2015.bib.xz"
    records = list(itertools.islice(bibtex.parse(path), 20_000))
    assert len(records) == 20_000
    assert all(isinstance(r, Work) and r.ids[0].startswith("dblp:conf/") for r in records)
    assert records[0].title == "Research on a feature based spatio-temporal data model"


def test_an_entry_closed_early_by_an_extra_brace_is_a_reject_not_a_record_without_its_authors(tmp_path: Path) -> None:
    """'title = {T}},' closes the entry after its title: keeping it would silently drop the authors and year."""
    path = tmp_path / "early.bib"
    path.write_text("@article{early,\n  title = {Closed Early}},\n  author = {Ann Bee},\n  year = {2020}\n}\n"
                    "@article{fine,\n  title = {Fine},\n  author = {Cy Dee},\n  year = {2021}\n}\n")
    early, fine = bibtex.parse(path)
    assert isinstance(early, Reject) and early.where == "early.bib:1"
    assert "closed early by an extra brace at line 2" in early.reason and "'author'" in early.reason
    assert isinstance(fine, Work) and fine.authors[0].name == "Cy Dee"


def test_text_between_entries_is_still_a_comment(tmp_path: Path) -> None:
    """Free text after an entry is not taken for stray fields."""
    path = tmp_path / "comment.bib"
    path.write_text("@article{a,\n  title = {A},\n  year = {2020}\n}\nSome words, no fields here.\n"
                    "@article{b,\n  title = {B}\n}\n")
    assert [r.title for r in bibtex.parse(path)] == ["A", "B"]  # type: ignore[union-attr]


def test_a_file_ending_inside_its_last_entry_stops_there(tmp_path: Path) -> None:
    """A .bib cut mid-entry: the entries before load, the file stops at the open one (an open entry mid-file is a
    Reject, as malformed.bib shows)."""
    path = tmp_path / "cut.bib"
    path.write_text("@article{a,\n  title = {A},\n  year = {2020}\n}\n@article{b,\n  title = {The file ends in th")
    records, stop = read_until_stopped(bibtex.parse(path))
    assert [r.title for r in records] == ["A"]  # type: ignore[union-attr]
    assert stop is not None and stop.where == "cut.bib:5" and "ends inside this entry" in stop.reason


@pytest.mark.parametrize("year", ["²⁰²⁰", "٢٠٢٠", "2O2O"])
def test_a_year_of_other_digits_is_a_reject(tmp_path: Path, year: str) -> None:
    path = tmp_path / "year.bib"
    path.write_text(f"@article{{a,\n  title = {{A}},\n  year = {{{year}}}\n}}\n", encoding="utf-8")
    [reject] = bibtex.parse(path)
    assert isinstance(reject, Reject) and "is not a number" in reject.reason


def test_bytes_that_are_not_utf8_reject_their_entry_and_nothing_else(tmp_path: Path) -> None:
    """No guessing at Latin-1: the entry holding a 0xE9 byte is rejected (by loaders/limits.py), its neighbours load."""
    path = tmp_path / "latin.bib"
    path.write_bytes(b"@article{a,\n  title = {Caf\xe9},\n  year = {2020}\n}\n@article{b,\n  title = {Caf\xc3\xa9}\n}\n")
    bad, good = checked(bibtex.parse(path))
    assert isinstance(bad, Reject) and "not valid UTF-8" in bad.reason
    assert isinstance(good, Work) and good.title == "Café"
