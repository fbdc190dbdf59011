"""Normalised keys that decide when two records are the same paper or the same person."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")
_DBLP_SUFFIX = re.compile(r"^(?P<name>.*\S)\s+(?P<n>\d{4})$")


def _fold(text: str) -> str:
    """Lower case without accents: 'Gül Varol' -> 'gul varol'. Letters with no decomposition (ø, ł) are kept."""
    if text.isascii():  # most names and titles: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The folded words of `text`, punctuation dropped."""
    return _WORD.findall(_fold(text))


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """'Gül  Varol' and 'gul-varol' give 'gul-varol'; 'J. Smith' stays apart from 'John Smith'."""
    return "-".join(words(name))


def title_key(title: str) -> str:
    """Case, accents, punctuation and TeX braces do not make two titles different."""
    return "-".join(words(title.replace("{", "").replace("}", "")))


def split_dblp_suffix(name: str) -> tuple[str, str | None]:
    """'Zhe Lin 0001' -> ('Zhe Lin', '0001'): DBLP's homonym number marks a different person."""
    m = _DBLP_SUFFIX.match(name.strip())
    if m is None:
        return name.strip(), None
    return m.group("name"), m.group("n")
