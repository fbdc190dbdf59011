"""The API's limits, checked before any query runs: over a limit is a clear error, never a slow query."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry import UNSET

from app.api.errors import BadInput, LimitExceeded

MAX_PAGE = 100  # `first` of every list and connection
MAX_HOPS = 8  # collaborationPaths.maxHops
MAX_PATHS = 10  # collaborationPaths.k
MAX_AVOID = 100  # collaborationPaths.avoid
MAX_NEIGHBOURHOOD = 1000  # neighbourhood depth * limit
MAX_QUERY_CHARS = 200  # searchResearchers.query
# Operation-level limits, enforced by Strawberry's validators.
MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000
# The most one request may cost, summed over its fields (app/api/cost.py says how fields are priced).
MAX_COST = 5000


def given(value: Any, default: Any = None) -> Any:
    """An argument's value, or `default` when the client left it out or sent null."""
    return default if value is None or value is UNSET else value


def page_size(first: int | None, name: str = "first", default: int = 10) -> int:
    first = given(first, default)
    if first < 0:
        raise BadInput(f"`{name}` must be 0 or more, not {first}")
    if first > MAX_PAGE:
        raise LimitExceeded(f"`{name}` is {first}; at most {MAX_PAGE} items are returned per page")
    return first


def at_least(value: int, low: int, name: str) -> int:
    if value < low:
        raise BadInput(f"`{name}` must be {low} or more, not {value}")
    return value


def at_most(value: int, high: int, name: str) -> int:
    if value > high:
        raise LimitExceeded(f"`{name}` is {value}; the limit is {high}")
    return value


def year_window(year_from: int | None, year_to: int | None) -> None:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadInput(f"`yearFrom` ({year_from}) is after `yearTo` ({year_to})")


def neighbourhood_size(depth: int, limit: int) -> None:
    at_least(depth, 1, "depth")
    at_least(limit, 1, "limit")
    if depth * limit > MAX_NEIGHBOURHOOD:
        raise LimitExceeded(
            f"`depth * limit` is {depth} * {limit} = {depth * limit}; the limit is {MAX_NEIGHBOURHOOD}"
        )


def id_list(ids: Sequence[str], high: int, name: str) -> list[str]:
    return list(ids[: at_most(len(ids), high, f"number of ids in {name}")])
