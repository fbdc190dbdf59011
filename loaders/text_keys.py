"""Names and titles as keys: normalised text that decides when two records are the same paper or the same person.

The folding itself (case, accents, punctuation) is app/text.py's, shared with the API's search.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from app.text import words
from loaders.limits import KEY_CHARS

_DBLP_SUFFIX = re.compile(r"^(?P<name>.*\S)\s+(?P<n>\d{4})$")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """'Gül  Varol' and 'gul-varol' give 'gul-varol'; 'J. Smith' stays apart from 'John Smith'."""
    return bounded_key("-".join(words(name)))


def title_key(title: str) -> str:
    """Case, accents, punctuation and TeX braces do not make two titles different."""
    return bounded_key("-".join(words(title.replace("{", "").replace("}", ""))))


def bounded_key(key: str) -> str:
    """The key itself up to KEY_CHARS; a longer one is its start and a digest of the whole, so equal keys stay
    equal, different ones stay apart, and none is too long for the engines' indexes (see loaders/limits.py)."""
    if len(key) <= KEY_CHARS:
        return key
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    return f"{key[: KEY_CHARS - len(digest) - 1]}-{digest}"


def split_dblp_suffix(name: str) -> tuple[str, str | None]:
    """'Zhe Lin 0001' -> ('Zhe Lin', '0001'): DBLP's homonym number marks a different person."""
    m = _DBLP_SUFFIX.match(name.strip())
    if m is None:
        return name.strip(), None
    return m.group("name"), m.group("n")
