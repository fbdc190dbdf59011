"""How long a value may be, and what happens to a record whose field is longer: the one place these limits live.

The engines index a string only up to a few kilobytes: FalkorDB 4.16 crashes in its unique-constraint check on a
key over 4 KB, and Neo4j refuses to index one. Keys are therefore built short whatever the input (title and name
keys over KEY_CHARS become a prefix and a digest, see loaders/text_keys.py), and every record passes `checked`
on its way from the parser to the load:

- a value that identifies something (a DOI, an arXiv id, an ORCID, a source id, a topic or institution id) over
  ID_CHARS, a title over TITLE_CHARS or a name over NAME_CHARS is a Reject: the record is skipped, since cutting
  an identity would make it another one;
- descriptive text (venue, abstract, kind, date, institution and topic names) over its limit is cut, and a Cut
  in the rejects report says so: the record loads;
- text that is not Unicode (bytes that were not UTF-8, kept as lone surrogates, or a JSON "\\ud800" escape) and a
  year outside YEARS are Rejects.

A character is at most 4 bytes in UTF-8, so the longest key (an id of ID_CHARS) stays under 2.1 KB.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from loaders.records import Author, Cut, Institution, Person, Record, Reject, Topic, Work

KEY_CHARS = 500  # title and name keys; longer ones end in a digest of the whole key
ID_CHARS = 512  # a key plus its prefix and year ("title:<key>:2020"), or a DOI, arXiv id, ORCID, source id
TITLE_CHARS = 2_000  # longer is not a title but a field run together with others
NAME_CHARS = 300  # a person's name
VENUE_CHARS = 1_000
ABSTRACT_CHARS = 50_000  # real abstracts stay under 10,000
INSTITUTION_CHARS = 500
TOPIC_CHARS = 300
KIND_CHARS = 64
DATE_CHARS = 10  # ISO "2024-07-11"; a longer date keeps its first ten characters ("2024-07-11T00:00:00")
YEARS = range(1000, 2101)  # a year outside is not a year
REPORT_CHARS = 1_000  # a reason in the rejects report, which may quote what it rejects

# Bytes that were not UTF-8 (read with surrogateescape) and JSON's lone-surrogate escapes: no engine stores them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_WORD = re.compile(r"[^\W_]")  # what a title key is made of (loaders/text_keys.py)


def checked(records: Iterator[Record]) -> Iterator[Record]:
    """The parser's records within the limits: Rejects for what cannot be kept, Cuts before what was shortened."""
    for record in records:
        if isinstance(record, Work):
            yield from _work(record)
        elif isinstance(record, Person):
            yield from _person(record)
        elif isinstance(record, Reject):
            yield Reject(_reportable(record.where), _reportable(record.reason))
        else:
            yield record


def _reportable(text: str) -> str:
    """A parser's reason or place as the rejects report can hold it: bytes that were not UTF-8 (a BibTeX key
    quoted in a reason) written as escapes, and a quoted field of thousands of characters shortened."""
    if not text.isascii() and _SURROGATE.search(text):
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= REPORT_CHARS else text[: REPORT_CHARS - 1] + "…"


def _fits(work: Work) -> bool:
    """Nearly every record: each field within its limit, a year that is a year, a key, text that is Unicode.
    Every record of a load comes through here, so this is one pass over one list; the rest of the module says
    precisely what is wrong with the few others."""
    if (len(work.title) > TITLE_CHARS or len(work.venue or "") > VENUE_CHARS or len(work.kind or "") > KIND_CHARS
            or len(work.abstract or "") > ABSTRACT_CHARS or len(work.date or "") > DATE_CHARS
            or (work.year is not None and work.year not in YEARS)):
        return False
    short = [work.doi or "", work.arxiv_id or "", *work.ids, *work.references]  # each within NAME_CHARS, the least
    for author in work.authors:                                                # of their limits
        short += _author_strings(author)
    for topic in work.topics:
        short += (topic.id, topic.name, topic.scheme)
    if max(map(len, short)) > NAME_CHARS:
        return False
    if not (work.doi or work.arxiv_id or work.ids) and not _WORD.search(work.title):
        return False
    texts = [work.title, work.venue or "", work.abstract or "", work.kind or "", work.date or "", *short]
    return _text_problem(texts) is None


def _work(work: Work) -> Iterator[Record]:
    if _fits(work):
        yield work
        return
    problem = _work_problem(work)
    if problem is not None:
        yield Reject(work.where, problem)
        return
    cuts: list[str] = []
    changes: dict[str, object] = {}
    for name, limit in (("venue", VENUE_CHARS), ("abstract", ABSTRACT_CHARS), ("kind", KIND_CHARS),
                        ("date", DATE_CHARS)):
        value = getattr(work, name)
        if value is not None and len(value) > limit:
            changes[name] = value[:limit]
            cuts.append(_cut_reason(name, value, limit))
    authors = _authors_cut(work.authors, cuts)
    if authors is not work.authors:
        changes["authors"] = authors
    topics = _topics_cut(work.topics, cuts)
    if topics is not work.topics:
        changes["topics"] = topics
    for reason in cuts:
        yield Cut(work.where, f"{reason}; the record loads")
    yield replace(work, **changes) if changes else work  # type: ignore[arg-type]


def _person(person: Person) -> Iterator[Record]:
    problem = _author_problem(person.author, "the profile's owner") or _text_problem(_person_strings(person))
    if problem is not None:
        yield Reject(person.where, problem)
        return
    cuts: list[str] = []
    [author] = _authors_cut((person.author,), cuts)
    topics = _topics_cut(person.topics, cuts)
    for reason in cuts:
        yield Cut(person.where, f"{reason}; the record loads")
    yield replace(person, author=author, topics=topics) if cuts else person


def _work_problem(work: Work) -> str | None:
    """Why the work cannot be kept at all, or None."""
    if len(work.title) > TITLE_CHARS:
        return f"title of {len(work.title):,} characters, over the limit of {TITLE_CHARS:,}"
    if not (work.doi or work.arxiv_id or work.ids) and not _WORD.search(work.title):
        return f"title {work.title[:40]!r} has no letter or digit to key the paper by, and the record has no id"
    if work.year is not None and work.year not in YEARS:
        return f"year {work.year} is not a year ({YEARS.start}-{YEARS.stop - 1})"
    ids = [("DOI", work.doi), ("arXiv id", work.arxiv_id)] + [("id", i) for i in (*work.ids, *work.references)]
    ids += [("topic id", t.id) for t in work.topics]
    for label, value in ids:
        if value is not None and len(value) > ID_CHARS:
            return f"{label} of {len(value):,} characters, over the limit of {ID_CHARS}"
    for position, author in enumerate(work.authors, start=1):
        problem = _author_problem(author, f"author {position}")
        if problem is not None:
            return problem
    return _text_problem(_work_strings(work))


def _author_problem(author: Author, who: str) -> str | None:
    if len(author.name) > NAME_CHARS:
        return f"{who}'s name of {len(author.name):,} characters, over the limit of {NAME_CHARS}"
    for value in (author.orcid, *author.ids, *(i.id for i in author.affiliations)):
        if value is not None and len(value) > ID_CHARS:
            return f"{who}'s id of {len(value):,} characters, over the limit of {ID_CHARS}"
    return None


def _text_problem(strings: list[str]) -> str | None:
    """Text that is not Unicode, which no engine stores: checked on all of a record's strings at once."""
    text = "".join(strings)
    if text.isascii():  # nearly every record: no surrogate possible
        return None
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return f"text that is not valid UTF-8 or Unicode (U+{ord(found.group()):04X} where a character should be)"


def _work_strings(work: Work) -> list[str]:
    strings = [work.title, work.venue, work.abstract, work.kind, work.date, work.doi, work.arxiv_id,
               *work.ids, *work.references]
    for author in work.authors:
        strings += _author_strings(author)
    for topic in work.topics:
        strings += (topic.id, topic.name, topic.scheme)
    return [s for s in strings if s]


def _person_strings(person: Person) -> list[str]:
    strings = _author_strings(person.author)
    for topic in person.topics:
        strings += (topic.id, topic.name, topic.scheme)
    return [s for s in strings if s]


def _author_strings(author: Author) -> list[str]:
    strings = [author.name, author.orcid or "", *author.ids]
    for inst in author.affiliations:
        strings += (inst.name, inst.id or "", inst.country or "")
    return strings


def _authors_cut(authors: tuple[Author, ...], cuts: list[str]) -> tuple[Author, ...]:
    """The authors with institution names (and countries) within their limits; the same tuple when none is over."""
    if all(len(i.name) <= INSTITUTION_CHARS and len(i.country or "") <= NAME_CHARS
           for a in authors for i in a.affiliations):
        return authors
    return tuple(replace(a, affiliations=tuple(_institution_cut(i, cuts) for i in a.affiliations)) for a in authors)


def _institution_cut(inst: Institution, cuts: list[str]) -> Institution:
    changes: dict[str, str] = {}
    if len(inst.name) > INSTITUTION_CHARS:
        changes["name"] = inst.name[:INSTITUTION_CHARS]
        cuts.append(_cut_reason("institution name", inst.name, INSTITUTION_CHARS))
    if inst.country is not None and len(inst.country) > NAME_CHARS:
        changes["country"] = inst.country[:NAME_CHARS]
        cuts.append(_cut_reason("country", inst.country, NAME_CHARS))
    return replace(inst, **changes) if changes else inst


def _topics_cut(topics: tuple[Topic, ...], cuts: list[str]) -> tuple[Topic, ...]:
    if all(len(t.name) <= TOPIC_CHARS and len(t.scheme) <= NAME_CHARS for t in topics):
        return topics
    kept = []
    for t in topics:
        if len(t.name) > TOPIC_CHARS:
            cuts.append(_cut_reason("topic name", t.name, TOPIC_CHARS))
        if len(t.scheme) > NAME_CHARS:
            cuts.append(_cut_reason("topic scheme", t.scheme, NAME_CHARS))
        kept.append(replace(t, name=t.name[:TOPIC_CHARS], scheme=t.scheme[:NAME_CHARS]))
    return tuple(kept)


def _cut_reason(field: str, value: str, limit: int) -> str:
    return f"{field} of {len(value):,} characters cut to the limit of {limit:,}"
