"""The identity keys of records: what a paper or a person can be matched by, strongest first."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from app.text import words
from loaders.records import Author, Work
from loaders.text_keys import name_key, title_key

# A match is filed under (kind, property, value), as the lookup query returns it: ("paper", "doi", "10.1/x").
Match = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class PaperKeys:
    """A paper matches an existing one by its key, then DOI, then arXiv id, then normalised title + year."""

    id: str  # the key a new node gets
    doi: str | None
    arxiv_id: str | None
    title_key: str
    title_year: str | None
    source_ids: tuple[str, ...] = ()
    # Strongest first: the node's own key (the same record loaded before), DOI, arXiv id, title + year. Built once
    # here, by the reader thread, rather than for every use in planning.
    lookups: tuple[Match, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        found = (("id", self.id), ("doi", self.doi), ("arxiv_id", self.arxiv_id), ("title_year", self.title_year))
        object.__setattr__(self, "lookups", tuple(("paper", k, v) for k, v in found if v))


@dataclass(frozen=True, slots=True)
class PersonKeys:
    """A person matches by ORCID, then a source id; without ids, by the normalised name."""

    id: str
    orcid: str | None
    ids: tuple[str, ...]
    name_key: str
    # ORCID, own key, source ids, each once: what the person is looked up and filed under, strongest first.
    lookups: tuple[Match, ...] = field(init=False, repr=False, compare=False)
    # The ORCID as "orcid:..." and the source ids, each once: the ids a node absorbs and the load remembers.
    strong_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # No ORCID and no source id: the record names a person and nothing says which one.
    name_only: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        orcid = [("researcher", "orcid", self.orcid)] if self.orcid else []
        found = orcid + [("researcher", "id", i) for i in (self.id, *self.ids)]
        strong = ((f"orcid:{self.orcid}",) if self.orcid else ()) + self.ids
        object.__setattr__(self, "lookups", tuple(dict.fromkeys(found)))
        object.__setattr__(self, "strong_ids", tuple(dict.fromkeys(strong)))
        object.__setattr__(self, "name_only", not strong)


def paper_keys(work: Work) -> PaperKeys:
    tkey = title_key(work.title)
    title_year = f"{tkey}:{work.year}" if work.year is not None and tkey else None  # as load/merge_batch derives it
    if work.doi:
        pid = f"doi:{work.doi}"
    elif work.arxiv_id:
        pid = f"arxiv:{work.arxiv_id}"
    elif work.ids:
        pid = work.ids[0]
    else:
        pid = f"title:{title_year or tkey}"
    return PaperKeys(pid, work.doi, work.arxiv_id, tkey, title_year, work.ids)


@lru_cache(maxsize=1 << 16)  # prolific authors recur in most batches
def person_keys(author: Author) -> PersonKeys:
    nkey = name_key(author.name)
    if author.orcid:
        pid = f"orcid:{author.orcid}"
    elif author.ids:
        pid = author.ids[0]
    else:
        pid = f"name:{nkey}"
    return PersonKeys(pid, author.orcid, author.ids, nkey)


@lru_cache(maxsize=1 << 16)  # every author of every batch gets one; prolific authors recur in most batches
def search_text(name: str, aliases: tuple[str, ...] = ()) -> str:
    """Folded words of the name and its aliases, so search ignores case and accents."""
    return " ".join(dict.fromkeys(w for n in (name, *aliases) for w in words(n)))


def clear_caches() -> None:
    """Drop the key caches when a load ends: they only help while one runs. Left to the interpreter's exit,
    their ~200,000 objects made each garbage collection of its shutdown slow: `collab load` took 0.5 s to exit
    after the CV/ML file, 0.07 s once they were cleared (in 0.04 s)."""
    person_keys.cache_clear()
    search_text.cache_clear()
    name_key.cache_clear()


def name_search_text(name_key: str) -> str:
    """`search_text(name)` from the name's key, which holds the same words joined by hyphens (a word has none):
    no folding or regex for the planner's every new researcher."""
    return " ".join(dict.fromkeys(name_key.split("-")))
