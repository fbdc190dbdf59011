"""Records on their way to the graph: what is too long to keep is a Reject, what is too long to show is cut with a
Cut saying so, and what fits passes untouched."""

from __future__ import annotations

import pytest

from loaders.limits import (
    ABSTRACT_CHARS,
    ID_CHARS,
    INSTITUTION_CHARS,
    NAME_CHARS,
    REPORT_CHARS,
    TITLE_CHARS,
    TOPIC_CHARS,
    VENUE_CHARS,
    checked,
)
from loaders.records import Author, Cut, Institution, Note, Person, Record, Reject, Topic, Work


def check(record: Record) -> list[Record]:
    return list(checked(iter([record])))


def work(**fields: object) -> Work:
    base: dict[str, object] = {"title": "A Fine Title", "where": "f.bib:1", "year": 2020, "authors": (Author("Ann Bee"),)}
    return Work(**(base | fields))  # type: ignore[arg-type]


def test_a_record_within_every_limit_passes_as_the_same_object() -> None:
    fine = work(venue="v" * VENUE_CHARS, abstract="a" * ABSTRACT_CHARS, title="t" * TITLE_CHARS)
    note = Note("f.bib:1", "said once")
    assert check(fine)[0] is fine and check(note) == [note]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": "T" * (TITLE_CHARS + 1)}, f"title of 2,001 characters, over the limit of {TITLE_CHARS:,}"),
        ({"authors": (Author("Ann Bee"), Author("N" * (NAME_CHARS + 1)))}, "author 2's name of 301 characters"),
        ({"doi": "10.1/" + "x" * ID_CHARS}, "DOI of 517 characters, over the limit of 512"),
        ({"ids": ("dblp:" + "k" * ID_CHARS,)}, "id of 517 characters"),
        ({"references": ("openalex:W" + "9" * ID_CHARS,)}, "id of 522 characters"),
        ({"topics": (Topic("arxiv:" + "c" * ID_CHARS, "x", "arxiv"),)}, "topic id of 518 characters"),
        ({"authors": (Author("Ann Bee", ids=("dblp:" + "a" * ID_CHARS,)),)}, "author 1's id of 517 characters"),
        ({"year": 99999}, "year 99999 is not a year"),
        ({"year": 0}, "year 0 is not a year"),
        ({"title": "Caf\udce9"}, "not valid UTF-8 or Unicode (U+DCE9"),
        ({"authors": (Author("Ann \ud800Bee"),)}, "U+D800"),
        ({"title": "?!…"}, "no letter or digit to key the paper by"),
    ],
)
def test_what_cannot_be_kept_is_a_reject_with_the_reason(fields: dict[str, object], reason: str) -> None:
    [reject] = check(work(**fields))
    assert isinstance(reject, Reject) and reject.where == "f.bib:1"
    assert reason in reject.reason


def test_a_punctuation_title_with_an_id_is_kept() -> None:
    """The title key only matters when nothing else keys the paper."""
    keyed = work(title="?!", ids=("dblp:conf/x/Q1",))
    assert check(keyed) == [keyed]


def test_overlong_text_is_cut_to_its_limit_and_each_cut_said_before_the_record() -> None:
    long_inst = Institution("I" * 2 * INSTITUTION_CHARS, id="openalex:I1")
    records = check(work(venue="v" * 5_000, abstract="a" * 100_000, kind="k" * 100, date="2020-01-02T00:00:00",
                         authors=(Author("Ann Bee", affiliations=(long_inst,)),),
                         topics=(Topic("keyword:x", "t" * 1_000, "keyword"),)))
    *cuts, loaded = records
    assert all(isinstance(c, Cut) and c.where == "f.bib:1" and c.reason.endswith("the record loads") for c in cuts)
    assert [c.reason.split(" of ")[0] for c in cuts] == [  # type: ignore[union-attr]
        "venue", "abstract", "kind", "date", "institution name", "topic name"]
    assert isinstance(loaded, Work)
    assert (len(loaded.venue or ""), len(loaded.abstract or ""), loaded.date) == (VENUE_CHARS, ABSTRACT_CHARS, "2020-01-02")
    assert len(loaded.authors[0].affiliations[0].name) == INSTITUTION_CHARS
    assert loaded.authors[0].affiliations[0].id == "openalex:I1" and len(loaded.topics[0].name) == TOPIC_CHARS


def test_a_profile_owner_is_held_to_the_same_limits() -> None:
    owner = Person(Author("N" * (NAME_CHARS + 1)), where="p.txt:3")
    [reject] = check(owner)
    assert isinstance(reject, Reject) and "the profile's owner's name" in reject.reason
    topical = Person(Author("Ann Bee"), where="p.txt:3", topics=(Topic("profile:cv", "c" * 1_000, "profile"),))
    cut, kept = check(topical)
    assert isinstance(cut, Cut) and isinstance(kept, Person) and len(kept.topics[0].name) == TOPIC_CHARS


def test_a_parsers_reject_is_made_fit_for_the_report() -> None:
    """A reason quoting a key with a byte that was not UTF-8, or a field of thousands of characters, is written with
    escapes and shortened: before, writing it to the rejects report ended the load."""
    [quoted] = check(Reject("f.bib:1", "@article{caf\udce9} has no title"))
    assert quoted == Reject("f.bib:1", "@article{caf\\udce9} has no title")
    [long] = check(Reject("f.bib:1", "x" * 5_000))
    assert isinstance(long, Reject) and len(long.reason) == REPORT_CHARS and long.reason.endswith("…")
