"""Streaming BibTeX parser: .bib(.gz|.xz) entries to Work records, DBLP's exports at full speed.

The file is cut into chunks at every "@" that starts a line. A chunk laid out the way DBLP exports it
(one `name = {value},` field per line, the closing brace on its own line) is read with one regular
expression; anything else goes through a character-level parser that knows quoted values, macros,
`#` concatenation and parenthesised entries. A malformed entry becomes a Reject and the next chunk
starts afresh, so one bad entry never costs the rest of the file.
"""

from __future__ import annotations

import lzma
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple, TextIO
from urllib.parse import unquote

from loaders.files import head, open_text
from loaders.options import LoadOptions
from loaders.records import Author, FormatError, Record, Reject, Stopped, Topic, Work
from loaders.tex import to_unicode
from loaders.text_keys import name_key, split_dblp_suffix

EXPECTED = "BibTeX (entries like @article{...})"
_SNIFF_BYTES = 64 * 1024
_BLOCK = 1 << 20
_READ_ERRORS = (EOFError, OSError, zlib.error, lzma.LZMAError)

# An entry head anywhere a chunk may start: "@article{" or "@misc (".
_HEAD = re.compile(r"@[ \t]*([A-Za-z][\w-]*)[ \t]*([{(])")
_ENTRY_AT_LINE_START = re.compile(r"^[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]", re.M)
_LINE_START_AT = re.compile(r"^[ \t]*@", re.M)
# The DBLP layout: "@type{key," on the first line, then one braced, brace-free field per line.
_FAST_HEAD = re.compile(r"@([A-Za-z]+)\{([^\s,{}]*),[ \t]*\n")
# Possessive quantifiers: nothing to backtrack into, which keeps this one split per entry cheap.
# A field is anchored at a newline; whatever follows it on the line is left over and refused below.
_FAST_FIELD = re.compile(r"\n[ \t]*+([A-Za-z][\w.:+-]*+)[ \t]*+=[ \t]*+\{([^{}]*+)\}[ \t]*+,?+")
_FIELD_NAME = re.compile(r"[A-Za-z][\w.:+-]*")
_KEY = re.compile(r"[^\s,{}()]*")
_NUMBER = re.compile(r"\d+")
_SKIPPED_TYPES = frozenset({"comment", "preamble", "string"})
# Text after an entry's closing delimiter that goes on with fields: an extra '}' closed the entry early.
_STRAY_FIELD = re.compile(r"[\s,}]*([A-Za-z][\w.:+-]*)\s*=\s*[{\"\w]")

_AND = re.compile(r"\s+and\s+")
_AND_OR_BRACE = re.compile(r"[{}]|\s+and\s+")
_KEYWORD_SEP = re.compile(r"[,;]")
# First segments of DBLP keys ("conf/cvpr/DalalT05"); exports may prefix the key with "DBLP:".
_DBLP_SECTIONS = frozenset(
    "conf journals books series phd tr reference ms persons homepages dblpnote informal data".split()
)
_CORR_NEW = re.compile(r"journals/corr/abs-(\d{4})-(\d{4,5})")
_CORR_OLD = re.compile(r"journals/corr/([a-z]+)-[A-Za-z]{2}-(\d{7})")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([\w.-]+/\d{7}|\d{4}\.\d{4,5})")
_ARXIV_VERSION = re.compile(r"v\d+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH_MACROS = {
    name: full
    for name, full in zip(
        _MONTHS,
        "January February March April May June July August September October November December".split(),
        strict=True,
    )
}


class _Entry(NamedTuple):
    """One entry as written: type, key and raw field values (TeX, outer delimiters removed)."""

    line: int
    kind: str
    key: str
    fields: dict[str, str]
    cites: tuple[str, ...] = ()


class _Malformed(Exception):
    """An entry that cannot be read; the message is the Reject's reason."""


class _Unclosed(_Malformed):
    """An entry that runs to the end of its chunk without closing: at the end of the file, the file was cut."""


class _Truncated(Exception):
    """The compressed stream broke off: the text after `line` is lost."""

    def __init__(self, line: int, cause: BaseException) -> None:
        super().__init__(f"the file breaks off here ({type(cause).__name__}: {cause}); the rest is lost")
        self.line = line


# ---------------------------------------------------------------------------------------------------
# Format check


def _describe(text: str) -> str:
    """A few words on what a non-BibTeX file seems to hold, for the FormatError."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        return "an empty file"
    if "\x00" in stripped[:1024]:
        return "binary data"
    first = stripped[0]
    if first in "{[":
        return "JSON"
    if first == "<":
        return "XML/HTML"
    return f"text starting {stripped[:40]!r} with no @entry{{...}} in the first 64 KiB"


def _check(path: Path) -> None:
    """Raise FormatError unless an entry head starts a line in the file's first 64 KiB."""
    try:
        text = head(path, _SNIFF_BYTES).decode("utf-8", errors="replace")
    except _READ_ERRORS as exc:
        raise FormatError(path, EXPECTED, found=f"unreadable data: {exc}") from exc
    if not _ENTRY_AT_LINE_START.search(text):
        raise FormatError(path, EXPECTED, found=_describe(text))


def sniff(path: Path) -> bool:
    """True when the file's first 64 KiB hold a BibTeX entry head at a line start."""
    try:
        _check(path)
    except FormatError:
        return False
    return True


# ---------------------------------------------------------------------------------------------------
# Cutting the stream into chunks


def _pieces(f: TextIO) -> Iterator[tuple[int, str]]:
    """(first line, text) for each stretch of the file that begins with '@' at a line start."""
    line = 1
    buf = ""
    while True:
        try:
            block = f.read(_BLOCK)
        except _READ_ERRORS as exc:
            raise _Truncated(line, exc) from exc
        if not block:
            break
        buf += block
        cut = buf.rfind("\n@")
        if cut < 0:
            continue
        ready, buf = buf[: cut + 1], buf[cut + 1 :]
        parts = ready.split("\n@")
        last = len(parts) - 1
        for i, part in enumerate(parts):
            # Put back what the split took, so joined pieces and line numbers stay exact.
            text = ("@" if i else "") + part + ("\n" if i < last else "")
            yield line, text
            line += text.count("\n")
    if buf:
        yield line, buf


def _chunks(f: TextIO) -> Iterator[tuple[int, str]]:
    """Pieces joined so each chunk starts with an entry head: an '@' in a value does not split it."""
    start, chunk = 0, ""
    try:
        for line, text in _pieces(f):
            if chunk and not _HEAD.match(text):
                chunk += text  # rare: a value with '@' at a line start
                continue
            if chunk:
                yield start, chunk
            start, chunk = line, text
    except _Truncated:
        if chunk:
            yield start, chunk  # it ended where the next entry began, before the break
        raise
    if chunk:
        yield start, chunk


# ---------------------------------------------------------------------------------------------------
# Reading entries


def _fast_entry(line: int, text: str) -> _Entry | None:
    """The entry if the chunk is laid out the DBLP way; None sends it to the general parser."""
    m = _FAST_HEAD.match(text)
    if m is None:
        return None
    kind = m.group(1).lower()
    end = text.rfind("\n}")
    if end < 0 or kind in _SKIPPED_TYPES or text[end + 2 :].strip():
        return None
    parts = _FAST_FIELD.split(text[m.end() - 1 : end + 1])
    if "".join(parts[0::3]).strip():
        return None  # something between the fields that is not a simple braced value
    names = parts[1::3]
    if not "".join(names).islower():
        names = [n.lower() for n in names]
    values = parts[2::3]
    fields = dict(zip(names, values, strict=True))  # the split gives a value after every name
    if len(fields) == len(names):
        return _Entry(line, kind, m.group(2), fields)
    return _Entry(line, kind, m.group(2), *_merge_repeats(names, values))


def _merge_repeats(names: list[str], values: list[str]) -> tuple[dict[str, str], tuple[str, ...]]:
    """Fields from a list that repeats some names: the first value wins, but author and editor lists
    join, and every `cite` (DBLP's references) is kept."""
    fields: dict[str, str] = {}
    cites: list[str] = []
    for name, value in zip(names, values, strict=True):
        if name == "cite":
            cites.append(value)
        elif name not in fields:
            fields[name] = value
        elif name in ("author", "editor") and value.strip():
            fields[name] = f"{fields[name]} and {value}" if fields[name].strip() else value
    return fields, tuple(cites)


class _Scanner:
    """Character-level reading of one chunk, for layouts the fast path does not take."""

    def __init__(self, text: str, line: int, macros: dict[str, str]) -> None:
        self.text = text
        self.line = line
        self.macros = macros
        self.pos = 0

    def entries(self) -> Iterator[_Entry | tuple[int, str, bool]]:
        """Every entry in the chunk: an _Entry, or (line, reason, unclosed) for a malformed one; `unclosed` when it
        ran to the end of the chunk."""
        text = self.text
        while True:
            at = text.find("@", self.pos)
            if at < 0:
                return
            m = _HEAD.match(text, at)
            if m is None:
                self.pos = at + 1  # an '@' outside any entry is comment text
                continue
            line = self.line + text.count("\n", 0, at)
            self.pos = m.end()
            try:
                entry = self._entry(line, m.group(1).lower(), "}" if m.group(2) == "{" else ")")
                if entry is not None:
                    self._closed_at_its_end(entry)
            except _Malformed as exc:
                yield line, str(exc), isinstance(exc, _Unclosed)
                nxt = _LINE_START_AT.search(text, at + 1)
                self.pos = nxt.start() if nxt else len(text)
                continue
            if entry is not None:
                yield entry

    def _closed_at_its_end(self, entry: _Entry) -> None:
        """_Malformed when fields follow the entry's closing delimiter: an extra '}' in a value closed it early,
        and keeping what came before would silently drop the rest (often the authors or the year)."""
        nxt = _LINE_START_AT.search(self.text, self.pos)
        m = _STRAY_FIELD.match(self.text[self.pos : nxt.start() if nxt else len(self.text)])
        if m is not None:
            line = self.line + self.text.count("\n", 0, self.pos - 1)  # of the brace that closed it
            raise _Malformed(f"@{entry.kind}{{{entry.key}}} closed early by an extra brace at line {line}: "
                             f"field {m.group(1).lower()!r} and any after it are outside the entry")

    def _entry(self, line: int, kind: str, closer: str) -> _Entry | None:
        """The rest of an entry after its opening delimiter; None for @comment/@preamble/@string."""
        if kind == "comment":
            self._skip_comment(closer)
            return None
        if kind == "preamble":
            self._value(closer)
            self._close(closer)
            return None
        if kind == "string":
            name, value = self._field(closer)
            self.macros[name] = value
            self._skip_ws_commas()
            self._close(closer)
            return None
        self._skip_ws()
        key_match = _KEY.match(self.text, self.pos)
        key = key_match.group(0) if key_match else ""
        self.pos += len(key)
        names: list[str] = []
        values: list[str] = []
        while True:
            self._skip_ws_commas()
            if self.pos >= len(self.text):
                raise _Unclosed(f"@{kind}{{{key}: unbalanced braces, the entry does not close before the next one")
            if self.text[self.pos] == closer:
                self.pos += 1
                break
            name, value = self._field(closer)
            names.append(name)
            values.append(value)
        fields, cites = _merge_repeats(names, values)
        return _Entry(line, kind, key, fields, cites)

    def _skip_ws(self) -> None:
        text, pos, n = self.text, self.pos, len(self.text)
        while pos < n and text[pos].isspace():
            pos += 1
        self.pos = pos

    def _skip_ws_commas(self) -> None:
        text, pos, n = self.text, self.pos, len(self.text)
        while pos < n and (text[pos].isspace() or text[pos] == ","):
            pos += 1
        self.pos = pos

    def _close(self, closer: str) -> None:
        self._skip_ws()
        if self.text.startswith(closer, self.pos):
            self.pos += 1
        else:
            raise _Malformed(f"expected {closer!r} to close the entry")

    def _skip_comment(self, closer: str) -> None:
        """@comment{...} to its balanced end, or a bare @comment to the end of its line."""
        if closer == "}":
            try:
                self._braced()
                return
            except _Malformed:
                pass
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    def _field(self, closer: str) -> tuple[str, str]:
        """`name = value` at the cursor; the name lower-cased."""
        self._skip_ws()
        m = _FIELD_NAME.match(self.text, self.pos)
        if m is None:
            snippet = self.text[self.pos : self.pos + 20].split("\n")[0]
            raise _Malformed(f"expected a field name, found {snippet!r}")
        name = m.group(0).lower()
        self.pos = m.end()
        self._skip_ws()
        if not self.text.startswith("=", self.pos):
            raise _Malformed(f"expected '=' after field name {name!r}")
        self.pos += 1
        try:
            return name, self._value(closer)
        except _Malformed as exc:
            raise type(exc)(f"field {name!r}: {exc}") from None  # an _Unclosed stays one

    def _value(self, closer: str) -> str:
        """A value: braced, quoted, number or macro pieces joined by '#'."""
        pieces: list[str] = []
        while True:
            self._skip_ws()
            if self.pos >= len(self.text):
                raise _Unclosed("value missing at end of entry")
            c = self.text[self.pos]
            if c == "{":
                pieces.append(self._braced())
            elif c == '"':
                pieces.append(self._quoted())
            elif c.isdigit():
                m = _NUMBER.match(self.text, self.pos)
                assert m is not None
                pieces.append(m.group(0))
                self.pos = m.end()
            else:
                m = _FIELD_NAME.match(self.text, self.pos)
                if m is None:
                    raise _Malformed(f"unexpected {c!r} where a value should start")
                macro = m.group(0).lower()
                # An undefined macro keeps its name: 'TPAMI' says more than the empty string BibTeX uses.
                pieces.append(self.macros.get(macro, _MONTH_MACROS.get(macro, m.group(0))))
                self.pos = m.end()
            self._skip_ws()
            if self.text.startswith("#", self.pos):
                self.pos += 1
                continue
            return "".join(pieces)

    def _braced(self) -> str:
        """The text inside the balanced braces at the cursor (inner braces kept for to_unicode)."""
        text, start = self.text, self.pos + 1
        depth, pos = 1, start
        while depth:
            nxt = _next_brace(text, pos)
            if nxt < 0:
                raise _Unclosed("unbalanced braces: the value never closes")
            depth += 1 if text[nxt] == "{" else -1
            pos = nxt + 1
        self.pos = pos
        return text[start : pos - 1]

    def _quoted(self) -> str:
        """The text of a "..." value: it ends at the first quote outside braces."""
        text, start = self.text, self.pos + 1
        depth, pos = 0, start
        while pos < len(text):
            c = text[pos]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth < 0:
                    raise _Malformed("unbalanced braces in a quoted value")
            elif c == '"' and depth == 0:
                self.pos = pos + 1
                return text[start:pos]
            pos += 1
        raise _Unclosed("quoted value never closes")


def _next_brace(text: str, pos: int) -> int:
    """Index of the next '{' or '}' at or after pos, or -1."""
    o = text.find("{", pos)
    c = text.find("}", pos)
    if o < 0:
        return c
    if c < 0:
        return o
    return min(o, c)


# ---------------------------------------------------------------------------------------------------
# Entries to records


def _split_authors(value: str) -> list[str]:
    """Names in an author list: 'and' at brace depth 0 separates them."""
    if "{" not in value:
        return [n for n in _AND.split(value.strip()) if n]
    names, depth, start = [], 0, 0
    for m in _AND_OR_BRACE.finditer(value):
        tok = m.group(0)
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : m.start()])
            start = m.end()
    names.append(value[start:])
    return [n.strip() for n in names if n.strip()]


def _split_commas(name: str) -> list[str]:
    """The comma-separated parts of one name, commas inside braces kept."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(name):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(name[start:i].strip())
            start = i + 1
    parts.append(name[start:].strip())
    return parts


def _display_name(raw: str) -> str:
    """'Last, First', 'Last, Jr, First' or 'First Last' -> 'First Last' in Unicode."""
    if "," in raw:
        parts = _split_commas(raw)
        if len(parts) == 2:
            raw = f"{parts[1]} {parts[0]}"
        elif len(parts) >= 3:
            raw = f"{', '.join(parts[2:])} {parts[0]} {parts[1]}"
    return to_unicode(raw)


def _names(value: str) -> list[str]:
    """Display names of an author list, in order."""
    if "{" not in value and "," not in value:
        # Plain "First Last and ..." (every DBLP export): convert the whole list at once.
        names = to_unicode(value).split(" and ")
    else:
        names = [_display_name(raw) for raw in _split_authors(value)]
    return [n for n in names if n and n != "others"]  # "others" is BibTeX's "et al."


def _author(full: str, dblp: bool) -> Author:
    """One author; a DBLP name keeps its full form (homonym number included) as a dblp id."""
    if full[-1].isdigit():
        name, number = split_dblp_suffix(full)
        if number is not None:
            return Author(name=name, ids=(f"dblp:{full}",))
    return Author(full, None, (f"dblp:{full}",)) if dblp else Author(full)


def _authors(value: str, dblp: bool) -> tuple[Author, ...]:
    """The authors of an author list, in order. (A cache of Author objects by name was tried: the
    garbage collector's rescans of a large cache cost more than it saved.)"""
    if not value:
        return ()
    return tuple([_author(full, dblp) for full in _names(value)])


def _plain_id(value: str) -> str:
    """An identifier as typed in a .bib: braces and TeX escapes removed, no other TeX applied."""
    return value.replace("{", "").replace("}", "").replace("\\", "").strip()


def _doi(value: str | None) -> str | None:
    """Bare lower-case DOI from '10.1109/X', 'https://doi.org/10.1109/X', 'doi:10.1109/X'."""
    if not value:
        return None
    if ":" not in value and "%" not in value and "\\" not in value and "{" not in value:
        return value.strip().lower() or None  # already bare, as DBLP writes it
    doi = _DOI_PREFIX.sub("", unquote(_plain_id(value))).strip().lower()
    return doi or None


def _arxiv_id(fields: dict[str, str], dblp_key: str | None) -> str | None:
    """From `eprint` (arXiv archive), DBLP's CoRR key, or an arxiv.org URL; no version suffix."""
    eprint = fields.get("eprint")
    prefix = fields.get("archiveprefix") or fields.get("eprinttype") or ""
    if eprint and _plain_id(prefix).lower() == "arxiv":
        value = _plain_id(eprint)
        if value.lower().startswith("arxiv:"):
            value = value[6:]
        return _ARXIV_VERSION.sub("", value) or None
    if dblp_key is not None and dblp_key.startswith("journals/corr/"):
        m = _CORR_NEW.match(dblp_key)
        if m:
            return f"{m.group(1)}.{m.group(2)}"
        m = _CORR_OLD.match(dblp_key)
        if m:
            return f"{m.group(1)}/{m.group(2)}"
    url = fields.get("url")
    if url and "arxiv.org" in url:
        m = _ARXIV_URL.search(url)
        if m:
            return m.group(1)
    return None


def _topics(value: str | None) -> tuple[Topic, ...]:
    """Keywords (comma or semicolon separated) as Topic nodes of the 'keyword' scheme, deduplicated."""
    if not value:
        return ()
    topics: dict[str, Topic] = {}
    for raw in _KEYWORD_SEP.split(value):
        name = to_unicode(raw)
        key = name_key(name)
        if key and f"keyword:{key}" not in topics:
            topics[f"keyword:{key}"] = Topic(id=f"keyword:{key}", name=name, scheme="keyword")
    return tuple(topics.values())


def _date(year: int | None, month: str | None) -> str | None:
    """'2005-07' when the month is readable ('jul', 'July', '7'), else None."""
    if year is None or not month:
        return None
    m = to_unicode(month).lower()
    number = int(m) if m.isdigit() else _MONTHS.get(m[:3])
    return f"{year:04d}-{number:02d}" if number and 1 <= number <= 12 else None


def _dblp_key(key: str) -> str | None:
    """'conf/cvpr/DalalT05' or 'DBLP:conf/cvpr/DalalT05' -> 'conf/cvpr/DalalT05'; None for other keys."""
    if key.startswith("DBLP:"):
        key = key[5:]
    section, slash, rest = key.partition("/")
    if slash and "/" in rest and section in _DBLP_SECTIONS:  # keys never hold spaces: the readers stop at them
        return key
    return None


def _record(entry: _Entry, name: str) -> Work | Reject:
    """The Work an entry describes, or a Reject saying why it cannot be one."""
    where = f"{name}:{entry.line}"
    fields = entry.fields
    title = to_unicode(fields.get("title", ""))
    if not title:
        return Reject(where, f"@{entry.kind}{{{entry.key}}} has no title")
    year: int | None = None
    raw_year = to_unicode(fields.get("year", ""))
    if raw_year:
        if not (raw_year.isascii() and raw_year.isdigit()):  # "²⁰¹⁵" is digits to isdigit, not to int
            return Reject(where, f"@{entry.kind}{{{entry.key}}}: year {raw_year!r} is not a number")
        year = int(raw_year)
    dblp_key = _dblp_key(entry.key)
    venue_raw = (
        fields.get("booktitle") or fields.get("journal") or fields.get("school")
        or fields.get("institution") or fields.get("publisher")
    )
    venue = to_unicode(venue_raw) if venue_raw else None
    references: tuple[str, ...] = ()
    if entry.cites or "cite" in fields:
        cites = entry.cites or (fields["cite"],)
        references = tuple(f"dblp:{c.strip()}" for c in cites if c.strip() and c.strip() != "...")
    return Work(
        title=title,
        where=where,
        year=year,
        date=_date(year, fields.get("month")),
        kind=entry.kind,
        venue=venue or None,
        doi=_doi(fields.get("doi")),
        arxiv_id=_arxiv_id(fields, dblp_key),
        ids=(f"dblp:{dblp_key}",) if dblp_key else (),
        abstract=(to_unicode(fields["abstract"]) or None) if "abstract" in fields else None,
        authors=_authors(fields.get("author", ""), dblp_key is not None),
        topics=_topics(fields.get("keywords")),
        references=references,
    )


def _records(path: Path) -> Iterator[Record]:
    """The file's records in order. BibTeX defines no encoding; DBLP and today's tools write UTF-8, so bytes that
    are not UTF-8 stay as lone surrogates and loaders/limits.py rejects the entry holding them (no guessing at a
    Latin-1 name). A stream that breaks off, or a last entry that never closes, raises Stopped after the rest."""
    name = path.name
    macros: dict[str, str] = {}
    with open_text(path, errors="surrogateescape") as f:
        chunks = _chunks(f)
        ahead, truncated = _next_chunk(chunks)
        while ahead is not None:
            line, text = ahead
            ahead, truncated = _next_chunk(chunks)  # one chunk ahead: is this one the file's last?
            entry = _fast_entry(line, text)
            if entry is not None:
                yield _record(entry, name)
                continue
            for item in _Scanner(text, line, macros).entries():
                if isinstance(item, _Entry):
                    if item.kind not in _SKIPPED_TYPES:
                        yield _record(item, name)
                elif item[2] and ahead is None and truncated is None:
                    raise Stopped(f"{name}:{item[0]}", f"the file ends inside this entry ({item[1]}); cut short?")
                else:
                    yield Reject(f"{name}:{item[0]}", item[1])
        if truncated is not None:
            raise Stopped(f"{name}:{truncated.line}", str(truncated)) from truncated


def _next_chunk(chunks: Iterator[tuple[int, str]]) -> tuple[tuple[int, str] | None, _Truncated | None]:
    """The next chunk, or None at the end; and the break, when the stream broke off there."""
    try:
        return next(chunks, None), None
    except _Truncated as exc:
        return None, exc


def parse(path: Path, options: LoadOptions | None = None) -> Iterator[Record]:
    """Works (and Rejects) from a BibTeX file, in file order; FormatError at once if it is not BibTeX."""
    _check(path)  # eager: the caller learns of a wrong file before any record exists
    return _records(path)
