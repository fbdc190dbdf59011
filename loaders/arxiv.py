"""arXiv metadata snapshot (Kaggle's `arxiv-metadata-oai-snapshot.json`): one JSON object a line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.arxiv_categories import CATEGORIES
from loaders.files import head
from loaders.json_input import json_lines, json_value, shown
from loaders.options import LoadOptions
from loaders.records import Author, FormatError, Institution, Record, Reject, Topic, Work

EXPECTED = "arXiv metadata JSON lines"

# Keys of the snapshot that come early in each object (`submitter` is second), so they are in the head
# even when a record's author list runs to hundreds of kilobytes.
_ARXIV_KEY = re.compile(rb'"(?:submitter|authors_parsed|journal-ref|versions)"\s*:')
_CREATED = re.compile(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
# An affiliation slot holding only footnote marks ("1 and 3", "2, 4") names no institution.
_FOOTNOTE = re.compile(r"^[\d\s,;&*]*(?:and[\d\s,;&*]+)*$")



def sniff(path: Path) -> bool:
    """A JSON object first, with keys only the arXiv snapshot has."""
    return _describe_head(head(path)) is None


def parse(path: Path, options: LoadOptions | None = None) -> Iterator[Record]:
    """Check the head now (FormatError before any record), then stream one Work or Reject a line."""
    problem = _describe_head(head(path))
    if problem is not None:
        raise FormatError(path, EXPECTED, problem)
    return _records(path)


def _describe_head(data: bytes) -> str | None:
    """None when the head looks like the snapshot, else what it looks like instead."""
    text = data.lstrip()
    if not text:
        return "an empty file"
    if not text.startswith(b"{"):
        return f"text starting {text[:20]!r}"
    if not _ARXIV_KEY.search(text):
        return "JSON without arXiv snapshot keys"
    return None


def _records(path: Path) -> Iterator[Record]:
    for where, line in json_lines(path):
        yield _record(line, where)


def _record(line: str, where: str) -> Record:
    obj, problem = json_value(line)
    if problem is not None:
        return Reject(where, problem)
    if not isinstance(obj, dict):
        return Reject(where, f"not a JSON object but {type(obj).__name__}")
    return work_from_json(obj, where)


class _Malformed(ValueError):
    """A value of the wrong type or form; the message is the Reject's reason."""


def work_from_json(obj: dict[str, Any], where: str) -> Work | Reject:
    """One snapshot object as a Work; without an id or a title it identifies nothing, and a field of the wrong
    type says the record is not what it claims: both are rejected."""
    try:
        return _work(obj, where)
    except _Malformed as e:
        return Reject(where, str(e))


def _work(obj: dict[str, Any], where: str) -> Work | Reject:
    arxiv_id = _field(obj, "id")
    title = _field(obj, "title")
    if not arxiv_id:
        return Reject(where, "no id")
    if not title:
        return Reject(where, f"{arxiv_id}: no title")
    date = first_version_date(obj.get("versions"))
    for name in ("journal-ref", "doi", "abstract", "categories"):
        _field(obj, name)  # each a string or null: anything else is not the snapshot's record
    return Work(
        title=title,
        where=where,
        year=int(date[:4]) if date else None,
        date=date,
        kind="preprint",
        venue=_text(obj.get("journal-ref")),
        doi=first_doi(obj.get("doi")),
        arxiv_id=arxiv_id,
        ids=(f"arxiv:{arxiv_id}",),
        abstract=_stripped(obj.get("abstract")),
        authors=authors_from_parsed(obj.get("authors_parsed")),
        topics=topics_from_categories(obj.get("categories")),
    )


def first_version_date(versions: object) -> str | None:
    """'Mon, 2 Apr 2007 19:18:42 GMT' of v1 -> '2007-04-02'; parsed by hand so the locale cannot matter.
    No versions: no date. Versions whose first has no readable date: _Malformed (a year that is not a year)."""
    if versions is None or versions == []:
        return None
    if not isinstance(versions, list) or not isinstance(versions[0], dict):
        raise _Malformed(f"versions is not a list of {{version, created}} objects but {shown(versions)}")
    created = versions[0].get("created")
    m = _CREATED.search(created) if isinstance(created, str) else None
    month = _MONTHS.get(m.group(2).lower()) if m else None
    if m is None or month is None:
        raise _Malformed(f"the first version's date {shown(created)} is not a date like 'Mon, 2 Apr 2007'")
    return f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"


def first_doi(value: object) -> str | None:
    """Errata add more DOIs separated by spaces; the first is the paper's own."""
    parts = str(value).split() if value else []
    return parts[0].lower() if parts else None


def authors_from_parsed(parsed: object) -> tuple[Author, ...]:
    """[last, first, suffix, affiliation?] -> Author('First Last Suffix'), byline order kept; anything but a list
    of such lists of strings is _Malformed."""
    if parsed is None:
        return ()
    if not isinstance(parsed, list):
        raise _Malformed(f"authors_parsed is not a list of names but {shown(parsed)}")
    authors = []
    for position, entry in enumerate(parsed, start=1):
        if not isinstance(entry, list) or not all(p is None or isinstance(p, str) for p in entry):
            raise _Malformed(f"author {position} in authors_parsed is not a [last, first, suffix] list of strings "
                             f"but {shown(entry)}")
        parts = [_text(p) or "" for p in entry[:4]] + [""] * 4
        last, first, suffix, affiliation = parts[:4]
        name = " ".join(p for p in (first, last, suffix) if p)
        if not any(c.isalpha() for c in name):
            continue  # the snapshot sometimes parses a stray ';' (carrying a footnote legend) as an author
        institutions = (Institution(name=affiliation),) if affiliation and not _FOOTNOTE.match(affiliation) else ()
        authors.append(Author(name=name, affiliations=institutions))
    return tuple(authors)


def topics_from_categories(value: object) -> tuple[Topic, ...]:
    """'math.CO cs.CG' -> two Topics, named from the taxonomy (unknown codes named by themselves)."""
    codes = dict.fromkeys(str(value).split()) if value else {}
    return tuple(Topic(id=f"arxiv:{code}", name=CATEGORIES.get(code, code), scheme="arxiv") for code in codes)


def _field(obj: dict[str, Any], name: str) -> str | None:
    """A text field with whitespace collapsed; null or absent -> None; any other type is _Malformed."""
    value = obj.get(name)
    if value is not None and not isinstance(value, str):
        raise _Malformed(f"{name} is not a string but {shown(value)}")
    return _text(value)


def _text(value: object) -> str | None:
    """Whitespace collapsed (the snapshot hard-wraps titles and journal refs); empty -> None."""
    text = " ".join(value.split()) if isinstance(value, str) else ""
    return text or None


def _stripped(value: object) -> str | None:
    text = value.strip() if isinstance(value, str) else ""
    return text or None
