"""OpenAlex works: snapshot part files (JSON lines) or one API page `{"meta": ..., "results": [...]}`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, TypeGuard

from loaders.files import READ_ERRORS, broken_off, head, open_text
from loaders.json_input import cut_short, json_lines, json_value, shown
from loaders.options import LoadOptions
from loaders.records import Author, FormatError, Institution, Record, Reject, Stopped, Topic, Work

EXPECTED = "OpenAlex works (JSON lines or an API page)"

Layout = Literal["lines", "page"]

# An API page opens with its envelope; pretty-printed pages put whitespace between the tokens.
_PAGE = re.compile(rb'^\s*\{\s*"(?:meta|results|group_by)"\s*:')
_WORK_ID = re.compile(rb'"https://openalex\.org/W\d+"')
_NO_RESULTS = re.compile(rb'"results"\s*:\s*\[\s*\]')
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([a-z\-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?", re.I)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)
_VERSION = re.compile(r"v\d+$")


def sniff(path: Path) -> bool:
    """A JSON object whose head names an OpenAlex work (lines) or opens an API page envelope."""
    return _layout(head(path)) is not None


def parse(path: Path, options: LoadOptions | None = None) -> Iterator[Record]:
    """Check the head now (FormatError before any record), then stream Works and Rejects."""
    data = head(path)
    layout = _layout(data)
    if layout is None:
        raise FormatError(path, EXPECTED, _found(data))
    return _page_records(path) if layout == "page" else _line_records(path)


def _layout(data: bytes) -> Layout | None:
    # Both layouts must name a work early: a page of authors or sources is not a page of works.
    names_work = _WORK_ID.search(data) is not None
    if _PAGE.match(data) and (names_work or _NO_RESULTS.search(data)):
        return "page"
    if data.lstrip().startswith(b"{") and names_work:
        return "lines"
    return None


def _found(data: bytes) -> str:
    text = data.lstrip()
    if not text:
        return "an empty file"
    if not text.startswith(b"{"):
        return f"text starting {text[:20]!r}"
    return "JSON naming no OpenAlex work"


def _line_records(path: Path) -> Iterator[Record]:
    for where, line in json_lines(path):
        obj, problem = json_value(line)
        yield Reject(where, problem) if problem is not None else work_from_json(obj, where)


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"\s*")


def _page_records(path: Path) -> Iterator[Record]:
    """The works of an API page, one at a time, so a page cut mid-way still gives the works before the cut
    (then Stopped). The page is read whole: at most a few hundred works. JSON is UTF-8: undecodable bytes stay as
    lone surrogates, and loaders/limits.py rejects the work that holds them."""
    try:
        with open_text(path, errors="surrogateescape") as f:
            text = f.read()
    except READ_ERRORS as exc:
        raise broken_off(f"{path.name}:1", exc) from exc
    found = _results_start(text)
    if found is None:
        yield Reject(path.name, "API page has no results list")
        return
    pos, i = found, 0
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith("]", pos):
            return
        where = f"{path.name}:results[{i}]"
        try:
            obj, pos = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            if cut_short(e, text):
                raise Stopped(where, "the page ends in the middle of this work; the rest is lost") from None
            why = f"the page is not JSON from here on ({e.msg}, line {e.lineno}); the rest is lost"
            raise Stopped(where, why) from None
        except RecursionError:
            raise Stopped(where, "JSON nested too deep to read; the rest of the page is lost") from None
        yield work_from_json(obj, where)
        i += 1
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith(",", pos):
            pos += 1
        elif not text.startswith("]", pos):
            raise Stopped(f"{path.name}:results[{i}]", "the page breaks off after this work; the rest is lost")


_RESULTS = re.compile(r'"results"\s*:\s*\[')


def _results_start(text: str) -> int | None:
    """Where the first work of the page's results list starts: after `"results": [` at the envelope's top level
    (the keys before it, `meta` and `group_by`, are skipped as whole JSON values)."""
    pos = _SPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("{", pos):
        return None
    pos += 1
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        m = _RESULTS.match(text, pos)
        if m is not None:
            return m.end()
        try:
            key, pos = _DECODER.raw_decode(text, pos)
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if not isinstance(key, str) or not text.startswith(":", pos):
                return None
            _, pos = _DECODER.raw_decode(text, _SPACE.match(text, pos + 1).end())  # type: ignore[union-attr]
        except (ValueError, RecursionError):
            return None
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if not text.startswith(",", pos):
            return None
        pos += 1


class _Malformed(ValueError):
    """A value of the wrong type or form; the message is the Reject's reason."""


def work_from_json(obj: Any, where: str) -> Work | Reject:
    """One OpenAlex work object as a Work; without an id or a title it identifies nothing, and a field of the
    wrong type (a title that is not a string, a year that is not a year, authorships that are not a list of
    authorships) says the record is not what it claims: both are rejected."""
    if not isinstance(obj, dict):
        return Reject(where, f"not a JSON object but {type(obj).__name__}")
    try:
        return _work(obj, where)
    except _Malformed as e:
        return Reject(where, str(e))


def _work(obj: dict[str, Any], where: str) -> Work | Reject:
    for name in ("id", "display_name", "title", "doi", "publication_date", "type"):
        _string(obj, name)
    work_id = short_id(obj.get("id"))
    title = _text(obj.get("display_name")) or _text(obj.get("title"))
    if not work_id:
        return Reject(where, "no id")
    if not title:
        return Reject(where, f"openalex:{work_id}: no title")
    year = obj.get("publication_year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise _Malformed(f"publication_year {shown(year)} is not a year")
    authorships = obj.get("authorships")
    if authorships is not None and not isinstance(authorships, list):
        raise _Malformed(f"authorships is not a list but {shown(authorships)}")
    doi = bare_doi(obj.get("doi"))
    return Work(
        title=title,
        where=where,
        year=year,
        date=_text(obj.get("publication_date")),
        kind=_text(obj.get("type")),
        venue=_text(_get(obj, "primary_location", "source", "display_name")),
        doi=doi,
        arxiv_id=arxiv_id_of(obj, doi),
        ids=(f"openalex:{work_id}",),
        abstract=abstract_of(obj),
        cited_by_count=_int(obj.get("cited_by_count")),
        authors=tuple(a for i, x in enumerate(authorships or (), 1) if (a := _authorship(x, i)) is not None),
        topics=topics_of(obj),
        references=tuple(f"openalex:{w}" for w in map(short_id, _list(obj.get("referenced_works"))) if w),
    )


def short_id(url: object) -> str | None:
    """'https://openalex.org/W2741809807' -> 'W2741809807' (a bare id passes through)."""
    text = _text(url)
    return text.rstrip("/").rsplit("/", 1)[-1] if text else None


def bare_doi(value: object) -> str | None:
    """'https://doi.org/10.1/ABC' -> '10.1/abc'."""
    text = _text(value)
    if not text:
        return None
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    return text.lower() or None


def bare_orcid(value: object) -> str | None:
    """'https://orcid.org/0000-0002-1825-0097' -> '0000-0002-1825-0097'."""
    text = _text(value)
    return text.rstrip("/").rsplit("/", 1)[-1] if text else None


def arxiv_id_of(obj: dict[str, Any], doi: str | None) -> str | None:
    """From an arXiv DOI (10.48550/arxiv.<id>) or a location pointing at arxiv.org/abs|pdf/<id>; no version."""
    m = _ARXIV_DOI.match(doi or "")
    if m:
        return _VERSION.sub("", m.group(1))
    ids = obj.get("ids")
    candidates = [ids.get("arxiv")] if isinstance(ids, dict) else []
    for loc in [obj.get("primary_location"), *_list(obj.get("locations"))]:
        if isinstance(loc, dict):
            candidates += [loc.get("landing_page_url"), loc.get("pdf_url")]
    for url in candidates:
        m = _ARXIV_URL.search(url) if isinstance(url, str) else None
        if m:
            return m.group(1)
    return None


def abstract_of(obj: dict[str, Any]) -> str | None:
    """A plain `abstract` when the export has one, else the words put back at their inverted-index positions."""
    plain = obj.get("abstract")
    if isinstance(plain, str) and plain.strip():
        return plain.strip()
    index = obj.get("abstract_inverted_index")
    if not isinstance(index, dict) or not index:
        return None
    at: dict[int, str] = {}
    for word, positions in index.items():
        for p in positions if isinstance(positions, list) else ():
            if isinstance(p, int):
                at[p] = word
    return " ".join(at[p] for p in sorted(at)) or None


def _authorship(authorship: Any, position: int) -> Author | None:
    """author_of, with an authorship that is not an object or a name that is not a string _Malformed."""
    if not isinstance(authorship, dict):
        raise _Malformed(f"authorship {position} is not an object but {shown(authorship)}")
    person = authorship.get("author")
    names = [authorship.get("raw_author_name")] + ([person.get("display_name")] if isinstance(person, dict) else [])
    names_ok = all(n is None or isinstance(n, str) for n in names)
    if (person is not None and not isinstance(person, dict)) or not names_ok:
        raise _Malformed(f"authorship {position} does not name its author with a string: {shown(authorship)}")
    return author_of(authorship)


def author_of(authorship: Any) -> Author | None:
    """One authorship -> Author with ORCID, OpenAlex id and the institutions listed for this work."""
    if not isinstance(authorship, dict):
        return None
    given = authorship.get("author")
    person = given if isinstance(given, dict) else {}
    name = _text(person.get("display_name")) or _text(authorship.get("raw_author_name"))
    if not name:
        return None
    author_id = short_id(person.get("id"))
    return Author(
        name=name,
        orcid=bare_orcid(person.get("orcid")),
        ids=(f"openalex:{author_id}",) if author_id else (),
        affiliations=tuple(i for i in map(institution_of, _list(authorship.get("institutions"))) if i is not None),
    )


def institution_of(obj: Any) -> Institution | None:
    if not isinstance(obj, dict) or not _text(obj.get("display_name")):
        return None
    inst_id = short_id(obj.get("id"))
    return Institution(
        name=_text(obj.get("display_name")) or "",
        id=f"openalex:{inst_id}" if inst_id else None,
        country=_text(obj.get("country_code")),
    )


def topics_of(obj: dict[str, Any]) -> tuple[Topic, ...]:
    """`topics` (T…) when present; older records only have `concepts` (C…)."""
    entries = _list(obj.get("topics")) or _list(obj.get("concepts"))
    topics = []
    for t in entries:
        topic_id = short_id(t.get("id")) if isinstance(t, dict) else None
        name = _text(t.get("display_name")) if isinstance(t, dict) else None
        if topic_id and name:
            score = t.get("score")
            topics.append(Topic(f"openalex:{topic_id}", name, "openalex", float(score) if _is_number(score) else None))
    return tuple(topics)


def _string(obj: dict[str, Any], name: str) -> None:
    value = obj.get(name)
    if value is not None and not isinstance(value, str):
        raise _Malformed(f"{name} is not a string but {shown(value)}")


def _get(obj: Any, *keys: str) -> Any:
    """Nested lookup that tolerates nulls on the way: primary_location or its source is often null."""
    for key in keys:
        obj = obj.get(key) if isinstance(obj, dict) else None
    return obj


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: object) -> str | None:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    return text or None


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _int(value: object) -> int | None:
    return int(value) if _is_number(value) else None
