"""searchResearchers: full-text search on names, tolerant of case, accents and initials."""

from __future__ import annotations

import strawberry
from strawberry import UNSET
from strawberry.types import Info

from app.api import cursors, limits
from app.api.connection import Connection, page
from app.api.context import graph_of
from app.api.errors import BadInput
from app.api.researcher import Researcher
from app.text import words

MAX_TERMS = 8

DESCRIPTION = (
    "Researchers by name through the full-text index: case and accents are ignored ('gul varol' finds 'Gül Varol'), "
    "every word must match a word of the name or an alias, whole or as a prefix, so initials work ('J. Smith' "
    "finds 'John Smith'). Best match first (whole words before prefixes), then most works. "
    f"Relay cursor pagination, at most {limits.MAX_PAGE} per page; `totalCount` is how many match in all."
)


def search_terms(query: str) -> list[str]:
    """The folded words of `query`, the same folding the loaders give a researcher's search text."""
    limits.at_most(len(query), limits.MAX_QUERY_CHARS, "length of `query`")
    terms = list(dict.fromkeys(words(query)))
    if not terms:
        raise BadInput("`query` has no letters or digits to search for")
    return terms[: limits.at_most(len(terms), MAX_TERMS, "number of words in `query`")]


async def search_researchers(
    info: Info, query: str, first: int | None = 10, after: str | None = UNSET
) -> Connection[Researcher]:
    first = limits.page_size(first)
    skip = cursors.skip_after(limits.given(after))
    terms = search_terms(query)
    rows = await graph_of(info).read("researcher/search_researchers", terms=terms, skip=skip, limit=first)
    total = rows[0]["total"] if rows else 0
    return page([r for r in rows if r["id"] is not None], skip, first, Researcher.from_record, total=total)


search_field = strawberry.field(resolver=search_researchers, description=DESCRIPTION)
