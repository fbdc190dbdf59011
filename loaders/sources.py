"""The sources `collab load` reads, and telling which one a file is from its name and first bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

from loaders import arxiv, bibtex, dblp, openalex, profile
from loaders.files import READ_ERRORS, broken_off
from loaders.limits import checked
from loaders.options import LoadOptions
from loaders.records import FormatError, Record

SOURCES: dict[str, ModuleType] = {
    "arxiv": arxiv,
    "openalex": openalex,
    "dblp": dblp,
    "bibtex": bibtex,
    "profile": profile,
}
# Tried in this order when the source is not given: the strictest formats first.
_SNIFF_ORDER = ("dblp", "bibtex", "openalex", "arxiv", "profile")


def infer(path: Path) -> str:
    """The source a file is, judged by its content; FormatError when none claims it."""
    for name in _SNIFF_ORDER:
        sniff: Callable[[Path], bool] = SOURCES[name].sniff
        if sniff(path):
            return name
    raise FormatError(path, f"a file of a known source ({', '.join(SOURCES)})", "none recognised it")


def open_records(source: str, path: Path, options: LoadOptions | None = None) -> Iterator[Record]:
    """The records of one file; the format is checked here, before the first record is read."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; expected one of: {', '.join(SOURCES)}")
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    parse: Callable[[Path, LoadOptions], Iterator[Record]] = SOURCES[source].parse
    return checked(_stopping(path, parse(path, options or LoadOptions())))  # every source within the same limits


def _stopping(path: Path, records: Iterator[Record]) -> Iterator[Record]:
    """A read error that a parser does not place itself (a profile export cut short) still stops the file with
    Stopped, after the records before it, rather than ending the load with a traceback."""
    try:
        yield from records
    except READ_ERRORS as exc:
        raise broken_off(f"{path.name}", exc) from exc
