"""Password hashes: argon2id through argon2-cffi with its default (RFC 9106 low-memory) parameters."""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from app.accounts.errors import AccountError

MIN_LENGTH = 12
MAX_LENGTH = 1024  # hashing a megabyte-long "password" costs time for nothing

_hasher = PasswordHasher(type=Type.ID)


@cache
def _decoy() -> str:
    """Checked when an email is unknown, so that answer takes as long as a wrong password's (no timing oracle).
    Made on first use, not at import: hashing takes 0.1 s, which every command paid, loads included."""
    return _hasher.hash("not a password of anyone's, only a decoy")


class WeakPassword(AccountError):
    """A password the rules refuse; the message says which rule."""


def check_rules(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"The password needs at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"The password may have at most {MAX_LENGTH} characters.")


async def hash_password(password: str) -> str:
    """The argon2id hash of an acceptable password; the work runs in a thread so the server keeps answering."""
    check_rules(password)
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(stored: str | None, password: str) -> bool:
    """Whether `password` matches `stored`; with no stored hash a decoy is checked and False returned."""
    return await asyncio.to_thread(_verify, stored, password[:MAX_LENGTH])


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _decoy(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
