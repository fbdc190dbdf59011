"""Following researchers over GraphQL: followResearcher and unfollowResearcher, and the viewer's `following` list."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry
from strawberry.types import Info

from app import follows
from app.api import cursors, limits
from app.api.auth import require_viewer
from app.api.connection import Connection, page
from app.api.context import graph_of, loaders_of
from app.api.errors import BadInput
from app.api.followers import forget_follows
from app.api.researcher import Researcher
from app.graph import Graph

Change = Callable[[Graph, str, str], Awaitable[None]]


async def _change(info: Info, researcher_id: str, change: Change) -> Researcher:
    """Follow or unfollow for the signed-in user; the researcher as it stands afterwards."""
    viewer = require_viewer(info)
    record = await loaders_of(info).researcher.load(researcher_id)
    if record is None:
        raise BadInput(f"No researcher with the id {researcher_id!r}.")
    await change(graph_of(info), viewer.id, researcher_id)
    forget_follows(info)
    return Researcher.from_record(record)


@strawberry.type
class FollowMutation:
    @strawberry.mutation(description="Follow a researcher as the signed-in user; following again changes nothing. "
                         "UNAUTHENTICATED when signed out, BAD_USER_INPUT for an unknown id.")
    async def follow_researcher(self, info: Info, id: strawberry.ID) -> Researcher:
        return await _change(info, str(id), follows.follow)

    @strawberry.mutation(description="Stop following a researcher; unfollowing one not followed changes nothing. "
                         "UNAUTHENTICATED when signed out, BAD_USER_INPUT for an unknown id.")
    async def unfollow_researcher(self, info: Info, id: strawberry.ID) -> Researcher:
        return await _change(info, str(id), follows.unfollow)


async def following_of(info: Info, user_id: str, first: int | None, after: str | None) -> Connection[Researcher]:
    """One page of the researchers `user_id` follows, most recently followed first."""
    first = limits.page_size(first, default=20)
    skip = cursors.skip_after(limits.given(after))
    total, ids = await follows.following(graph_of(info), user_id, skip, first)
    records = [r for r in await loaders_of(info).researcher.load_many(ids) if r is not None]
    return page(records, skip, first, Researcher.from_record, total=total)


FOLLOWING = f"The researchers this user follows, most recently followed first; at most {limits.MAX_PAGE} per page."

