"""The account pages on both engines, through HTTP as a browser sends them: sign-up and sign-in forms with their
CSRF token, one answer for a wrong password and an unknown email, the sign-in and sign-up rate limits (429 with
Retry-After), a new session id on every sign-in, sign-out ending the session on the server, tokens made and
revoked on the account page, and a display name shown as text, never as markup."""

from __future__ import annotations

import httpx
import pytest

from app.accounts.cookies import SESSION_COOKIE
from tests import accounts
from tests.accounts import PASSWORD, Served, csrf_in, make_user, sign_in_by_form

served = accounts.served  # the fixture these tests use, by name

pytestmark = pytest.mark.anyio

WRONG = "That email and password do not match an account."


async def sign_up(client: httpx.AsyncClient, email: str, name: str, password: str = PASSWORD,
                  confirm: str | None = None) -> httpx.Response:
    page = await client.get("/signup")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    form = {"email": email, "display_name": name, "password": password, "confirm": confirm or password,
            "csrf_token": csrf_in(page.text)}
    return await client.post("/signup", data=form)


async def test_sign_up_signs_in_and_the_nav_shows_the_name(served: Served) -> None:
    answer = await sign_up(served.http, "New.Person@Example.org", "New Person")
    assert answer.status_code == 303 and answer.headers["location"] == "/account"
    cookie = answer.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http in development
    page = await served.http.get("/account")
    assert page.status_code == 200 and "new.person@example.org" in page.text
    assert 'class="signed-in-as">New Person<' in page.text and 'action="/signout"' in page.text
    me = await served.me(served.http)
    assert me is not None and me["displayName"] == "New Person"


async def test_sign_up_says_what_is_wrong_in_words(served: Served) -> None:
    short = await sign_up(served.http, "a@example.org", "A", "too short")
    assert short.status_code == 400 and "at least 12 characters" in short.text
    differ = await sign_up(served.http, "a@example.org", "A", PASSWORD, PASSWORD + "!")
    assert differ.status_code == 400 and "The two passwords differ." in differ.text
    await make_user(served.graph, "taken@example.org")
    async with served.client() as other:
        taken = await sign_up(other, "TAKEN@example.org", "B")
    assert taken.status_code == 400 and "exists already" in taken.text
    assert await served.me(served.http) is None


async def test_a_form_without_its_csrf_token_is_refused(served: Served) -> None:
    await served.http.get("/signup")  # the browser has its CSRF cookie: only the token is wrong or missing
    form = {"email": "c@example.org", "display_name": "C", "password": PASSWORD, "confirm": PASSWORD}
    for token in (None, "0" * 64):
        data = form if token is None else {**form, "csrf_token": token}
        answer = await served.http.post("/signup", data=data)
        assert answer.status_code == 403 and "Reload the page and try again." in answer.text
    user = await make_user(served.graph)
    async with served.signed_in(user) as who:
        assert (await who.client.post("/signout", data={"csrf_token": "forged"})).status_code == 403
        assert (await who.client.post("/account/tokens", data={"name": "x"})).status_code == 403
        assert await served.me(who.client) is not None  # still signed in: nothing ran


async def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(served: Served) -> None:
    user = await make_user(served.graph)
    wrong = await sign_in_by_form(served.http, user.email, PASSWORD + "x")
    unknown = await sign_in_by_form(served.http, "nobody@example.org")
    for answer in (wrong, unknown):
        assert answer.status_code == 400 and WRONG in answer.text and SESSION_COOKIE not in answer.headers.get(
            "set-cookie", "")
    assert await served.me(served.http) is None


async def test_every_sign_in_starts_a_new_session_and_ends_the_old_one(served: Served) -> None:
    """No fixation: a session id the browser held before signing in never becomes (or stays) a signed-in one."""
    user = await make_user(served.graph)
    first = await sign_in_by_form(served.http, user.email)
    assert first.status_code == 303
    old = served.http.cookies[SESSION_COOKIE]
    again = await sign_in_by_form(served.http, user.email)
    assert again.status_code == 303
    new = served.http.cookies[SESSION_COOKIE]
    assert new != old
    async with served.client(cookies={SESSION_COOKIE: old}) as replay:
        assert await served.me(replay) is None
    me = await served.me(served.http)
    assert me is not None and me["id"] == user.id


async def test_sign_out_ends_the_session_on_the_server(served: Served) -> None:
    user = await make_user(served.graph)
    await sign_in_by_form(served.http, user.email)
    cookie = served.http.cookies[SESSION_COOKIE]
    assert (await served.http.get("/signout")).status_code == 405  # POST only
    page = await served.http.get("/account")
    out = await served.http.post("/signout", data={"csrf_token": csrf_in(page.text)})
    assert out.status_code == 303 and out.headers["location"] == "/"
    assert await served.me(served.http) is None
    async with served.client(cookies={SESSION_COOKIE: cookie}) as replay:  # the old cookie, kept by an attacker
        assert await served.me(replay) is None
        assert (await replay.get("/account")).headers["location"] == "/signin?next=/account"


async def test_sign_in_is_limited_per_account(served: Served) -> None:
    """5 failures per 15 minutes per account; the 6th attempt, even with the right password, is refused."""
    user = await make_user(served.graph)
    for _ in range(5):
        assert (await sign_in_by_form(served.http, user.email, "wrong password!")).status_code == 400
    limited = await sign_in_by_form(served.http, user.email)
    assert limited.status_code == 429 and "Too many failed sign-ins" in limited.text
    assert 0 < int(limited.headers["retry-after"]) <= 15 * 60
    assert await served.me(served.http) is None
    other = await make_user(served.graph)
    assert (await sign_in_by_form(served.http, other.email)).status_code == 303  # another account is not held up


async def test_sign_in_is_limited_per_address(served: Served) -> None:
    """20 failures per 15 minutes per address, whichever accounts they name."""
    user = await make_user(served.graph)
    for n in range(20):
        assert (await sign_in_by_form(served.http, f"guess{n}@example.org")).status_code == 400
    limited = await sign_in_by_form(served.http, user.email)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0


async def test_sign_up_is_limited_per_address(served: Served) -> None:
    """10 sign-up attempts per hour per address, good or bad: the 11th is refused before any account is made."""
    for n in range(10):
        assert (await sign_up(served.http, f"person{n}@example.org", "P", "too short")).status_code == 400
    limited = await sign_up(served.http, "eleventh@example.org", "Eleventh")
    assert limited.status_code == 429 and "Too many sign-ups from your address" in limited.text
    assert 0 < int(limited.headers["retry-after"]) <= 3600
    assert await served.me(served.http) is None
    assert (await sign_in_by_form(served.http, "eleventh@example.org")).status_code == 400  # no account was made


async def test_the_account_page_makes_shows_once_and_revokes_tokens(served: Served) -> None:
    user = await make_user(served.graph)
    await sign_in_by_form(served.http, user.email)
    page = await served.http.get("/account")
    made = await served.http.post("/account/tokens", data={"name": "my notebook", "csrf_token": csrf_in(page.text)})
    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    secret = made.text.split('class="token-secret">', 1)[1].split("<", 1)[0]
    assert secret.startswith("collab_pat_")
    again = await served.http.get("/account")
    assert "my notebook" in again.text and secret not in again.text  # shown once
    async with served.client() as api:
        me = await served.me(api, Authorization=f"Bearer {secret}")
        assert me is not None and me["id"] == user.id
        token_id = again.text.split('action="/account/tokens/', 1)[1].split("/revoke", 1)[0]
        revoked = await served.http.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_in(again.text)})
        assert revoked.status_code == 200 and "Token revoked" in revoked.text
        assert await served.me(api, Authorization=f"Bearer {secret}") is None


async def test_a_display_name_with_script_is_shown_as_text(served: Served) -> None:
    name = '<script>alert("x")</script> & <b>Bold</b>'
    answer = await sign_up(served.http, "script@example.org", name)
    assert answer.status_code == 303
    for path in ("/account", "/"):
        page = await served.http.get(path)
        assert "<script>alert" not in page.text and "<b>Bold</b>" not in page.text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;Bold&lt;/b&gt;" in page.text


async def test_cookies_are_secure_on_https(served: Served) -> None:
    user = await make_user(served.graph)
    async with served.client() as browser:
        browser.base_url = httpx.URL("https://127.0.0.1")
        answer = await sign_in_by_form(browser, user.email)
    assert answer.status_code == 303 and "Secure" in answer.headers["set-cookie"]


async def test_sign_in_goes_back_only_to_a_page_of_this_site(served: Served) -> None:
    user = await make_user(served.graph)
    for target, landing in (("/researchers/x", "/researchers/x"), ("//evil.example/", "/account"),
                            ("https://evil.example/", "/account"), ("/\\evil.example", "/account")):
        async with served.client() as browser:
            page = await browser.get("/signin", params={"next": target})
            form = {"email": user.email, "password": PASSWORD, "next": target, "csrf_token": csrf_in(page.text)}
            answer = await browser.post("/signin", data=form)
            assert answer.status_code == 303 and answer.headers["location"] == landing
