"""Reading the JSON that sources deliver: lines of UTF-8 (arXiv, OpenAlex part files), values that may be nested
too deep or hold numbers too long to convert, and files cut short in the middle of a record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from loaders.files import READ_ERRORS, broken_off, open_text
from loaders.records import Stopped


def json_lines(path: Path) -> Iterator[tuple[str, str]]:
    """("file:line", text) of each non-blank line. JSON is UTF-8, so bytes that are not stay as lone surrogates
    for loaders/limits.py to reject the record. A stream that breaks off, or a last line cut mid-record (no
    newline, the JSON unfinished), raises Stopped after the lines before it."""
    number = 0
    with open_text(path, errors="surrogateescape") as f:
        lines = iter(f)
        while True:
            try:
                line = next(lines, None)
            except READ_ERRORS as exc:
                raise broken_off(f"{path.name}:{number + 1}", exc) from exc
            if line is None:
                return
            number += 1
            if not line.endswith("\n") and _unfinished(line):
                raise Stopped(f"{path.name}:{number}", "the file ends in the middle of this record; the rest is lost")
            if line.strip():
                yield f"{path.name}:{number}", line


def _unfinished(line: str) -> bool:
    """A last line that breaks off: JSON that is fine up to its end but does not end there."""
    try:
        json.loads(line)
    except json.JSONDecodeError as e:
        return cut_short(e, line)
    except (ValueError, RecursionError):
        return False
    return False


def cut_short(error: json.JSONDecodeError, text: str) -> bool:
    """The JSON error is the text ending early (inside a string, or where more should follow), not a bad token."""
    return error.msg.startswith("Unterminated string") or error.pos >= len(text.rstrip())


def json_value(text: str) -> tuple[Any, str | None]:
    """The JSON value of `text`, or why it is none: not JSON, nested too deep, a number too long to convert."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as e:
        return None, f"not JSON: {e.msg} at column {e.colno}"
    except RecursionError:
        return None, "JSON nested too deep to read"
    except ValueError as e:  # an integer of thousands of digits
        return None, f"not readable JSON: {e}"


def shown(value: object) -> str:
    """A wrong value named briefly in a Reject's reason (ASCII, so no lone surrogate reaches the report)."""
    text = json.dumps(value, default=str)
    return f"{type(value).__name__} {text[:40]}{'...' if len(text) > 40 else ''}"
