"""dblp.xml becomes Work records: entities from the DTD, authors with DBLP ids, bad input refused or rejected."""

from __future__ import annotations

import gzip
import shutil
import tracemalloc
from pathlib import Path

import pytest

from loaders import dblp
from loaders.records import FormatError, Reject, Work
from tests.conftest import dblp_file
from tests.shared_data import shared_data_dir
from tests.stops import read_until_stopped

FIXTURES = Path(__file__).parent / "fixtures" / "dblp"
DTD = FIXTURES / "dblp.dtd"


def fixture_records() -> list[Work | Reject]:
    return list(dblp.parse(FIXTURES / "dblp.xml"))  # type: ignore[arg-type]


def test_records_come_in_file_order_with_their_line() -> None:
    """Publications give Works and broken ones Rejects, each at file:line of its start tag; www pages are skipped."""
    records = fixture_records()
    assert [(type(r).__name__, r.where) for r in records] == [
        ("Work", "dblp.xml:4"),
        ("Work", "dblp.xml:14"),
        ("Work", "dblp.xml:29"),
        ("Reject", "dblp.xml:36"),
        ("Reject", "dblp.xml:41"),
        ("Work", "dblp.xml:46"),
    ]


def test_entities_from_the_dtd_and_latin1_bytes_become_unicode() -> None:
    """&Aring;&ouml; resolve through the DTD and a raw ISO-8859-1 byte decodes: 'Åström', 'René'."""
    first, second = fixture_records()[:2]
    assert first.authors[0].name == "Kalle Åström"  # type: ignore[union-attr]
    assert second.authors[1].name == "René Müller"  # type: ignore[union-attr]


def test_article_fields() -> None:
    """An article gives title without DBLP's final full stop, year, journal as venue, bare lower-case DOI, and its key as id."""
    work = fixture_records()[0]
    assert isinstance(work, Work)
    assert work.title == "Continuous Time Matching Constraints for Image Streams"
    assert (work.kind, work.year, work.venue) == ("article", 1999, "IEEE Trans. Pattern Anal. Mach. Intell.")
    assert work.doi == "10.1109/34.abc_def"
    assert work.ids == ("dblp:journals/pami/AstromH99",)


def test_authors_keep_order_orcid_and_full_dblp_name() -> None:
    """Authors come in byline order with their ORCID; the homonym number leaves the name but stays in the id."""
    first, second = fixture_records()[:2]
    assert isinstance(first, Work) and isinstance(second, Work)
    assert [(a.name, a.orcid) for a in first.authors] == [
        ("Kalle Åström", "0000-0002-8689-7810"),
        ("Anders Heyden", None),
    ]
    assert (second.authors[0].name, second.authors[0].ids) == ("Zhe Lin", ("dblp:Zhe Lin 0001",))


def test_title_markup_is_flattened_and_whitespace_collapsed() -> None:
    """<i> and <sub> inside a title leave only their text, and a title wrapped over lines reads as one."""
    work = fixture_records()[1]
    assert isinstance(work, Work)
    assert work.title == "The H2 Norm and Paña: Learning Things"


def test_arxiv_link_and_cites() -> None:
    """An arxiv.org/abs link gives the arXiv id without version; <cite> keys become references, '...' dropped."""
    work = fixture_records()[1]
    assert isinstance(work, Work)
    assert work.arxiv_id == "1203.01234"
    assert work.references == ("dblp:conf/iccv/Foo11",)


def test_editors_are_not_authors_and_theses_use_the_school() -> None:
    """Proceedings editors are not authors; a thesis' venue is its school; a title ending in '?' keeps it."""
    records = fixture_records()
    proceedings, thesis = records[2], records[5]
    assert isinstance(proceedings, Work) and isinstance(thesis, Work)
    assert proceedings.authors == () and proceedings.venue == "CVPR"
    assert (thesis.kind, thesis.venue, thesis.title) == ("phdthesis", "Lund University", "Why Graphs?")


def test_missing_title_and_worded_year_are_rejected_with_reasons() -> None:
    """A record without a title and one whose year is not a number give Rejects that say so."""
    rejects = [r for r in fixture_records() if isinstance(r, Reject)]
    assert "no title" in rejects[0].reason and "NoTitle12" in rejects[0].reason
    assert "not a number" in rejects[1].reason


def test_entity_missing_from_the_dtd_does_not_stop_the_file(tmp_path: Path) -> None:
    """An entity the DTD does not declare takes its HTML meaning, or U+FFFD, and parsing goes on."""
    path = dblp_file(
        tmp_path,
        '<dblp>\n<article key="journals/x/A1"><author>A &hellip; &nosuch; B</author><title>T.</title></article>\n</dblp>\n',
    )
    (work,) = list(dblp.parse(path))
    assert isinstance(work, Work)
    assert work.authors[0].name == "A … \ufffd B"


def test_xml_error_mid_file_keeps_earlier_records_then_stops_at_the_error(tmp_path: Path) -> None:
    """A well-formedness error after good records yields those records, then stops (Stopped) at the error's line."""
    good = "".join(f'<article key="journals/x/A{i}"><title>Good {i}.</title></article>\n' for i in range(3))
    path = dblp_file(tmp_path, f"<dblp>\n{good}<article><title>Bad</titl></article>\n</dblp>\n")
    records, stop = read_until_stopped(dblp.parse(path))
    assert [type(r).__name__ for r in records] == ["Work", "Work", "Work"]
    assert stop is not None and stop.where == "dblp.xml:7"
    assert "XML error" in stop.reason


def test_gzipped_dblp_reads_like_plain(tmp_path: Path) -> None:
    """dblp.xml.gz, with the DTD beside it, gives the same records as the plain file."""
    shutil.copy(DTD, tmp_path / "dblp.dtd")
    path = tmp_path / "dblp.xml.gz"
    path.write_bytes(gzip.compress((FIXTURES / "dblp.xml").read_bytes()))
    records = list(dblp.parse(path))
    assert [r.where.split(":")[1] for r in records] == [r.where.split(":")[1] for r in fixture_records()]
    assert records[0].where == "dblp.xml.gz:4"


def test_truncated_gzip_yields_what_was_read_then_stops(tmp_path: Path) -> None:
    """A dblp.xml.gz cut short gives the records before the break, then Stopped saying the file breaks off."""
    body = "<dblp>\n" + "".join(
        f'<article key="journals/x/A{i}"><author>Author {i}</author><title>Title {i}.</title><year>2000</year></article>\n'
        for i in range(5000)
    ) + "</dblp>\n"
    full = dblp_file(tmp_path, body, "full.xml")
    whole = gzip.compress(full.read_bytes())
    path = tmp_path / "dblp.xml.gz"
    path.write_bytes(whole[: len(whole) // 2])
    records, stop = read_until_stopped(dblp.parse(path))
    assert stop is not None and "breaks off" in stop.reason
    assert 100 < len(records) < 5000
    assert [r.ids[0] for r in records] == [f"dblp:journals/x/A{i}" for i in range(len(records))]  # type: ignore[union-attr]


def test_missing_dtd_raises_format_error_naming_the_expected_path(tmp_path: Path) -> None:
    """Without the DTD beside it the file cannot be read; the error names where the DTD should be."""
    path = tmp_path / "dblp.xml"
    shutil.copy(FIXTURES / "dblp.xml", path)
    with pytest.raises(FormatError, match=str(tmp_path / "dblp.dtd")):
        dblp.parse(path)


def test_wrong_root_and_non_xml_raise_before_any_record(tmp_path: Path) -> None:
    """XML whose root is not <dblp>, and JSON, raise FormatError as soon as parse is called."""
    other = dblp_file(tmp_path, "<feed><entry/></feed>\n", "other.xml")
    with pytest.raises(FormatError, match="root element <feed>"):
        dblp.parse(other)
    json = tmp_path / "works.json"
    json.write_text('{"results": []}')
    with pytest.raises(FormatError, match="no XML markup"):
        dblp.parse(json)


def test_sniff_recognises_dblp_xml_only(tmp_path: Path) -> None:
    """sniff is True for dblp.xml and False for other XML."""
    assert dblp.sniff(FIXTURES / "dblp.xml")
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?>\n<feed/>\n')
    assert not dblp.sniff(other)


def test_real_dblp_excerpt_parses_completely() -> None:
    """The genuine excerpt gives 4,218 Works with 14,810 authors; a known record reads as DBLP has it."""
    path = shared_data_dir() / "dblp" / "dblp-excerpt.xml"
    records = list(dblp.parse(path))
    assert len(records) == 4_218
    assert all(isinstance(r, Work) for r in records)
    assert sum(len(r.authors) for r in records) == 14_810  # type: ignore[union-attr]
    first = records[0]
    assert isinstance(first, Work)
    assert first.where == "dblp-excerpt.xml:4"
    assert first.ids == ("dblp:conf/icws/MaB05",)
    assert first.title == "Performance Impact of Web Service Migration in Embedded Environments"
    assert (first.year, first.venue, first.doi) == (2005, "ICWS", "10.1109/icws.2005.91")
    assert [(a.name, a.orcid) for a in first.authors] == [
        ("Kevin J. Ma", None),
        ("Radim Bartos", "0000-0002-9174-0850"),
    ]
    suffixed = next(r for r in records if r.ids == ("dblp:conf/icws/YangLWHC14",))
    assert [a.ids[0] for a in suffixed.authors][1:3] == ["dblp:Bing Li 0010", "dblp:Jian Wang 0018"]  # type: ignore[union-attr]
    assert suffixed.authors[1].name == "Bing Li"  # type: ignore[union-attr]


def _peak_while_parsing(path: Path) -> tuple[int, int]:
    """(records, peak bytes allocated by Python) while every record of the file is read and dropped."""
    tracemalloc.start()
    try:
        records = sum(1 for _ in dblp.parse(path))
        return records, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_records(tmp_path: Path) -> None:
    """The full dblp.xml is over 4 GB: a file eight times longer must not need more memory to stream."""
    entry = (
        '<inproceedings key="conf/toy/P{n}" mdate="2020-01-01">\n<author>Author{a} M&uuml;ller</author>\n'
        "<author>Coauthor{b} Example</author>\n<title>Invented study number {n}.</title>\n"
        "<year>2015</year>\n<booktitle>ToyConf</booktitle>\n</inproceedings>\n"
    )

    def body(records: int) -> str:
        return "<dblp>\n" + "".join(entry.format(n=n, a=n % 997, b=n % 499) for n in range(records)) + "</dblp>\n"

    (tmp_path / "small").mkdir()
    (tmp_path / "large").mkdir()
    small = dblp_file(tmp_path / "small", body(5_000))
    large = dblp_file(tmp_path / "large", body(40_000))
    assert large.stat().st_size > 7 * small.stat().st_size
    small_records, small_peak = _peak_while_parsing(small)
    large_records, large_peak = _peak_while_parsing(large)
    assert (small_records, large_records) == (5_000, 40_000)
    assert large_peak < 1.5 * small_peak  # held everything read, it would be some eight times larger


def test_chapters_and_books_are_works_of_their_kind(tmp_path: Path) -> None:
    """An incollection's venue is the book it is in; a book's, its publisher; a book's editors are not authors."""
    path = dblp_file(
        tmp_path,
        '<dblp>\n<incollection key="reference/ml/Lee17"><author>Ann Lee</author><title>Kernels.</title>'
        "<pages>1-9</pages><year>2017</year><booktitle>Encyclopedia of Invented Learning</booktitle>"
        "<ee>https://doi.org/10.1007/978-0-0000-0000-0_1</ee></incollection>\n"
        '<book key="books/toy/Chen20"><author>Bo Chen</author><author>Cy Diaz 0002</author><title>Graphs for All.</title>'
        "<year>2020</year><publisher>Toy Press</publisher><isbn>978-0-00-000000-0</isbn></book>\n"
        '<book key="books/toy/Ed21"><editor>Dee Eve</editor><title>Collected Toys.</title><year>2021</year>'
        "<publisher>Toy Press</publisher></book>\n</dblp>\n",
    )
    chapter, book, edited = list(dblp.parse(path))
    assert isinstance(chapter, Work) and isinstance(book, Work) and isinstance(edited, Work)
    assert (chapter.kind, chapter.venue, chapter.year, chapter.doi) == (
        "incollection", "Encyclopedia of Invented Learning", 2017, "10.1007/978-0-0000-0000-0_1"
    )
    assert [a.name for a in chapter.authors] == ["Ann Lee"]
    assert (book.kind, book.venue, book.title, book.ids) == ("book", "Toy Press", "Graphs for All", ("dblp:books/toy/Chen20",))
    assert [(a.name, a.ids) for a in book.authors] == [("Bo Chen", ("dblp:Bo Chen",)), ("Cy Diaz", ("dblp:Cy Diaz 0002",))]
    assert (edited.kind, edited.authors) == ("book", ())


def test_a_year_of_superscript_digits_is_a_reject_not_a_crash(tmp_path: Path) -> None:
    """'²¹²²' is digits to str.isdigit but not to int(): a Reject saying so, and the next record loads."""
    path = dblp_file(tmp_path, '<dblp>\n<article key="journals/x/S"><title>S.</title><year>&#178;&#185;&#178;&#178;</year>'
                     '</article>\n<article key="journals/x/T"><title>T.</title><year>2020</year></article>\n</dblp>\n')
    reject, work = dblp.parse(path)
    assert isinstance(reject, Reject) and "is not a number" in reject.reason
    assert isinstance(work, Work) and work.year == 2020
