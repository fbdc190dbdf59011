"""Accounts on both engines, through HTTP (httpx on the app with its lifespan): users with argon2id hashes and no
plain text anywhere, sessions whose cookie is refused once forged, bearer tokens refused once revoked, the GraphQL
`me`, and the key that signs cookies kept in a private file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.accounts.cookies import SESSION_COOKIE
from app.accounts.passwords import WeakPassword
from app.accounts.secret import signing_key
from app.accounts.tokens import list_tokens, revoke_token
from app.accounts.users import EmailTaken, authenticate, create_user
from tests import accounts
from tests.accounts import PASSWORD, Served, bearer_token, make_user
from tests.conftest import make_settings

pytestmark = pytest.mark.anyio


served = accounts.served  # the fixture these tests use, by name


async def test_a_password_is_stored_as_an_argon2id_hash_and_nowhere_in_plain_text(served: Served) -> None:
    user = await make_user(served.graph, "Ada@Example.org", display_name="Ada")
    token = await bearer_token(served.graph, user)
    rows = await served.graph.read("account/list_account_properties")
    [props] = [r["props"] for r in rows if r["label"] == "User"]
    assert props["email"] == "ada@example.org"  # lower-cased
    assert props["password_hash"].startswith("$argon2id$")
    everything = repr(rows)
    assert PASSWORD not in everything and token not in everything  # the token is kept as a hash too
    assert await authenticate(served.graph, "ADA@example.org ", PASSWORD) == user
    assert await authenticate(served.graph, "ada@example.org", PASSWORD + "x") is None


async def test_a_short_password_and_a_taken_email_are_refused(served: Served) -> None:
    with pytest.raises(WeakPassword, match="at least 12"):
        await create_user(served.graph, "bo@example.org", "short pass", display_name="Bo")
    await make_user(served.graph, "bo@example.org")
    with pytest.raises(EmailTaken):
        await make_user(served.graph, "BO@example.org")


async def test_me_is_null_signed_out_and_the_user_with_a_session(served: Served) -> None:
    assert await served.me(served.http) is None
    user = await make_user(served.graph, display_name="Grace")
    async with served.signed_in(user) as who:
        assert await served.me(who.client) == {
            "id": user.id, "email": user.email, "displayName": "Grace", "orcid": None, "isAdmin": False,
        }


async def test_a_forged_session_cookie_is_refused(served: Served) -> None:
    user = await make_user(served.graph)
    async with served.signed_in(user) as who:
        token, _, signature = who.cookie.rpartition(".")
        who.client.cookies.set(SESSION_COOKIE, f"{token}.{signature[::-1]}")
        assert await served.me(who.client) is None


async def test_a_bearer_token_works_until_it_is_revoked(served: Served) -> None:
    user = await make_user(served.graph, display_name="Token Holder")
    secret = await bearer_token(served.graph, user, "notebook")
    bearer = {"Authorization": f"Bearer {secret}"}
    me = await served.me(served.http, **bearer)
    assert me is not None and me["id"] == user.id
    [token] = await list_tokens(served.graph, user)
    assert token.name == "notebook" and token.last_used_at is not None
    other = await make_user(served.graph)
    assert not await revoke_token(served.graph, other, token.id)  # not theirs
    assert await revoke_token(served.graph, user, token.id)
    assert await served.me(served.http, **bearer) is None
    assert await list_tokens(served.graph, user) == []



def test_the_signing_key_is_written_once_to_a_private_file_unless_the_environment_gives_one(tmp_path: Path) -> None:
    settings = make_settings(data_dir=tmp_path / "data")
    key = signing_key(settings)
    path = tmp_path / "data" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(key) >= 32
    assert signing_key(settings) == key  # the next start reads the same key
    given = make_settings(data_dir=tmp_path / "data", secret_key="k" * 40)
    assert signing_key(given) == b"k" * 40
