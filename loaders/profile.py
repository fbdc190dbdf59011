"""Researcher profile text exports: the page format, the card format, and the card's compact rendering.

Page: "Researcher profile", the owner's name, counts ("9works"), then under "Published work" one entry
per work: a line "<type><year><venue>" ("preprint2026arXiv"), the title, the abstract. No author lists:
the owner is an author of each.

Card: the owner's name, the field ("CV"), figures ("h-index45", "7,698citations"), "115 Papers", then one
entry per work: "<category><Mon d, yyyy><Code?>" ("CVNov 21, 2022Code"; the year is left out for the
current year), the title, the first authors ("A, B, C et al."), the abstract. The compact rendering
glues the author list to the title with no separator ("Some TitleAlice Smith, Bob Jones et al."), and in
the wild it may start straight with the first listing, with no name or figures: a headless card.

The owner: `--owner` when given (it wins over the name the file shows, with a note); else the name the file
shows; else, for a headless card, the name on the most listings if it is on at least half of those with an
author list (a note says so); else FormatError asking for --owner, raised before any record.
A listing without a year is dated in the year of the export (`--as-of`, default today), or the year before
when that would put it after the export.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from itertools import islice
from pathlib import Path

from app.text import words
from loaders.files import head, open_text
from loaders.options import LoadOptions
from loaders.records import Author, FormatError, Note, Person, Record, Reject, Topic, Work
from loaders.text_keys import name_key, title_key

EXPECTED = "a researcher profile export (page or card)"
OWNER_EXPECTED = "a profile export whose owner can be told"
ASK_OWNER = "say whose profile it is with --owner NAME"

_PAGE_TITLE = "Researcher profile"
_CARD_MARK = re.compile(r"^(?:h-index\s*\d[\d.,]*[kKmM]?|\d[\d,]*\s+Papers)$", re.M)
_CARD_LIST_HEADING = re.compile(r"^\d[\d,]*\s+Papers$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CARD_ENTRY = re.compile(
    r"^(?P<category>[A-Za-z][A-Za-z.\-]{0,15}?)?"
    rf"(?P<month>{'|'.join(_MONTHS)})[a-z]*\.? (?P<day>\d{{1,2}})(?:, (?P<year>\d{{4}}))?"
    r"\s*(?P<code>Code)?$"
)
# "preprint2026arXiv", "conference paper2019CVPR 2019": a lower-case type glued to the year and venue.
_PAGE_ENTRY = re.compile(r"^(?P<kind>[a-z](?:[a-z \-]{0,40}?[a-z])?)(?P<year>(?:1[89]|20)\d{2})(?P<venue>\S.{0,200})?$")
_NUMBER = r"\d[\d,]*(?:\.\d+)?[kKmM]?%?"
_NUMBER_FIRST = re.compile(rf"^(?P<number>{_NUMBER})\s*(?P<label>[A-Za-z][A-Za-z \-]*)$")
_LABEL_FIRST = re.compile(rf"^(?P<label>[A-Za-z][A-Za-z \-]*?)\s*(?P<number>{_NUMBER})$")
_TRUST = re.compile(r"Trust\s*(\d+)")
_VERIFICATION = re.compile(r"Verification\s*L(\d+)")
_ET_AL = re.compile(r",?\s*et\s+al\.?$")

# Lower-case name particles, and the prefixes after which a capital inside a name is normal (McDonald).
_PARTICLES = frozenset("van von der den de del della di da dos du le la bin ibn al el ten ter zu".split())
_CAMEL_PREFIXES = ("Mc", "Mac", "O'", "D'", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von")
_MAX_NAME_TOKENS = 6

Block = tuple[int, "re.Match[str] | None", list[tuple[int, str]]]


def sniff(path: Path) -> bool:
    """The head reads as a profile page or a profile card (full or compact)."""
    return _rendering(_head_text(path)) is not None


def parse(path: Path, options: LoadOptions | None = None) -> Iterator[Record]:
    """Check the head and settle the owner now (FormatError before any record), then yield the owner's Person,
    any notes, and one Work a listing."""
    options = options or LoadOptions()
    text = _head_text(path)
    rendering = _rendering(text)
    if rendering is None:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        raise FormatError(path, EXPECTED, f"first line {first[:40]!r}" if first else "an empty file")
    if rendering == "page":
        return _page_records(path, options)
    return _card_records(path, options, headless=rendering == "headless card")


def _head_text(path: Path) -> str:
    return head(path).decode("utf-8", errors="replace")


def _rendering(text: str) -> str | None:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first == _PAGE_TITLE:
        return "page"
    if first and not any(c.isdigit() for c in first) and _CARD_MARK.search(text):
        return "card"
    if _CARD_ENTRY.match(first):
        return "headless card"
    return None


def _blocks(path: Path, entry: re.Pattern[str]) -> Iterator[Block]:
    """(line number, header match, non-blank lines) per entry; the first block is the preamble (no header)."""
    number: int = 0
    match: re.Match[str] | None = None
    body: list[tuple[int, str]] = []
    with open_text(path) as f:
        for n, raw in enumerate(f, start=1):
            line = raw.strip()
            m = entry.match(line) if line else None
            if m is not None:
                yield number, match, body
                number, match, body = n, m, []
            elif line:
                body.append((n, line))
    yield number, match, body


# --- page format ---


def _page_records(path: Path, options: LoadOptions) -> Iterator[Record]:
    """Reads the preamble now, so that a page without its owner's name fails before any record."""
    blocks = _blocks(path, _PAGE_ENTRY)
    _, _, preamble = next(blocks)
    person = _page_person(path, preamble)
    owner, note = _owner(path, person.author.name or None, options.owner)
    if owner is None:
        raise FormatError(path, OWNER_EXPECTED, f"no name after {_PAGE_TITLE!r}; {ASK_OWNER}")
    return _page_listings(path, blocks, _as_owner(person, owner), note)


def _page_listings(path: Path, blocks: Iterator[Block], person: Person, note: Note | None) -> Iterator[Record]:
    yield person
    if note is not None:
        yield note
    for number, match, body in blocks:
        assert match is not None
        yield _page_work(f"{path.name}:{number}", match, body, person.author)


def _page_person(path: Path, preamble: list[tuple[int, str]]) -> Person:
    lines = [line for _, line in preamble]
    # The owner's name is the line after the "Researcher profile" title, unless the works follow straight on.
    named = len(preamble) > 1 and not preamble[1][1].startswith("Published work")
    number, owner = preamble[1] if named else (0, "")
    metrics: dict[str, float | int] = {}
    for line in lines[2:]:
        if line.startswith("Published work"):
            break
        trust, verification = _TRUST.search(line), _VERIFICATION.search(line)
        if trust:
            metrics["trust"] = int(trust.group(1))
        if verification:
            metrics["verification_level"] = int(verification.group(1))
        m = _NUMBER_FIRST.match(line)
        if m:
            metrics[_metric_key(m.group("label"))] = parse_number(m.group("number"))
    return Person(author=Author(name=owner), where=f"{path.name}:{number}", metrics=metrics)


def _page_work(where: str, match: re.Match[str], body: list[tuple[int, str]], owner: Author) -> Work | Reject:
    if not body:
        return Reject(where, "listing without a title")
    year = int(match.group("year"))
    return Work(
        title=body[0][1],
        where=where,
        year=year,
        date=str(year),
        kind=match.group("kind").strip(),
        venue=(match.group("venue") or "").strip() or None,
        ids=_paper_ids(body[0][1]),
        abstract="\n".join(line for _, line in body[1:]) or None,
        authors=(owner,),
    )


def _paper_ids(title: str) -> tuple[str, ...]:
    """A listing's key on profiles, where the same title is the same paper: its normalised title, no year, since
    a card leaves the year out for the current year ("CVApr 29Code") and title + year would then split the paper."""
    key = title_key(title)
    return (f"profile:{key}",) if key else ()


# --- card format (full and compact) ---


def _card_records(path: Path, options: LoadOptions, headless: bool) -> Iterator[Record]:
    """Settles the owner now (reading a headless card through to count its names), so that a card whose
    owner cannot be told fails before any record."""
    blocks = _blocks(path, _CARD_ENTRY)
    _, _, preamble = next(blocks)
    person = _card_person(path, preamble) if not headless else None
    owner, note = _owner(path, person.author.name if person else None, options.owner)
    if owner is None:
        owner, note = _infer_owner(path)
    if person is None:
        person = Person(author=Author(name=owner), where=f"{path.name}:1")
    return _card_listings(path, blocks, _as_owner(person, owner), note, options.as_of)


def _card_listings(
    path: Path, blocks: Iterator[Block], person: Person, note: Note | None, given_as_of: date | None
) -> Iterator[Record]:
    as_of = given_as_of or date.today()
    yield person
    if note is not None:
        yield note
    undated: Counter[int] = Counter()  # the years given to listings shown without one
    for number, match, body in blocks:
        assert match is not None
        work = _card_work(f"{path.name}:{number}", match, body, person.author, as_of)
        if isinstance(work, Work) and match.group("year") is None:
            undated[work.year or 0] += 1
        yield work
    if undated:
        years = ", ".join(f"{n} in {year}" for year, n in sorted(undated.items()))
        day = f"{as_of}" if given_as_of else f"today, {as_of}"
        yield Note(path.name, f"{undated.total()} listing(s) shown without a year dated by the export's day, "
                   f"{day} ({years}); --as-of DATE if it was taken another day")


def _owner(path: Path, shown: str | None, given: str | None) -> tuple[str | None, Note | None]:
    """--owner wins; a different name in the file is said in a note, the same name keeps the file's spelling.
    None: neither names anyone."""
    if given is None or shown is None:
        return given or shown, None
    if name_key(shown) == name_key(given):
        return shown, None
    return given, Note(path.name, f"the file names {shown} as its owner; loaded as {given}'s, as --owner says")


def _infer_owner(path: Path) -> tuple[str, Note]:
    """The name on the most listings of a card that names no owner, when it is on at least half the listings
    that have an author list (those without one are rejected anyway); FormatError asking for --owner otherwise.

    Half is the bar because lists cut by "et al." often hide the owner: below it, the most listed name is as
    likely a frequent co-author as the owner, and a wrong owner would be appended to every cut list.
    """
    shown: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    listings = 0
    for _, _, body in islice(_blocks(path, _CARD_ENTRY), 1, None):
        split = _title_and_authors([line for _, line in body])
        if split is None:
            continue
        listings += 1
        for name in split[1]:
            spelling.setdefault(name_key(name), name)
        shown.update(dict.fromkeys(name_key(name) for name in split[1]).keys())  # once a listing, in order
    ranked = shown.most_common()
    if not ranked:
        raise FormatError(path, OWNER_EXPECTED, f"no owner's name and no listing with an author list; {ASK_OWNER}")
    key, count = ranked[0]
    tied = sorted(spelling[k] for k, n in ranked if n == count)
    if len(tied) > 1:
        found = f"no owner's name, and {' and '.join(tied)} are each on {count} of {listings} listings"
        raise FormatError(path, OWNER_EXPECTED, f"{found}; {ASK_OWNER}")
    if 2 * count < listings:
        found = f"no owner's name, and the most listed name, {spelling[key]}, is on only {count} of {listings} listings"
        raise FormatError(path, OWNER_EXPECTED, f"{found}; {ASK_OWNER}")
    owner = spelling[key]
    text = f"owner {owner} inferred: the file names none, and {owner} is on {count} of {listings} listings; "
    return owner, Note(path.name, text + "--owner NAME says otherwise")


def _as_owner(person: Person, name: str) -> Person:
    """The person under the owner's name as settled, with the figures the file reported."""
    return person if person.author.name == name else dataclasses.replace(person, author=Author(name=name))


def _card_person(path: Path, preamble: list[tuple[int, str]]) -> Person:
    number, owner = preamble[0] if preamble else (0, "")
    metrics: dict[str, float | int] = {}
    fields: list[str] = []
    for _, line in preamble[1:]:
        if _CARD_LIST_HEADING.match(line):
            break
        m = _LABEL_FIRST.match(line) or _NUMBER_FIRST.match(line)
        if m:
            metrics[_metric_key(m.group("label"))] = parse_number(m.group("number"))
        else:
            fields.append(line)  # a line without a figure is the profile's field ("CV")
    return Person(
        author=Author(name=owner),
        where=f"{path.name}:{number}",
        metrics=metrics,
        topics=tuple(profile_topic(f) for f in fields),
    )


def _card_work(
    where: str, match: re.Match[str], body: list[tuple[int, str]], owner: Author, as_of: date
) -> Work | Reject:
    lines = [line for _, line in body]
    if not lines:
        return Reject(where, "listing without a title")
    split = _title_and_authors(lines)
    if split is None:
        return Reject(where, f"no author list after the title {lines[0][:60]!r}")
    title, names, cut, rest = split
    day = card_date(match, as_of)
    if day is None:
        return Reject(where, f"no such date: {match.group(0)!r}" + (
            f" in {as_of.year}, the year of --as-of {as_of}" if match.group("year") is None else ""))
    category = match.group("category")
    return Work(
        title=title,
        where=where,
        year=day.year,
        date=day.isoformat(),
        ids=_paper_ids(title),
        abstract="\n".join(rest) or None,
        has_code=match.group("code") is not None,
        authors=_with_owner([Author(name=n) for n in names], owner, cut),
        topics=(profile_topic(category),) if category else (),
    )


def _title_and_authors(lines: list[str]) -> tuple[str, list[str], bool, list[str]] | None:
    """(title, names, cut by 'et al.', the lines after) of a listing, author list on its own line or glued."""
    if len(lines) > 1 and (listed := parse_name_list(lines[1])) is not None:
        return lines[0], listed[0], listed[1], lines[2:]
    if (split := split_title_authors(lines[0])) is not None:
        return split[0], split[1], split[2], lines[1:]
    return None


def _with_owner(authors: list[Author], owner: Author, cut: bool) -> tuple[Author, ...]:
    """A list cut short by 'et al.' still has the profile's owner among the authors: append them if not shown."""
    if cut and owner.name and name_key(owner.name) not in {name_key(a.name) for a in authors}:
        authors.append(owner)
    return tuple(authors)


def card_date(match: re.Match[str], as_of: date) -> date | None:
    """'Nov 21, 2022' is 2022-11-21. 'Mar 3' (the site leaves out its current year) is in the export's year,
    or the year before when it would fall after the export: 'Dec 3' as of 2026-03-01 is 2025-12-03.
    None: no such day ('Feb 30')."""
    month, day = _MONTHS.index(match.group("month")) + 1, int(match.group("day"))
    if match.group("year") is not None:
        year = int(match.group("year"))
    else:
        year = as_of.year if (month, day) <= (as_of.month, as_of.day) else as_of.year - 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- author lists ---


def split_title_authors(line: str) -> tuple[str, list[str], bool] | None:
    """'Some TitleAlice Smith, Bob Jones et al.' -> ('Some Title', ['Alice Smith', 'Bob Jones'], True).

    The list starts at a capital glued to what precedes it (no space) and runs to the end of the line as
    comma-separated names. The earliest such point wins, because a point inside the title always leaves
    the glued boundary ("TitleAlice", "LLMAlice", "2023Alice") inside a name, where it is not valid.
    After a hyphen a capital continues a word ("Fine-Grained"), so no list starts there.
    """
    for i in range(1, len(line)):
        before, char = line[i - 1], line[i]
        if not char.isupper() or before.isspace() or before in "-'’":
            continue
        title = line[:i].strip()
        listed = parse_name_list(line[i:])
        if title and listed is not None:
            return title, listed[0], listed[1]
    return None


def parse_name_list(text: str) -> tuple[list[str], bool] | None:
    """'A B, C D et al.' -> (['A B', 'C D'], True); None when any part is not a name."""
    cut = _ET_AL.search(text)
    body = text[: cut.start()] if cut else text
    names = [" ".join(part.split()) for part in body.split(",")]
    if not names or not all(_is_name(n) for n in names):
        return None
    return names, cut is not None


def _is_name(name: str) -> bool:
    tokens = name.split(" ")
    return 0 < len(tokens) <= _MAX_NAME_TOKENS and _is_name_token(tokens[0], first=True) and all(
        _is_name_token(t) for t in tokens[1:]
    )


def _is_name_token(token: str, first: bool = False) -> bool:
    """'Huai-Qian', 'H.', "O'Neil", 'McDonald', 'van' (not first) are; 'TitleAlice', 'LLMZi', '2023' are not."""
    if not first and token in _PARTICLES:
        return True
    if not token or not token[0].isupper():
        return False
    return all(_is_name_part(p) for p in token.split("-"))


def _is_name_part(part: str) -> bool:
    if not part or not all(c.isalpha() or c in ".'’" for c in part):
        return False
    for prefix in _CAMEL_PREFIXES:
        if part.startswith(prefix) and len(part) > len(prefix) and part[len(prefix)].isupper():
            part = part[len(prefix) :]
            break
    for a, b, c in zip(part, part[1:], part[2:] + " ", strict=False):  # each letter with the two after it
        # An ASCII capital after a lower-case letter, or two capitals before lower case, is where a title
        # word meets a name. Non-ASCII capitals are let through: sites mis-case accents ('KhÁnh').
        if a.islower() and b.isupper() and b.isascii():
            return False
        if a.isupper() and b.isupper() and c.islower():
            return False
    return True


# --- figures and topics ---


def parse_number(text: str) -> int | float:
    """'7,698' -> 7698, '1.2k' -> 1200, '47%' -> 47 (the percentage as shown), '4.5' -> 4.5."""
    text = text.replace(",", "").rstrip("%")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    value = float(text[:-1] if scale != 1 else text) * scale
    return int(value) if value.is_integer() else value


def _metric_key(label: str) -> str:
    """'h-index' -> 'h_index', 'AI Score' -> 'ai_score', 'close collaborators' -> 'close_collaborators'."""
    return "_".join(words(label))


def profile_topic(name: str) -> Topic:
    return Topic(id=f"profile:{name_key(name)}", name=name, scheme="profile")
