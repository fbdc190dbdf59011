"""Text folded for comparison: the same words whether a loader writes them or the API searches with them."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Gül Varol' -> 'gul varol'. Letters with no decomposition (ø, ł) are kept."""
    if text.isascii():  # most names and titles: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The folded words of `text`, punctuation dropped."""
    return _WORD.findall(fold(text))
