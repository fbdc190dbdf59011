"""The GraphQL `User`: the signed-in person as `me` shows them (claims and following are added by their owners)."""

from __future__ import annotations

import strawberry
from strawberry import UNSET
from strawberry.types import Info

from app.accounts.users import User as Account
from app.api.auth import viewer_or_none
from app.api.claims import Claim, claims_of
from app.api.connection import Connection
from app.api.follow import FOLLOWING, following_of
from app.api.researcher import Researcher


@strawberry.type(description="A person with an account: the viewer, as `me` answers.")
class User:
    id: strawberry.ID
    email: str
    display_name: str
    orcid: str | None = strawberry.field(description="The verified ORCID iD from an ORCID sign-in; null otherwise.")
    is_admin: bool

    @strawberry.field(description="Your claims of researcher profiles that you have not released, newest first.")
    async def claims(self, info: Info) -> list[Claim]:
        return await claims_of(info, str(self.id))

    @strawberry.field(description=FOLLOWING)
    async def following(self, info: Info, first: int | None = 20, after: str | None = UNSET) -> Connection[Researcher]:
        return await following_of(info, str(self.id), first, after)

    @classmethod
    def from_account(cls, account: Account) -> User:
        return cls(id=strawberry.ID(account.id), email=account.email, display_name=account.display_name,
                   orcid=account.orcid, is_admin=account.is_admin)


def me(info: Info) -> User | None:
    viewer = viewer_or_none(info)
    return User.from_account(viewer) if viewer else None


me_field: User | None = strawberry.field(
    resolver=me, description="The signed-in user (session cookie or bearer token); null when signed out.")
