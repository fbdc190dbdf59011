"""OpenAlex works: snapshot part files (JSON lines) or one API page `{"meta": ..., "results": [...]}`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from loaders.files import head, open_text
from loaders.options import LoadOptions
from loaders.records import Author, FormatError, Institution, Record, Reject, Topic, Work

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
    with open_text(path) as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield Reject(where, f"not JSON: {e.msg} at column {e.colno}")
                continue
            yield work_from_json(obj, where)


def _page_records(path: Path) -> Iterator[Record]:
    # An API page is one JSON document (at most a few hundred works), so it is read whole.
    with open_text(path) as f:
        try:
            page = json.load(f)
        except json.JSONDecodeError as e:
            yield Reject(f"{path.name}:{e.lineno}", f"API page is not JSON: {e.msg} at column {e.colno}")
            return
    results = page.get("results") if isinstance(page, dict) else None
    if not isinstance(results, list):
        yield Reject(path.name, "API page has no results list")
        return
    for i, obj in enumerate(results):
        yield work_from_json(obj, f"{path.name}:results[{i}]")


def work_from_json(obj: Any, where: str) -> Work | Reject:
    """One OpenAlex work object as a Work; without an id or a title it identifies nothing and is rejected."""
    if not isinstance(obj, dict):
        return Reject(where, f"not a JSON object but {type(obj).__name__}")
    work_id = short_id(obj.get("id"))
    title = _text(obj.get("display_name")) or _text(obj.get("title"))
    if not work_id:
        return Reject(where, "no id")
    if not title:
        return Reject(where, f"openalex:{work_id}: no title")
    doi = bare_doi(obj.get("doi"))
    return Work(
        title=title,
        where=where,
        year=_int(obj.get("publication_year")),
        date=_text(obj.get("publication_date")),
        kind=_text(obj.get("type")),
        venue=_text(_get(obj, "primary_location", "source", "display_name")),
        doi=doi,
        arxiv_id=arxiv_id_of(obj, doi),
        ids=(f"openalex:{work_id}",),
        abstract=abstract_of(obj),
        cited_by_count=_int(obj.get("cited_by_count")),
        authors=tuple(a for a in map(author_of, _list(obj.get("authorships"))) if a is not None),
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


def author_of(authorship: Any) -> Author | None:
    """One authorship -> Author with ORCID, OpenAlex id and the institutions listed for this work."""
    if not isinstance(authorship, dict):
        return None
    person = authorship.get("author") if isinstance(authorship.get("author"), dict) else {}
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


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _int(value: object) -> int | None:
    return int(value) if _is_number(value) else None
