"""Opening source files whatever their compression, and reading their first bytes to sniff the format."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TextIO, cast

from loaders.records import FormatError, Stopped


class _Gzip(gzip.GzipFile):
    """A gzip reader that closes the file it was given, as the others below do."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__(fileobj=raw, mode="rb")
        self._given = raw

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._given.close()


class _ClosesFp:
    """For lzma and bz2 readers, which keep the file they were given in `_fp` and leave it open."""

    def close(self) -> None:
        raw = self._fp  # type: ignore[attr-defined]
        try:
            super().close()  # type: ignore[misc]
        finally:
            if raw is not None:
                raw.close()


class _Xz(_ClosesFp, lzma.LZMAFile):
    pass


class _Bz2(_ClosesFp, bz2.BZ2File):
    pass


# The decompressing readers are binary file objects, though typeshed does not declare them BinaryIO.
_OPENERS: dict[str, Callable[[BinaryIO], BinaryIO]] = {
    ".gz": lambda raw: cast(BinaryIO, _Gzip(raw)),
    ".xz": lambda raw: cast(BinaryIO, _Xz(raw, "rb")),
    ".bz2": lambda raw: cast(BinaryIO, _Bz2(raw, "rb")),
}


# The raw (compressed) file last opened per path: its position over its size is a load's progress.
_raw: dict[str, BinaryIO] = {}


def open_binary(path: Path) -> BinaryIO:
    """Open `path` for reading bytes, decompressing .gz/.xz/.bz2 transparently."""
    raw = open(path, "rb")  # noqa: SIM115 - the caller's reader closes it (see _Gzip, _ClosesFp)
    _raw[str(path)] = raw
    opener = _OPENERS.get(path.suffix.lower())
    if opener is None:
        return raw
    return opener(raw)


def fraction_read(path: Path) -> float | None:
    """How far into the file on disk the latest reader of `path` is, 0..1; None before it is opened."""
    raw = _raw.get(str(path))
    if raw is None:
        return None
    try:
        size = os.fstat(raw.fileno()).st_size
        return raw.tell() / size if size else 1.0
    except (OSError, ValueError):  # closed: the reader is done
        return 1.0


def open_text(path: Path, encoding: str = "utf-8", errors: str = "replace") -> TextIO:
    """Open `path` as text; undecodable bytes become U+FFFD instead of aborting a whole load. With
    errors="surrogateescape" they become lone surrogates instead, which loaders/limits.py rejects: for formats
    whose encoding is UTF-8 by definition (JSON, BibTeX as DBLP writes it), where such bytes mean a broken record."""
    return io.TextIOWrapper(open_binary(path), encoding=encoding, errors=errors, newline=None)


# What reading a compressed stream raises where it breaks off or is corrupt (BadGzipFile is an OSError).
READ_ERRORS = (EOFError, OSError, zlib.error, lzma.LZMAError)


def broken_off(where: str, exc: BaseException) -> Stopped:
    """The Stopped for a stream that cannot be read past `where`."""
    return Stopped(where, f"the file breaks off here ({type(exc).__name__}: {exc}); the rest is lost")


def head(path: Path, size: int = 4096) -> bytes:
    """Up to `size` decompressed bytes from the start: enough to tell one format from another.

    A compressed stream that breaks off early still shows what it holds; the break is the parser's
    to report later, as a Reject after the good records.
    """
    data = bytearray()
    with open_binary(path) as f:
        try:
            while len(data) < size:
                piece = f.read(min(65536, size - len(data)))
                if not piece:
                    break
                data += piece
        except READ_ERRORS as exc:
            if not data:  # nothing to tell the format by: the file itself is the problem, before any record
                raise FormatError(path, f"a readable {path.suffix or 'file'} file", f"unreadable data: {exc}") from exc
    return bytes(data)
