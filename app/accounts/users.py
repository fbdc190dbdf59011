"""Users in the graph: (:User {id, email, display_name, password_hash, orcid, is_admin, created_at})."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.accounts.errors import AccountError
from app.accounts.passwords import hash_password, verify_password
from app.graph import ConstraintError, Graph

MAX_EMAIL = 254  # RFC 5321's limit; keys stay far under what the engines index
MAX_DISPLAY_NAME = 100
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class User:
    id: str
    email: str
    display_name: str
    orcid: str | None
    is_admin: bool

    @classmethod
    def from_record(cls, row: dict[str, Any]) -> User:
        return cls(id=row["id"], email=row["email"], display_name=row["display_name"] or row["email"],
                   orcid=row.get("orcid"), is_admin=bool(row.get("is_admin")))


class EmailTaken(AccountError):
    pass


def now_iso() -> str:
    """Now in UTC as ISO 8601 to the second: stored times compare correctly as strings."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def normal_email(email: str) -> str:
    """The email as stored and looked up: trimmed, lower-cased; AccountError when it cannot be an address."""
    email = email.strip().lower()
    if len(email) > MAX_EMAIL or not _EMAIL.match(email):
        raise AccountError("That is not an email address (something like name@example.org).")
    return email


def normal_display_name(name: str) -> str:
    """Whitespace tidied; AccountError when empty or too long. Shown escaped wherever it appears."""
    name = " ".join(name.split())
    if not name:
        raise AccountError("The display name cannot be empty.")
    if len(name) > MAX_DISPLAY_NAME:
        raise AccountError(f"The display name may have at most {MAX_DISPLAY_NAME} characters.")
    return name


async def create_user(
    graph: Graph, email: str, password: str | None, *, display_name: str, admin: bool = False,
    orcid: str | None = None,
) -> User:
    """A new user; `password` None for ORCID-only users (they cannot sign in with a password).
    AccountError (EmailTaken, WeakPassword) when the input cannot make an account; nothing is written then."""
    email = normal_email(email)
    display_name = normal_display_name(display_name)
    password_hash = await hash_password(password) if password is not None else None
    user_id = f"user:{uuid.uuid4().hex}"
    row = {"id": user_id, "email": email, "display_name": display_name,
           "password_hash": password_hash, "orcid": orcid, "is_admin": admin, "created_at": now_iso()}
    try:
        await graph.write("account/merge_user", [row])
    except ConstraintError:
        raise EmailTaken(f"An account with the email {email} exists already.") from None
    return User(id=user_id, email=email, display_name=display_name, orcid=orcid, is_admin=admin)


async def user_by_id(graph: Graph, user_id: str) -> User | None:
    rows = await graph.read("account/get_user", id=user_id)
    return User.from_record(rows[0]) if rows else None


async def user_by_orcid(graph: Graph, orcid: str) -> User | None:
    rows = await graph.read("account/get_user_by_orcid", orcid=orcid)
    return User.from_record(rows[0]) if rows else None


async def authenticate(graph: Graph, email: str, password: str) -> User | None:
    """The user when the email and password match; None otherwise, taking as long whether or not the email is known."""
    try:
        email = normal_email(email)
    except AccountError:
        email = ""
    rows = await graph.read("account/get_user_login", email=email) if email else []
    stored = rows[0]["password_hash"] if rows else None
    if not await verify_password(stored, password):
        return None
    return User.from_record(rows[0])


async def list_users(graph: Graph) -> list[dict[str, Any]]:
    """Every user with created_at, never a password hash."""
    return await graph.read("account/list_users")


async def set_display_name(graph: Graph, user: User, name: str) -> User:
    name = normal_display_name(name)
    await graph.write("account/merge_display_name", [{"id": user.id, "display_name": name}])
    return User(id=user.id, email=user.email, display_name=name, orcid=user.orcid, is_admin=user.is_admin)
