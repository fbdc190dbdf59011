"""Signing up, out and in again in headless Chromium, as a person does: the forms, the header's links, a wrong
password said in words, and a display name with markup shown as text."""

from __future__ import annotations

import uuid

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
