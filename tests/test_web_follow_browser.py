"""Following in headless Chromium: a signed-in person presses Follow on a profile, the page comes back with one
follower more and an Unfollow button, and Unfollow takes it back; signed out, "Sign in to follow" leads through the
sign-in form back to the profile, where Follow works."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from app.accounts.cookies import SESSION_COOKIE
from app.graph import open_graph
from app.server import create_app
from app.settings import Settings
from tests import web_app
from tests.accounts import PASSWORD, make_user, session_for
from tests.web_app import CENTRE, Watched, shot, watched_page
from web.pages import researcher_url

browser = web_app.browser  # the fixture these tests use, by name


@pytest.fixture(scope="module", params=web_app.ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    """The app on the demo graph in a graph of its own (on Neo4j, the one database, emptied afterwards), served for
    this module on each engine: the tests need its settings to give the browser a session cookie."""
    yield from web_app.own_site(request, tmp_path_factory, "follow")


async def _password_user(settings: Settings) -> str:
    """A user who signs in with the form: their email (the password is tests.accounts.PASSWORD)."""
    graph = await open_graph(settings)
    try:
        return (await make_user(graph, display_name="Form Reader")).email
    finally:
        await graph.close()


async def _session_cookie(settings: Settings) -> str:
    graph = await open_graph(settings)
    try:
        user = await make_user(graph, display_name="Chromium Reader")
        cookie, _ = await session_for(create_app(settings), graph, user)
        return cookie
    finally:
        await graph.close()


def _page(browser: Any, url: str, cookie: str | None) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, base_url=url)
    if cookie:
        context.add_cookies([{"name": SESSION_COOKIE, "value": cookie, "url": url, "httpOnly": True, "sameSite": "Lax"}])
    return watched_page(context)


def _followers(watched: Watched) -> str:
    return str(watched.page.locator('[data-count="followers"] strong').inner_text())


def test_pressing_follow_on_a_profile_adds_a_follower_and_unfollow_takes_it_back(
    browser: Any, site: tuple[str, Settings]
) -> None:
    url, settings = site
    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        cookie = pool.submit(asyncio.run, _session_cookie(settings)).result()
    pages = _page(browser, url, cookie)
    watched = next(pages)
    page = watched.page
    page.goto(researcher_url(CENTRE))
    assert _followers(watched) == "0"
    shot(page, "profile-sections")
    page.get_by_role("button", name="Follow researcher").click()
    page.wait_for_url("**#actions")
    assert _followers(watched) == "1"
    assert page.locator(".actions .follower-count").inner_text() == "1 follower"
    shot(page, "profile-followed")
    # The Following page lists her with her newest works, and fits a phone without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Following").click()
    page.wait_for_url("**/following")
    assert page.locator(".followed-researcher h2 a").all_inner_texts() == ["Cordelia Schmid"]
    assert page.locator(".followed-researcher li.work").count() == 5
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    shot(page, "following-phone")
    page.locator(".followed-researcher h2 a").click()
    page.get_by_role("button", name="Unfollow").click()
    page.get_by_role("button", name="Follow researcher").wait_for()
    assert _followers(watched) == "0"
    next(pages, None)  # the context closed, and checked clean of console errors and requests off localhost


def test_signed_out_sign_in_to_follow_leads_through_the_sign_in_form_back_to_the_profile(
    browser: Any, site: tuple[str, Settings]
) -> None:
    url, settings = site
    with ThreadPoolExecutor(1) as pool:
        email = pool.submit(asyncio.run, _password_user(settings)).result()
    pages = _page(browser, url, None)
    watched = next(pages)
    page = watched.page
    page.goto(researcher_url(CENTRE))
    assert page.get_by_role("button", name="Follow researcher").count() == 0
    page.get_by_role("link", name="Sign in to follow").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**" + researcher_url(CENTRE))
    before = int(_followers(watched))
    page.get_by_role("button", name="Follow researcher").click()
    page.wait_for_url("**#actions")
    assert int(_followers(watched)) == before + 1
    page.get_by_role("button", name="Unfollow").click()
    page.get_by_role("button", name="Follow researcher").wait_for()
    next(pages, None)
