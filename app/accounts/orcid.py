"""Users by their verified ORCID iD: found or created at ORCID sign-in, or linked to a signed-in account."""

from __future__ import annotations

from app.accounts.users import AccountError, EmailTaken, User, create_user, user_by_orcid
from app.graph import Graph

# ORCID's OpenID answer carries no email; an ORCID-only account gets an address under `.invalid` (RFC 2606:
# it can never be delivered or belong to anyone), unique per iD, so the email key also stops a double sign-up.
PLACEHOLDER_DOMAIN = "orcid.invalid"


class OrcidTaken(AccountError):
    pass


def placeholder_email(orcid: str) -> str:
    return f"{orcid.lower()}@{PLACEHOLDER_DOMAIN}"


async def user_for_orcid(graph: Graph, orcid: str, display_name: str) -> User:
    """The user carrying this verified iD, or a new one (no password) named as the ID token names them."""
    if (user := await user_by_orcid(graph, orcid)) is not None:
        return user
    try:
        return await create_user(graph, placeholder_email(orcid), None, display_name=display_name, orcid=orcid)
    except EmailTaken:  # the same person's first sign-in in another tab won the race: theirs is the account
        user = await user_by_orcid(graph, orcid)
        if user is None:
            raise
        return user


async def link_orcid(graph: Graph, user: User, orcid: str) -> User:
    """`user` now carries this verified iD; OrcidTaken when another account carries it or this one another."""
    if user.orcid == orcid:
        return user
    if user.orcid is not None:
        raise OrcidTaken(f"Your account carries the ORCID iD {user.orcid} already.")
    counters = await graph.write("account/merge_user_orcid", [{"id": user.id, "orcid": orcid}])
    if not counters.get("properties_set"):
        raise OrcidTaken(f"The ORCID iD {orcid} belongs to another account here.")
    return User(id=user.id, email=user.email, display_name=user.display_name, orcid=orcid, is_admin=user.is_admin)
