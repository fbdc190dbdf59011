"""Opaque Relay cursors: the offset of an item in an ordered result, so `after` becomes SKIP in Cypher."""

from __future__ import annotations

import base64
import binascii

from app.api.errors import BadInput

_PREFIX = "offset:"


def encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def skip_after(after: str | None) -> int:
    """How many items to skip for the page that starts after the item `after` names."""
    if after is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(after.encode()).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        offset = int(text.removeprefix(_PREFIX))
    except (binascii.Error, UnicodeError, ValueError):
        raise BadInput(f"`after` is not a cursor this API gave out: {after!r}") from None
    if offset < 0:
        raise BadInput(f"`after` is not a cursor this API gave out: {after!r}")
    return offset + 1
