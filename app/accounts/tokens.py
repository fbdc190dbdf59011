"""Personal access tokens for GraphQL clients (`Authorization: Bearer <secret>`): the secret is shown once, the
graph keeps its SHA-256 (a random 256-bit secret needs no slow hash), revoked tokens stay marked, not deleted."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from app.accounts.users import AccountError, User, now_iso
from app.graph import Graph

PREFIX = "collab_pat_"  # tells a leaked secret apart in logs and secret scanners
MAX_NAME = 80


@dataclass(frozen=True)
class AccessToken:
    id: str
    name: str
    created_at: str
    last_used_at: str | None

    @classmethod
    def from_record(cls, row: dict[str, Any]) -> AccessToken:
        return cls(id=row["id"], name=row["name"], created_at=row["created_at"], last_used_at=row.get("last_used_at"))


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_token(graph: Graph, user: User, name: str) -> tuple[AccessToken, str]:
    """A new token of `user` and its secret, which is never stored and cannot be shown again."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise AccountError(f"Give the token a name of 1 to {MAX_NAME} characters, e.g. 'notebook'.")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = AccessToken(id=f"token:{uuid.uuid4().hex}", name=name, created_at=now_iso(), last_used_at=None)
    await graph.write("account/merge_access_token", [{
        "id": token.id, "user_id": user.id, "name": name, "hash": secret_hash(secret), "created_at": token.created_at,
    }])
    return token, secret


async def list_tokens(graph: Graph, user: User) -> list[AccessToken]:
    return [AccessToken.from_record(r) for r in await graph.read("account/list_access_tokens", user_id=user.id)]


async def revoke_token(graph: Graph, user: User, token_id: str) -> bool:
    """Revoke one of `user`'s live tokens; False when it is not theirs, not live, or unknown."""
    counters = await graph.write("account/merge_access_token_revoked",
                                 [{"id": token_id, "user_id": user.id, "revoked_at": now_iso()}])
    return counters["properties_set"] > 0


async def token_user(graph: Graph, secret: str) -> User | None:
    """The user of a live token with this secret; its last use recorded."""
    if not secret.startswith(PREFIX):
        return None
    rows = await graph.read("account/get_token_user", hash=secret_hash(secret))
    if not rows:
        return None
    await graph.write("account/merge_token_used", [{"id": rows[0]["token_id"], "at": now_iso()}])
    return User.from_record(rows[0])
