"""Following through HTTP on both engines: the GraphQL mutations with a session and its CSRF header (or a bearer
token), refused without a session or with a forged token; the profile's Follow form; the Following page marking
works loaded after the last visit."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import FastAPI

from app.server import create_app
from app.settings import Settings
from loaders.load import load
from tests.accounts import SignedIn, bearer_token, make_user, signed_in
from tests.test_follows import FIRST, IVAN, ROSA, SECOND
from tests.test_warmup import finished
from tests.web_app import get_page

BASE = "http://127.0.0.1"
FOLLOW = "mutation ($id: ID!) { followResearcher(id: $id) { id followerCount viewerFollows } }"
UNFOLLOW = "mutation ($id: ID!) { unfollowResearcher(id: $id) { id followerCount viewerFollows } }"
COUNT = "query ($id: ID!) { researcher(id: $id) { followerCount viewerFollows } }"
FOLLOWING = "{ me { following(first: 1) { totalCount edges { node { id name } } pageInfo { hasNextPage endCursor } } } }"
PROFILE = "/researchers/" + quote(ROSA, safe=":")
HOSTILE = """@inproceedings{DBLP:conf/toy/Five,
  title = {<script>alert(1)</script> Sheep}, year = {2024}, booktitle = {ToyConf},
  author = {Rosa Follow}
}
"""


def _run(test: Callable[[Settings, Path], Coroutine[Any, Any, None]], settings: Settings, tmp_path: Path) -> None:
    """Synchronous, the work in a thread of its own: the browser tests' Playwright may hold this thread's loop."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, test(settings, tmp_path)).result()


async def _load(app: FastAPI, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    await load(app.state.graph, "bibtex", [path], tmp_path / "rejects.jsonl")


@asynccontextmanager
async def _app(settings: Settings, tmp_path: Path) -> AsyncIterator[FastAPI]:
    """The app with its lifespan run and its warm-up finished (on Neo4j), on an emptied graph holding the first toy
    file."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        if settings.engine == "neo4j":
            await finished(app)
        await app.state.graph.reset()
        await _load(app, tmp_path, "first.bib", FIRST)
        yield app


@asynccontextmanager
async def _signed_in(app: FastAPI, name: str = "Ada") -> AsyncIterator[SignedIn]:
    user = await make_user(app.state.graph, display_name=name)
    async with signed_in(app, app.state.graph, BASE, user, transport=httpx.ASGITransport(app=app)) as who:
        yield who


def _anonymous(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)


async def _gql(client: httpx.AsyncClient, query: str, headers: dict[str, str] | None = None, **variables: Any) -> dict[str, Any]:
    answer = await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers or {})
    body: dict[str, Any] = answer.json()
    return body


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]


async def _followers(app: FastAPI) -> int:
    async with _anonymous(app) as client:
        count: int = (await _gql(client, COUNT, id=ROSA))["data"]["researcher"]["followerCount"]
        return count


def _csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def test_follow_and_unfollow_mutations_change_the_count(engine_settings: Settings, tmp_path: Path) -> None:
    _run(_mutations, engine_settings, tmp_path)


async def _mutations(settings: Settings, tmp_path: Path) -> None:
    async with _app(settings, tmp_path) as app, _signed_in(app) as ada:
        followed = await _gql(ada.client, FOLLOW, ada.csrf_header, id=ROSA)
        assert followed["data"]["followResearcher"] == {"id": ROSA, "followerCount": 1, "viewerFollows": True}
        again = await _gql(ada.client, FOLLOW, ada.csrf_header, id=ROSA)
        assert again["data"]["followResearcher"]["followerCount"] == 1  # following twice counts once
        await _gql(ada.client, FOLLOW, ada.csrf_header, id=IVAN)
        # A second person, with a personal access token: no cookie, so no CSRF header either.
        bob = await make_user(app.state.graph, display_name="Bob")
        bearer = {"Authorization": f"Bearer {await bearer_token(app.state.graph, bob)}"}
        async with _anonymous(app) as client:
            by_token = await _gql(client, FOLLOW, bearer, id=ROSA)
            assert by_token["data"]["followResearcher"]["followerCount"] == 2
            assert (await _gql(client, COUNT, id=ROSA))["data"]["researcher"] == {"followerCount": 2, "viewerFollows": False}
        mine = (await _gql(ada.client, FOLLOWING))["data"]["me"]["following"]
        assert mine["totalCount"] == 2 and [e["node"]["id"] for e in mine["edges"]] == [IVAN]  # newest follow first
        after = mine["pageInfo"]["endCursor"]
        rest = await _gql(ada.client, FOLLOWING.replace("first: 1", f'first: 1, after: "{after}"'))
        assert [e["node"]["id"] for e in rest["data"]["me"]["following"]["edges"]] == [ROSA]
        unfollowed = await _gql(ada.client, UNFOLLOW, ada.csrf_header, id=ROSA)
        assert unfollowed["data"]["unfollowResearcher"] == {"id": ROSA, "followerCount": 1, "viewerFollows": False}
        assert (await _gql(ada.client, UNFOLLOW, ada.csrf_header, id=ROSA))["data"]["unfollowResearcher"]["followerCount"] == 1
        unknown = await _gql(ada.client, FOLLOW, ada.csrf_header, id="dblp:Nobody At All")
        assert _codes(unknown) == ["BAD_USER_INPUT"] and unknown["data"] is None


def test_follow_mutations_are_refused_without_a_session_and_with_a_forged_csrf_token(
    engine_settings: Settings, tmp_path: Path
) -> None:
    _run(_refusals, engine_settings, tmp_path)


async def _refusals(settings: Settings, tmp_path: Path) -> None:
    async with _app(settings, tmp_path) as app, _signed_in(app) as ada:
        async with _anonymous(app) as client:
            for document in (FOLLOW, UNFOLLOW):
                assert _codes(await _gql(client, document, id=ROSA)) == ["UNAUTHENTICATED"]
            assert (await _gql(client, FOLLOWING))["data"]["me"] is None
            revoked = {"Authorization": "Bearer not-a-token-anyone-was-given"}
            assert _codes(await _gql(client, FOLLOW, revoked, id=ROSA)) == ["UNAUTHENTICATED"]
        forged = await _gql(ada.client, FOLLOW, {"X-CSRF-Token": "0" * 64}, id=ROSA)
        assert _codes(forged) == ["FORBIDDEN"]
        assert _codes(await _gql(ada.client, FOLLOW, id=ROSA)) == ["FORBIDDEN"]  # a cookie alone is not enough
        by_get = await ada.client.get("/graphql", params={"query": FOLLOW, "variables": f'{{"id": "{ROSA}"}}'})
        assert by_get.status_code in (400, 405)  # GET never runs a mutation
        assert await _followers(app) == 0


def test_the_profile_form_follows_and_unfollows_and_returns_to_the_profile(engine_settings: Settings, tmp_path: Path) -> None:
    _run(_profile_form, engine_settings, tmp_path)


async def _profile_form(settings: Settings, tmp_path: Path) -> None:
    async with _app(settings, tmp_path) as app:
        async with _anonymous(app) as client:
            page = await get_page(client, PROFILE)
            assert f'href="/signin?next={quote(PROFILE, safe="/")}"' in page.text and "Sign in to follow" in page.text
            assert re.search(r'data-count="followers"><strong>0</strong>', page.text)
            refused = await client.post("/follow", data={"researcher": ROSA})
            assert refused.status_code == 403  # no CSRF token
        async with _signed_in(app) as ada:
            page = await get_page(ada.client, PROFILE)
            sections = [h.strip() for h in re.findall(r'<h2 id="[^"]+">([^<]+)', page.text)]
            assert sections == ["Trust snapshot", "Quick read", "Actions", "Identity and collaboration", "Research graph",
                                "Published work"]  # in the profile sites' order
            assert 'action="/follow"' in page.text and "Follow researcher" in page.text
            token = _csrf_of(page.text)
            forged = await ada.client.post("/follow", data={"researcher": ROSA, "csrf_token": "f" * 64})
            assert forged.status_code == 403 and await _followers(app) == 0
            sent = await ada.client.post("/follow", data={"researcher": ROSA, "csrf_token": token})
            assert sent.status_code == 303 and sent.headers["location"] == PROFILE + "#actions"
            page = await get_page(ada.client, PROFILE)
            assert 'action="/unfollow"' in page.text and ">Unfollow</button>" in page.text
            assert re.search(r'data-count="followers"><strong>1</strong>', page.text)
            sent = await ada.client.post("/unfollow", data={"researcher": ROSA, "csrf_token": _csrf_of(page.text)})
            assert sent.status_code == 303 and await _followers(app) == 0
            unknown = await ada.client.post("/follow", data={"researcher": "dblp:Nobody", "csrf_token": token})
            assert unknown.status_code == 404


def test_the_following_page_marks_works_loaded_after_the_last_visit(engine_settings: Settings, tmp_path: Path) -> None:
    _run(_following_page, engine_settings, tmp_path)


def _new_titles(html: str) -> list[str]:
    """Titles of the works the page marks new, in page order."""
    items = re.findall(r'<li class="work new">(.*?)</li>', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", re.search(r'class="work-title">(.*?)</h3>', i, flags=re.S).group(1)) for i in items]  # type: ignore[union-attr]


async def _following_page(settings: Settings, tmp_path: Path) -> None:
    async with _app(settings, tmp_path) as app:
        async with _anonymous(app) as client:
            away = await client.get("/following")
            assert away.status_code == 303 and away.headers["location"] == "/signin?next=%2Ffollowing"
        async with _signed_in(app) as ada:
            empty = await ada.client.get("/following")
            assert empty.status_code == 200 and "You follow nobody yet" in empty.text
            await _gql(ada.client, FOLLOW, ada.csrf_header, id=ROSA)
            first = await ada.client.get("/following")
            assert first.headers["cache-control"] == "no-store"
            assert "Rosa Follow" in first.text and "Counting Goats in Video" in first.text
            assert _new_titles(first.text) == []  # loaded before she was followed
            await _load(app, tmp_path, "second.bib", SECOND)
            second = await ada.client.get("/following")
            assert _new_titles(second.text) == ["Counting Everything in Video", "An Early Sheep Study"]
            assert 'data-new-count="2"' in second.text and "after your last visit" in second.text
            third = await ada.client.get("/following")
            assert _new_titles(third.text) == []  # seen on the visit before
            await _load(app, tmp_path, "hostile.bib", HOSTILE)
            third = await ada.client.get("/following")
            assert _new_titles(third.text) == ["&lt;script&gt;alert(1)&lt;/script&gt; Sheep"]  # shown as text
            assert "<script>alert" not in third.text
            sent = await ada.client.post("/unfollow", data={"researcher": ROSA, "back": "following",
                                                             "csrf_token": _csrf_of(third.text)})
            assert sent.status_code == 303 and sent.headers["location"] == "/following"
            assert "You follow nobody yet" in (await ada.client.get("/following")).text
