"""The records every parser yields and the writer stores: one shape for all sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Institution:
    name: str
    id: str | None = None  # "openalex:I27837315", "ror:...", or None: keyed by name
    country: str | None = None  # ISO 3166-1 alpha-2 where the source says


@dataclass(frozen=True, slots=True)
class Author:
    name: str  # display name, Unicode, without DBLP's homonym suffix
    orcid: str | None = None  # bare form "0000-0002-1825-0097"
    ids: tuple[str, ...] = ()  # source ids: "openalex:A5023888391", "dblp:Zhe Lin 0001"
    affiliations: tuple[Institution, ...] = ()


@dataclass(frozen=True, slots=True)
class Topic:
    id: str  # "arxiv:cs.CV", "openalex:T11636", "keyword:<key>"
    name: str
    scheme: str  # "arxiv", "openalex", "keyword", "profile"
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Work:
    """One paper as a source describes it; identity across sources is the writer's job."""

    title: str
    where: str  # "file:line" (or "file:@byte"), for reports
    year: int | None = None
    date: str | None = None  # ISO "2024-07-11", "2024-07" or "2024"
    kind: str | None = None  # preprint, article, inproceedings, proceedings, incollection, book, phdthesis, ...
    venue: str | None = None
    doi: str | None = None  # lower case, no "https://doi.org/"
    arxiv_id: str | None = None  # "0704.0001", "hep-th/0601001"; no version suffix
    ids: tuple[str, ...] = ()  # source ids: "openalex:W...", "dblp:conf/cvpr/DalalT05"
    abstract: str | None = None
    has_code: bool | None = None
    cited_by_count: int | None = None
    authors: tuple[Author, ...] = ()  # in byline order
    topics: tuple[Topic, ...] = ()
    references: tuple[str, ...] = ()  # source ids of cited works ("openalex:W...")


@dataclass(frozen=True, slots=True)
class Person:
    """A researcher described on their own (a profile's owner), with the figures the source reported."""

    author: Author
    where: str
    metrics: dict[str, float | int] = field(default_factory=dict)  # h_index, citations, papers, ...
    topics: tuple[Topic, ...] = ()


@dataclass(frozen=True, slots=True)
class Reject:
    """A malformed record: where it is and why; the rest of the file still loads."""

    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class Note:
    """Something the user should know about the file, said once in the load's summary (an inferred owner,
    where a truncated file stopped): not a record, nothing is written for it."""

    where: str
    text: str


@dataclass(frozen=True, slots=True)
class Cut:
    """A field over its limit (see loaders/limits.py), shortened: the record still loads, and the rejects report
    says what was cut where."""

    where: str
    reason: str


Record = Work | Person | Reject | Note | Cut


class Stopped(Exception):
    """A file that cannot be read past some point (a compressed stream cut short, JSON or XML broken part way).
    A parser raises it after yielding every record before the break; the load writes those, says where and why it
    stopped, and `collab load` exits non-zero."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class FormatError(ValueError):
    """The file is not in the format claimed; raised before any record is yielded."""

    def __init__(self, path: Path | str, expected: str, found: str = "") -> None:
        detail = f" (found {found})" if found else ""
        super().__init__(f"{path}: not {expected}{detail}")
        self.path = str(path)
        self.expected = expected
