"""Signing up, out and in again in headless Chromium, as a person does: the forms, the header's links, a wrong
password said in words, and a display name with markup shown as text; a form whose CSRF token was changed is
refused; the sign-in limit said in words; a personal access token made on the account page works until revoked
there. On both engines."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests import web_app
from tests.web_app import Watched

browser, web_url, watched = web_app.browser, web_app.web_url, web_app.watched  # the fixtures these tests use, by name
pytestmark = web_app.ON_BOTH_ENGINES  # also against the app on Neo4j

PASSWORD = "a browser's long password"


def test_sign_up_sign_out_and_sign_in_again(watched: Watched) -> None:
    page = watched.page
    email = f"chromium-{uuid.uuid4().hex[:8]}@example.org"
    name = "Chrome <b>User</b>"
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Password (at least").fill(PASSWORD)
    page.get_by_label("The password again").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    page.wait_for_url("**/account")
    assert page.locator(".signed-in-as").inner_text() == name  # the markup is text, not a bold element
    assert page.locator(".account-nav b").count() == 0
    cookie = next(c for c in page.context.cookies() if c["name"] == "collab_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    assert page.locator(".signed-in-as").count() == 0
    assert not [c for c in page.context.cookies() if c["name"] == "collab_session"]

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD + "?")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text() == "That email and password do not match an account."
    assert watched.errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    watched.errors.clear()  # the refused sign-in's own status; nothing else may have failed
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account")
    assert page.locator(".signed-in-as").inner_text() == name


def _sign_up(page: Any, name: str = "Chromium Person") -> str:
    """A new account through the sign-up form, signed in at /account: its email."""
    email = f"chromium-{uuid.uuid4().hex[:8]}@example.org"
    page.goto("/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Password (at least").fill(PASSWORD)
    page.get_by_label("The password again").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    page.wait_for_url("**/account")
    return email


def _me(base: str, secret: str) -> Any:
    answer = httpx.post(f"{base}/graphql", json={"query": "{ me { email } }"},
                        headers={"Authorization": f"Bearer {secret}"}, timeout=30)
    return answer.json()["data"]["me"]


def test_a_token_made_on_the_account_page_works_until_it_is_revoked_there(watched: Watched, web_url: str) -> None:
    page = watched.page
    email = _sign_up(page)
    page.get_by_label("A name for a new token").fill("notebook")
    page.get_by_role("button", name="Create a token").click()
    secret = page.locator(".token-secret").inner_text()
    assert _me(web_url, secret) == {"email": email}
    page.goto("/account")
    assert page.locator(".token-secret").count() == 0  # shown once
    row = page.locator("table.tokens tbody tr", has_text="notebook")
    row.get_by_role("button", name="Revoke").click()
    assert page.get_by_role("status").inner_text().startswith("Token revoked")
    assert _me(web_url, secret) is None


def test_a_form_whose_csrf_token_was_changed_is_refused(watched: Watched) -> None:
    page = watched.page
    email = _sign_up(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto("/signin")
    page.locator('input[name="csrf_token"]').evaluate("(field) => { field.value = 'forged'; }")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    assert "Reload the page and try again." in page.locator("main").inner_text()
    assert not [c for c in page.context.cookies() if c["name"] == "collab_session"]
    assert watched.errors == ["Failed to load resource: the server responded with a status of 403 (Forbidden)"]
    watched.errors.clear()  # the refusal's own status


def test_past_five_wrong_passwords_sign_in_is_refused_for_a_while_in_words(watched: Watched) -> None:
    page = watched.page
    email = _sign_up(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto("/signin")
    for _ in range(5):
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill("not the password at all")
        page.get_by_role("button", name="Sign in", exact=True).click()
        assert page.get_by_role("alert").inner_text() == "That email and password do not match an account."
    page.get_by_label("Password").fill(PASSWORD)  # even the right one, until the window lets an attempt again
    page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.get_by_role("alert").inner_text().startswith("Too many failed sign-ins. Try again in about")
    assert not [c for c in page.context.cookies() if c["name"] == "collab_session"]
    assert set(watched.errors) == {"Failed to load resource: the server responded with a status of 400 (Bad Request)",
                                   "Failed to load resource: the server responded with a status of 429 (Too Many Requests)"}
    watched.errors.clear()  # the refusals' own statuses
