"""Follows: which users follow which researchers, follower counts, and the Following page's works and visits.

A follow is a `(:User)-[:FOLLOWS {since, ended}]->(:Researcher)` edge; an unfollow sets `ended` rather than
deleting the edge (the embedded engine's log must never replay an effect on an entity deleted later). Times
are epoch milliseconds, as the loads' own stamps (`AUTHORED.loaded_at`, `LoadState`) are.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from app.graph import Graph, Row

NEWEST_WORKS = 5  # works shown per followed researcher on the Following page


def now_ms() -> int:
    return int(time.time() * 1000)


async def follow(graph: Graph, user_id: str, researcher_id: str) -> None:
    """`user_id` follows `researcher_id` from now on; a second follow changes nothing."""
    await graph.write("follow/merge_follow", [], user=user_id, researcher=researcher_id, now=now_ms())


async def unfollow(graph: Graph, user_id: str, researcher_id: str) -> None:
    """`user_id` no longer follows `researcher_id`; unfollowing one not followed changes nothing."""
    await graph.write("follow/merge_unfollow", [], user=user_id, researcher=researcher_id, now=now_ms())


async def follower_counts(graph: Graph, ids: Sequence[str]) -> dict[str, int]:
    """Current followers per researcher id; ids not in the graph are left out."""
    rows = await graph.read("follow/count_followers", ids=list(ids))
    return {r["researcher"]: r["followers"] for r in rows}


async def followed_among(graph: Graph, user_id: str, ids: Sequence[str]) -> set[str]:
    """Those of `ids` that `user_id` follows now."""
    rows = await graph.read("follow/list_followed", user=user_id, ids=list(ids))
    return {r["researcher"] for r in rows}


async def following(graph: Graph, user_id: str, skip: int, limit: int) -> tuple[int, list[str]]:
    """How many researchers `user_id` follows, and the ids of one page of them, most recently followed first."""
    rows = await graph.read("follow/list_following", user=user_id, skip=skip, limit=limit)
    return (rows[0]["total"], list(rows[0]["ids"])) if rows else (0, [])


@dataclass(frozen=True, slots=True)
class FollowedWorks:
    """A followed researcher's newest works for the Following page: new ones (loaded since the last visit) first."""

    new_count: int
    works: list[Row]


async def newest_works(
    graph: Graph, user_id: str, ids: Sequence[str], limit: int = NEWEST_WORKS
) -> dict[str, FollowedWorks]:
    """Per followed researcher, the works loaded since the user's last visit (marked `is_new`), then the newest."""
    rows = await graph.read("follow/list_new_works", user=user_id, ids=list(ids), limit=limit)
    return {r["researcher"]: FollowedWorks(r["new_count"], r["works"]) for r in rows}


async def record_visit(graph: Graph, user_id: str) -> int:
    """Remember that the user has seen the Following page as the graph is now; returns the time recorded.

    A load stamps its authorships with a time taken after it claimed the graph. The time is read before the
    claim is: with no load holding the claim, every later load's stamp is after it. While a load runs, the
    visit counts only up to that load's start, so what it writes after this visit is still new on the next.
    """
    seen = now_ms()
    writer = await graph.read("load/get_writer")
    if writer and writer[0]["token"] is not None and writer[0]["since"] is not None:
        seen = min(seen, int(writer[0]["since"]))
    await graph.write("follow/merge_following_seen", [], user=user_id, seen=seen)
    return seen


async def last_visit(graph: Graph, user_id: str) -> int | None:
    """When the user last saw the Following page (epoch ms), or None before the first visit."""
    rows = await graph.read("follow/get_following_seen", user=user_id)
    return rows[0]["seen_at"] if rows else None
