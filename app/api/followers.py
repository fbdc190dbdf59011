"""Researcher.followerCount and Researcher.viewerFollows: per-request loaders, one query for any number of researchers.

The loaders live in the request's context beside the others, made on first use: the viewer's follows need the
viewer, whom the shared Loaders do not know. A follow mutation drops them, so what it returns is read afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader
from strawberry.types import Info

from app import follows
from app.api.auth import viewer_or_none
from app.api.context import graph_of
from app.graph import Graph

_KEY = "follow_loaders"


@dataclass
class FollowLoaders:
    graph: Graph
    viewer_id: str | None
    followers: DataLoader[str, int] = field(init=False)
    followed: DataLoader[str, bool] = field(init=False)

    def __post_init__(self) -> None:
        self.followers = DataLoader(self._followers)
        self.followed = DataLoader(self._followed)

    async def _followers(self, ids: list[str]) -> list[int]:
        counts = await follows.follower_counts(self.graph, ids)
        return [counts.get(i, 0) for i in ids]

    async def _followed(self, ids: list[str]) -> list[bool]:
        if self.viewer_id is None:
            return [False] * len(ids)
        found = await follows.followed_among(self.graph, self.viewer_id, ids)
        return [i in found for i in ids]


def follow_loaders(info: Info) -> FollowLoaders:
    loaders: FollowLoaders | None = info.context.get(_KEY)
    if loaders is None:
        viewer = viewer_or_none(info)
        loaders = FollowLoaders(graph_of(info), viewer.id if viewer else None)
        info.context[_KEY] = loaders
    return loaders


def forget_follows(info: Info) -> None:
    """After a follow or unfollow: later fields of the request read the graph again."""
    info.context.pop(_KEY, None)


async def follower_count(info: Info, researcher_id: str) -> int:
    return await follow_loaders(info).followers.load(researcher_id)


async def viewer_follows(info: Info, researcher_id: str) -> bool:
    return await follow_loaders(info).followed.load(researcher_id)
