"""Relay-style cursor connections whose pages are cut in Cypher (SKIP/LIMIT), not by slicing a full list."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from app.api import cursors

T = TypeVar("T")


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a page with the cursor to page on from it.")
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type(description="One page of a list, Relay style: pass `pageInfo.endCursor` as `after` for the next.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int | None = strawberry.field(
        description="How many items the whole list has; null where counting would cost a query of its own."
    )


def page(
    records: Sequence[Mapping[str, Any]],
    skip: int,
    first: int,
    make: Callable[[Mapping[str, Any]], T],
    total: int,
) -> Connection[T]:
    """A connection from the (at most `first`) rows of a query after `skip`, and the whole list's `total`: more
    follow while skip and the rows shown fall short of it."""
    shown = records[:first]
    edges = [Edge(node=make(r), cursor=cursors.encode(skip + i)) for i, r in enumerate(shown)]
    more = skip + len(shown) < total
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=more,
            has_previous_page=skip > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )
