"""Opening source files whatever their compression, and reading their first bytes to sniff the format."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from pathlib import Path
from typing import BinaryIO, TextIO

_OPENERS = {".gz": gzip.open, ".xz": lzma.open, ".bz2": bz2.open}


def open_binary(path: Path) -> BinaryIO:
    """Open `path` for reading bytes, decompressing .gz/.xz/.bz2 transparently."""
    opener = _OPENERS.get(path.suffix.lower())
    if opener is None:
        return open(path, "rb")
    return opener(path, "rb")  # type: ignore[return-value]


def open_text(path: Path, encoding: str = "utf-8") -> TextIO:
    """Open `path` as text; undecodable bytes become U+FFFD instead of aborting a whole load."""
    return io.TextIOWrapper(open_binary(path), encoding=encoding, errors="replace", newline=None)


def head(path: Path, size: int = 4096) -> bytes:
    """The first `size` decompressed bytes: enough to tell one format from another."""
    with open_binary(path) as f:
        return f.read(size)


def stem(path: Path) -> str:
    """The file name without compression suffix: 'x.bib.gz' -> 'x.bib'."""
    name = path.name
    for suffix in _OPENERS:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name
