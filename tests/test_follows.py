"""Follows in the graph, on both engines: following is idempotent and counted, unfollowing keeps the edge but ends
it, a user's followed researchers page newest first, and works loaded after a visit of the Following page are new."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app import follows
from app.graph import Graph, open_graph
from loaders.writer_lease import take_lease
from tests.conftest import make_settings
from tests.loading import load_files

pytestmark = pytest.mark.anyio

ADA, BOB = "user:" + "a" * 32, "user:" + "b" * 32
FIRST = """@inproceedings{DBLP:conf/toy/One,
  title = {Counting Sheep in Video}, year = {2019}, booktitle = {ToyConf},
  author = {Rosa Follow and Ivan Other}
}
@inproceedings{DBLP:conf/toy/Two,
  title = {Counting Goats in Video}, year = {2021}, booktitle = {ToyConf},
  author = {Rosa Follow}
}
"""
# An older paper (2015) and a newer one of hers, both loaded after the first visit: new, ahead of the 2021 work.
SECOND = """@inproceedings{DBLP:conf/toy/Three,
  title = {An Early Sheep Study}, year = {2015}, booktitle = {ToyConf},
  author = {Rosa Follow}
}
@inproceedings{DBLP:conf/toy/Four,
  title = {Counting Everything in Video}, year = {2023}, booktitle = {ToyConf},
  author = {Ivan Other and Rosa Follow}
}
"""


async def _users(graph: Graph) -> None:
    await graph.write("follow/merge_users", [{"id": ADA, "email": "ada@example.org"}, {"id": BOB, "email": "bob@example.org"}])


async def _load(graph: Graph, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    await load_files(graph, "bibtex", path, tmp_path=tmp_path)


ROSA, IVAN = "dblp:Rosa Follow", "dblp:Ivan Other"


async def test_following_twice_counts_once_and_unfollowing_ends_the_follow(graph: Graph, tmp_path: Path) -> None:
    await _load(graph, tmp_path, "first.bib", FIRST)
    await _users(graph)
    await follows.follow(graph, ADA, ROSA)
    await follows.follow(graph, ADA, ROSA)
    await follows.follow(graph, BOB, ROSA)
    assert await follows.follower_counts(graph, [ROSA, IVAN, "dblp:Nobody"]) == {ROSA: 2, IVAN: 0}
    assert await follows.followed_among(graph, ADA, [ROSA, IVAN]) == {ROSA}
    await follows.unfollow(graph, ADA, ROSA)
    await follows.unfollow(graph, ADA, ROSA)
    await follows.unfollow(graph, ADA, IVAN)  # never followed: nothing to end
    assert await follows.follower_counts(graph, [ROSA]) == {ROSA: 1}
    assert await follows.followed_among(graph, ADA, [ROSA, IVAN]) == set()
    await follows.follow(graph, ADA, ROSA)  # following again after an unfollow counts again
    assert await follows.follower_counts(graph, [ROSA]) == {ROSA: 2}
    await follows.follow(graph, ADA, "dblp:Nobody")  # no such researcher: no edge, no error
    assert await follows.following(graph, ADA, 0, 10) == (1, [ROSA])


async def test_a_users_followed_researchers_page_most_recent_first(graph: Graph, tmp_path: Path) -> None:
    await _load(graph, tmp_path, "first.bib", FIRST)
    await _users(graph)
    assert await follows.following(graph, ADA, 0, 10) == (0, [])
    await follows.follow(graph, ADA, IVAN)
    await graph.write("follow/merge_follow", [], user=ADA, researcher=ROSA, now=follows.now_ms() + 1000)
    assert await follows.following(graph, ADA, 0, 10) == (2, [ROSA, IVAN])
    assert await follows.following(graph, ADA, 1, 10) == (2, [IVAN])
    assert await follows.following(graph, BOB, 0, 10) == (0, [])


async def test_works_loaded_after_a_visit_are_new_on_the_next_and_seen_after_it(graph: Graph, tmp_path: Path) -> None:
    await _load(graph, tmp_path, "first.bib", FIRST)
    await _users(graph)
    await follows.follow(graph, ADA, ROSA)
    before = await follows.newest_works(graph, ADA, [ROSA])
    assert before[ROSA].new_count == 0  # loaded before she was followed
    assert [w["title"] for w in before[ROSA].works] == ["Counting Goats in Video", "Counting Sheep in Video"]
    assert await follows.last_visit(graph, ADA) is None
    seen = await follows.record_visit(graph, ADA)
    assert await follows.last_visit(graph, ADA) == seen

    await _load(graph, tmp_path, "second.bib", SECOND)
    stamps = {r["paper"]: r["loaded_at"] for r in await graph.read("follow/list_loaded_at", researcher=ROSA)}
    assert stamps["dblp:conf/toy/One"] < seen < stamps["dblp:conf/toy/Three"] == stamps["dblp:conf/toy/Four"]
    after = (await follows.newest_works(graph, ADA, [ROSA]))[ROSA]
    assert after.new_count == 2
    assert [(w["title"], w["is_new"]) for w in after.works] == [
        ("Counting Everything in Video", True), ("An Early Sheep Study", True),
        ("Counting Goats in Video", False), ("Counting Sheep in Video", False),
    ]
    assert (await follows.newest_works(graph, ADA, [ROSA], limit=1))[ROSA].new_count == 2  # counted past the limit
    await follows.record_visit(graph, ADA)
    assert (await follows.newest_works(graph, ADA, [ROSA]))[ROSA].new_count == 0


async def test_a_visit_during_a_load_counts_only_up_to_the_loads_start(graph: Graph, tmp_path: Path) -> None:
    await _load(graph, tmp_path, "first.bib", FIRST)
    await _users(graph)
    hold = await take_lease(graph, command="a load still running")
    try:
        [writer] = await graph.read("load/get_writer")
        assert await follows.record_visit(graph, ADA) == writer["since"]
    finally:
        await hold.release(finished=True)
    assert await follows.record_visit(graph, ADA) > writer["since"]


async def test_follows_survive_an_embedded_engine_restart_from_its_log(tmp_path: Path) -> None:
    """The follow writes (made, ended, made again; a visit) replay from the append-only log into the same graph:
    the embedded engine's pitfall is a logged effect on an entity deleted later, and these writes delete nothing."""
    settings = make_settings(data_dir=tmp_path / "engine")
    graph = await open_graph(settings)
    try:
        await graph.reset()
        await _load(graph, tmp_path, "first.bib", FIRST)
        await _users(graph)
        for _ in range(3):
            await follows.follow(graph, ADA, ROSA)
            await follows.unfollow(graph, ADA, ROSA)
        await follows.follow(graph, ADA, ROSA)
        await follows.follow(graph, BOB, IVAN)
        seen = await follows.record_visit(graph, ADA)
    finally:
        await graph.close()  # the last client: the engine stops
    graph = await open_graph(settings)  # started again from its log
    try:
        assert await follows.follower_counts(graph, [ROSA, IVAN]) == {ROSA: 1, IVAN: 1}
        assert await follows.following(graph, ADA, 0, 10) == (1, [ROSA])
        assert await follows.last_visit(graph, ADA) == seen
        assert (await follows.newest_works(graph, ADA, [ROSA]))[ROSA].new_count == 0
    finally:
        await graph.close()


async def test_follows_sent_at_once_make_one_edge(graph: Graph, tmp_path: Path) -> None:
    """A double click sends two follows together: they must not make two edges (and two followers)."""
    await _load(graph, tmp_path, "first.bib", FIRST)
    await _users(graph)
    await asyncio.gather(*(follows.follow(graph, ADA, ROSA) for _ in range(8)))
    assert (await graph.read("follow/count_follow_edges", user=ADA, researcher=ROSA))[0]["edges"] == 1
    assert await follows.follower_counts(graph, [ROSA]) == {ROSA: 1}


async def test_before_any_visit_works_loaded_after_the_follow_are_new(graph: Graph, tmp_path: Path) -> None:
    await _load(graph, tmp_path, "first.bib", FIRST)
    await _users(graph)
    await follows.follow(graph, ADA, ROSA)
    await _load(graph, tmp_path, "second.bib", SECOND)
    assert await follows.last_visit(graph, ADA) is None
    works = (await follows.newest_works(graph, ADA, [ROSA]))[ROSA]
    assert works.new_count == 2 and {w["title"] for w in works.works if w["is_new"]} == {
        "Counting Everything in Video", "An Early Sheep Study"}
