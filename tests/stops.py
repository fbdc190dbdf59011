"""Reading a parser's records up to a break: shared by the parser tests of files cut short."""

from __future__ import annotations

from collections.abc import Iterable

from loaders.records import Record, Stopped


def read_until_stopped(records: Iterable[Record]) -> tuple[list[Record], Stopped | None]:
    """Every record the parser yields, and the Stopped it raises after them (None when the file reads to its end)."""
    read: list[Record] = []
    try:
        for record in records:
            read.append(record)
    except Stopped as stop:
        return read, stop
    return read, None
