"""Streaming dblp.xml parser: publication records to Work records, in bounded memory.

dblp.xml names its characters with entities (&uuml;) that only its DTD defines. Expat, from the
standard library, reads that DTD as the document's external subset when we hand it the file beside
the XML, so every entity resolves exactly as the DTD says, in text and in attributes alike. Records
are built from expat's callbacks and handed out after each block of input, so nothing but the record
being read stays in memory, however large the file (the full dblp.xml is over 4 GB).
"""

from __future__ import annotations

import html.entities
import lzma
import re
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote
from xml.parsers import expat

from loaders.files import broken_off, head, open_binary
from loaders.options import LoadOptions
from loaders.records import Author, FormatError, Record, Reject, Stopped, Work
from loaders.text_keys import split_dblp_suffix

EXPECTED = "dblp.xml (an XML document whose root element is <dblp>)"
_BLOCK = 1 << 16
_READ_ERRORS = (EOFError, OSError, zlib.error, lzma.LZMAError)

_PUBLICATIONS = frozenset(
    {"article", "inproceedings", "proceedings", "incollection", "book", "phdthesis", "mastersthesis"}
)
_VENUE_FIELDS = ("booktitle", "journal", "school", "publisher")
# <!DOCTYPE dblp SYSTEM "dblp.dtd">: the root's name, and the DTD's system id in double or single quotes.
_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+(\w+)\s+(?:SYSTEM\s+|PUBLIC\s+(?:\"[^\"]*\"|'[^']*')\s+)(?:\"([^\"]*)\"|'([^']*)')"
)
_ARXIV_ABS = re.compile(r"arxiv\.org/abs/([\w.-]+/\d{7}|\d{4}\.\d{4,5})")
_CORR_NEW = re.compile(r"journals/corr/abs-(\d{4})-(\d{4,5})")


class _Record:
    """The fields of the record being read, as expat reports them."""

    __slots__ = ("tag", "key", "line", "fields", "authors", "ees", "cites")

    def __init__(self, tag: str, key: str, line: int) -> None:
        self.tag = tag
        self.key = key
        self.line = line
        self.fields: dict[str, str] = {}
        self.authors: list[tuple[str, str | None]] = []  # (name as in dblp, orcid)
        self.ees: list[str] = []
        self.cites: list[str] = []


class _Reader:
    """An expat parser fed block by block; finished records wait in `ready` until handed out."""

    def __init__(self, path: Path, dtd: Path) -> None:
        self.path = path
        self.name = path.name
        self.dtd = dtd
        self.ready: list[Record] = []
        self.root: str | None = None
        self.depth = 0
        self.record: _Record | None = None
        self.field: str | None = None
        self.field_attrs: dict[str, str] = {}
        self.text: list[str] = []
        self.broken: Stopped | None = None  # an XML error met while checking the start of the file
        p = expat.ParserCreate()
        p.buffer_text = True  # one character-data callback per text run, not one per line
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE)
        p.ExternalEntityRefHandler = self._external_entity
        p.SkippedEntityHandler = self._skipped_entity
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._chars
        self.parser = p

    # --- expat callbacks ---------------------------------------------------------------------------

    def _external_entity(
        self, context: str | None, base: str | None, system_id: str | None, public_id: str | None
    ) -> int:
        """Load the DTD beside the XML (whatever path the DOCTYPE gives); refuse any other fetch."""
        if system_id is None or Path(system_id).name != self.dtd.name:
            return 0
        sub = self.parser.ExternalEntityParserCreate(context)
        with open(self.dtd, "rb") as f:
            sub.ParseFile(f)
        return 1

    def _skipped_entity(self, name: str, is_parameter_entity: bool) -> None:
        """An entity the DTD does not define: HTML's meaning if it has one, else U+FFFD."""
        if self.field is not None and not is_parameter_entity:
            code = html.entities.name2codepoint.get(name)
            self.text.append(chr(code) if code is not None else "\ufffd")

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            self.root = tag
        elif self.depth == 2:
            if tag in _PUBLICATIONS:
                self.record = _Record(tag, attrs.get("key", ""), self.parser.CurrentLineNumber)
        elif self.depth == 3 and self.record is not None:
            self.field = tag
            self.field_attrs = attrs
            self.text = []
        # Deeper elements (<i>, <sub>, <sup>, <tt> in titles) only add their text to the field.

    def _chars(self, data: str) -> None:
        if self.field is not None:
            self.text.append(data)

    def _end(self, tag: str) -> None:
        if self.depth == 3 and self.record is not None and self.field is not None:
            self._store_field(self.record, self.field, "".join(self.text))
            self.field = None
        elif self.depth == 2 and self.record is not None:
            self.ready.append(_build(self.record, self.name))
            self.record = None
        self.depth -= 1

    def _store_field(self, record: _Record, field: str, text: str) -> None:
        if field == "author":
            record.authors.append((_clean(text), self.field_attrs.get("orcid")))
        elif field == "ee":
            record.ees.append(text.strip())
        elif field == "cite":
            record.cites.append(text.strip())
        elif field not in record.fields:
            record.fields[field] = text

    # --- feeding -----------------------------------------------------------------------------------

    def feed(self, data: bytes, final: bool = False) -> None:
        self.parser.Parse(data, final)

    @property
    def line(self) -> int:
        return self.parser.CurrentLineNumber


def _clean(text: str) -> str:
    """Whitespace collapsed (titles wrap across lines), NFC."""
    text = " ".join(text.split())
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _doi(ees: list[str]) -> str | None:
    for ee in ees:
        _, found, rest = ee.partition("doi.org/")
        if found and rest:
            return unquote(rest).strip().lower()
    return None


def _arxiv_id(ees: list[str], key: str) -> str | None:
    for ee in ees:
        if "arxiv.org/abs/" in ee:
            m = _ARXIV_ABS.search(ee)
            if m:
                return m.group(1)
    m = _CORR_NEW.fullmatch(key)
    return f"{m.group(1)}.{m.group(2)}" if m else None


def _author(full: str, orcid: str | None) -> Author:
    """Display name without the homonym number; the full DBLP name is the id."""
    name, _ = split_dblp_suffix(full)
    return Author(name=name, orcid=(orcid.strip() or None) if orcid else None, ids=(f"dblp:{full}",))


def _build(record: _Record, file_name: str) -> Work | Reject:
    """The Work a publication record describes, or a Reject saying why it cannot be one."""
    where = f"{file_name}:{record.line}"
    fields = record.fields
    title = _clean(fields.get("title", ""))
    if title.endswith("."):
        title = title[:-1].rstrip()  # DBLP ends every title with a full stop of its own
    if not title:
        return Reject(where, f"<{record.tag} key={record.key!r}> has no title")
    year: int | None = None
    raw_year = fields.get("year", "").strip()
    if raw_year:
        if not (raw_year.isascii() and raw_year.isdigit()):  # "²⁰¹⁵" is digits to isdigit, not to int
            return Reject(where, f"<{record.tag} key={record.key!r}>: year {raw_year!r} is not a number")
        year = int(raw_year)
    venue = next((_clean(fields[f]) for f in _VENUE_FIELDS if fields.get(f, "").strip()), None)
    return Work(
        title=title,
        where=where,
        year=year,
        kind=record.tag,
        venue=venue,
        doi=_doi(record.ees),
        arxiv_id=_arxiv_id(record.ees, record.key),
        ids=(f"dblp:{record.key}",) if record.key else (),
        authors=tuple(_author(name, orcid) for name, orcid in record.authors if name),
        references=tuple(f"dblp:{c}" for c in record.cites if c and c != "..."),
    )


# ---------------------------------------------------------------------------------------------------
# Format check and the public functions


def _dtd_path(path: Path, start: bytes) -> Path:
    """The DTD the DOCTYPE names, looked for beside the XML file (dblp.dtd when no DOCTYPE names one)."""
    m = _DOCTYPE.search(start)
    system_id = (m.group(2) or m.group(3)).decode("latin-1") if m else "dblp.dtd"
    return path.parent / Path(system_id).name


def _open(path: Path) -> tuple[_Reader, BinaryIO]:
    """A reader that has already seen the <dblp> root element; FormatError otherwise."""
    try:
        start = head(path, _BLOCK)
    except _READ_ERRORS as exc:
        raise FormatError(path, EXPECTED, found=f"unreadable data: {exc}") from exc
    if not start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise FormatError(path, EXPECTED, found="no XML markup at the start")
    dtd = _dtd_path(path, start)
    if not dtd.is_file():
        raise FormatError(
            path,
            f"readable dblp.xml: its entities need the DTD it names, expected at {dtd}",
            found="no such file; put the dblp.dtd of the same release beside the XML",
        )
    reader = _Reader(path, dtd)
    f = open_binary(path)
    try:
        while reader.root is None:
            block = f.read(_BLOCK)
            reader.feed(block, final=not block)
            if not block:
                break
    except (expat.ExpatError, *_READ_ERRORS) as exc:
        if reader.root != "dblp":
            f.close()
            raise FormatError(path, EXPECTED, found=f"not well-formed XML: {exc}") from exc
        reader.broken = _broken(reader, exc)  # dblp.xml broken early: the records before the break still load
    if reader.root != "dblp":
        f.close()
        found = f"root element <{reader.root}>" if reader.root else "no root element"
        raise FormatError(path, EXPECTED, found=found)
    return reader, f


def _broken(reader: _Reader, exc: Exception) -> Stopped:
    """Where and why the file cannot be read past some point: expat never resumes after an error."""
    if isinstance(exc, expat.ExpatError):
        return Stopped(f"{reader.name}:{exc.lineno}", f"XML error ({exc}); the rest of the file cannot be read")
    return broken_off(f"{reader.name}:{reader.line}", exc)


def _records(reader: _Reader, f: BinaryIO) -> Iterator[Record]:
    """The records in file order; Stopped after the last record read before a break."""
    with f:
        while True:
            yield from reader.ready
            reader.ready.clear()
            if reader.broken is not None:
                raise reader.broken
            try:
                block = f.read(_BLOCK)
                reader.feed(block, final=not block)
            except (expat.ExpatError, *_READ_ERRORS) as exc:
                yield from reader.ready
                raise _broken(reader, exc) from exc
            if not block:
                yield from reader.ready
                return


def parse(path: Path, options: LoadOptions | None = None) -> Iterator[Record]:
    """Works (and Rejects) from dblp.xml(.gz), in file order; FormatError at once if it is not dblp.xml."""
    reader, f = _open(path)  # eager: the caller learns of a wrong file before any record exists
    return _records(reader, f)


def sniff(path: Path) -> bool:
    """True when the file starts like dblp.xml: XML whose DOCTYPE or first element is <dblp>."""
    try:
        start = head(path, 4096)
    except _READ_ERRORS:
        return False
    if not start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return False
    m = _DOCTYPE.search(start)
    if m:
        return m.group(1) == b"dblp"
    return re.search(rb"<dblp[\s>]", start) is not None
