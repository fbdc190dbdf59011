"""What a load remembers between batches: a Bloom filter of written keys and a bounded cache of researchers."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.graph import Graph, open_graph
from loaders.keys import PersonKeys
from loaders.load import load
from loaders.seen import KeyFilter, RecentIds, Seen
from tests.conftest import make_settings

pytestmark = pytest.mark.anyio


def test_the_key_filter_never_forgets_a_key_and_rarely_claims_one_it_never_saw() -> None:
    written = KeyFilter(capacity=100_000)
    keys = [f"dblp:conf/x/{i}" for i in range(50_000)]
    first = written.note(keys)
    assert sum(first) < 50_000 * 0.02  # each is tested before it is added
    assert all(written.note(keys))
    false = sum(written.note([f"doi:10.1/{i}" for i in range(50_000)]))
    assert false < 50_000 * 0.02  # sized for 1% at 100,000 keys


def test_a_probe_prefix_tests_one_key_and_notes_another() -> None:
    written = KeyFilter(capacity=1_000)
    assert written.note(["name:ann-lee"]) == [False]
    assert written.note(["ann-lee", "bo-chen"], probe="name:") == [True, False]  # "name:bo-chen" was never noted
    assert written.note(["ann-lee", "bo-chen"]) == [True, True]  # the bare keys were


def test_recent_ids_keep_what_is_used_and_stay_bounded() -> None:
    recent = RecentIds(capacity=100)
    recent.put("kept", "r0")
    for i in range(1_000):
        recent.put(f"k{i}", f"r{i}")
        assert recent.get("kept") == "r0"  # used all along, so carried into each new generation
    assert recent.get("k3") is None
    assert recent.get("k999") == "r999"
    assert len(recent._young) + len(recent._old) <= 100


def test_a_person_is_remembered_only_when_every_strong_key_agrees() -> None:
    seen = Seen(fresh=False)
    both = PersonKeys("orcid:0000-0001", "0000-0001", ("dblp:Ann Lee",), "ann-lee")
    assert seen.person(both) is None
    seen.people.put("orcid:0000-0001", "orcid:0000-0001")
    assert seen.person(both) is None  # the DBLP id is not remembered: it could lead elsewhere
    seen.people.put("dblp:Ann Lee", "orcid:0000-0001")
    assert seen.person(both) == "orcid:0000-0001"
    seen.people.put("dblp:Ann Lee", "dblp:Ann Lee")
    assert seen.person(both) is None  # the keys disagree: the graph decides
    assert seen.person(PersonKeys("name:ann-lee", None, (), "ann-lee")) is None  # names are never remembered
    one = PersonKeys("dblp:Bo Chen", None, ("dblp:Bo Chen",), "bo-chen")  # DBLP's authors: one key
    assert seen.person(one) is None
    seen.people.put("dblp:Bo Chen", "orcid:0000-0002")
    assert seen.person(one) == "orcid:0000-0002"


def test_only_a_load_into_an_empty_graph_trusts_its_own_writes() -> None:
    fresh, loaded = Seen(fresh=True, capacity=1_000), Seen(fresh=False)
    assert fresh.note(["doi:10.1/a", "doi:10.1/b"]) == [False, False]
    assert fresh.note(["doi:10.1/a", "doi:10.1/c"]) == [True, False]
    assert loaded.note(["doi:10.1/a"]) == loaded.note(["doi:10.1/a"]) == [True]  # the graph held things before


async def test_a_load_that_skips_lookups_builds_the_graph_a_load_that_asks_builds(graph: Graph, tmp_path: Path) -> None:
    lines = [
        f"@inproceedings{{DBLP:conf/a/P{i}, author={{Ann Lee and Bo Chen and Cy Diaz{i % 3}}}, title={{Paper {i}}}, "
        f"year={{{2010 + i % 5}}}}}"
        for i in range(40)
    ]
    # Far apart (not in neighbouring batches): the same DOI and a name-only author, found only by asking the graph.
    lines.insert(0, "@article{x1, author={Di Wu}, title={Solo}, doi={10.1/dup}, year={2012}}")
    lines.append("@article{x2, author={Di Wu}, title={Solo, again}, doi={10.1/dup}, year={2012}}")
    # A name-only author, claimed far later by a record whose author carries a DBLP id.
    lines.insert(1, "@article{y1, author={Eve Park}, title={Early}, year={2011}}")
    lines.append("@inproceedings{DBLP:conf/b/Late, author={Eve Park}, title={Late}, year={2013}}")
    path, other = tmp_path / "papers.bib", tmp_path / "other.bib"
    path.write_text("\n".join(lines) + "\n")
    other.write_text("@article{z, author={Zed Ng}, title={Elsewhere}, year={2001}}\n")
    await load(graph, "bibtex", [path], tmp_path / "r.jsonl", batch_size=7)  # empty graph: lookups skipped
    skipped = await graph.read("inspect/list_researchers")
    assert await graph.read("inspect/count_collaboration_mismatches") == [{"pairs": 7, "wrong": 0, "edges": 7}]
    await graph.reset()
    await load(graph, "bibtex", [other], tmp_path / "r.jsonl")
    await load(graph, "bibtex", [path], tmp_path / "r.jsonl", batch_size=7)  # the graph held a paper: every key asked
    asked = [r for r in await graph.read("inspect/list_researchers") if r["name"] != "Zed Ng"]
    assert asked == skipped
    lee = next(r for r in skipped if r["name"] == "Ann Lee")
    assert (lee["works_count"], lee["first_year"], lee["last_year"]) == (40, 2010, 2014)
    assert [(r["id"], r["works_count"]) for r in skipped if r["name"] == "Di Wu"] == [("name:di-wu", 1)]
    park = [r for r in skipped if r["name"] == "Eve Park"]
    assert [(r["id"], r["ids"], r["works_count"]) for r in park] == [("name:eve-park", ["dblp:Eve Park"], 2)]


async def test_a_load_into_a_graph_never_written_loads(embedded_dir: Path, tmp_path: Path) -> None:
    g = await open_graph(make_settings(data_dir=embedded_dir, graph_name="never_written"))
    try:
        path = tmp_path / "one.bib"
        path.write_text("@article{a, author={Ann Lee}, title={Alone}, year={2020}}\n")
        summary = await load(g, "bibtex", [path], tmp_path / "r.jsonl")
        assert (summary.papers_new, summary.authorships_new) == (1, 1)
    finally:
        await g.reset()
        await g.close()
