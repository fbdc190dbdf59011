"""Researcher.trust over HTTP on both engines, on a graph the loaders filled: every fixture researcher's score is the
sum of its listed reasons, the level follows the score, and the verification level and the evidence items equal
what this test computes on its own from the raw graph (the documented table in docs/trust.md)."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import pytest

from tests import claims_app
from tests.claims_app import JONAS, MIRA, MIRA_ORCID, SPLIT, TOY, Served

served = claims_app.served  # the fixture these tests use, by name

pytestmark = pytest.mark.anyio

TRUST = """query ($id: ID!) { researcher(id: $id) { id
  trust { score level verification claimed reasons { name points detail } } } }"""
NAMES = ["verification", "sources_agree", "persistent_ids", "connected_coauthors", "affiliation", "topics"]
MOST = {"verification": 40, "sources_agree": 20, "persistent_ids": 15, "connected_coauthors": 15, "affiliation": 5,
        "topics": 5}


def halves_up(x: float) -> int:
    return math.floor(x + 0.5)


def documented_level(score: int) -> str:
    return "Emerging" if score < 40 else "Established" if score < 70 else "Trusted"


class Written:
    """The raw graph as tests/fixtures/cypher/inspect/list_written returns it, and the documented items from it."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.people = {r["key"]: r["properties"] for r in rows if r["kind"] == "Researcher"}
        self.papers = {r["key"]: r["properties"] for r in rows if r["kind"] == "Paper"}
        self.works: dict[str, set[str]] = defaultdict(set)
        self.coauthors: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            a, _, b = r["key"].partition(">")
            if r["kind"] == "AUTHORED":
                self.works[a].add(b)
            elif r["kind"] == "COLLABORATES_WITH":
                self.coauthors[a].add(b)
                self.coauthors[b].add(a)

    def verification(self, rid: str) -> str:
        p = self.people[rid]
        ids = p.get("ids") or [rid]
        if p.get("orcid"):
            return "L2"
        if any(not i.startswith(("name:", "orcid:")) for i in ids) or any(k.startswith("reported_") for k in p):
            return "L1"
        return "L0"

    def agreed(self, rid: str) -> int:
        return sum(1 for w in self.works[rid] if len({i.split(":")[0] for i in self.papers[w].get("ids") or []}) > 1)

    def persistent(self, rid: str) -> int:
        return sum(1 for w in self.works[rid] if self.papers[w].get("doi") or self.papers[w].get("arxiv_id"))

    def largest_group(self, rid: str) -> int:
        """Breadth-first search over the co-authors of `rid`, without `rid`."""
        circle, best, seen = self.coauthors[rid], 0, set()
        for start in circle:
            if start in seen:
                continue
            group, queue = {start}, [start]
            for x in queue:
                for y in self.coauthors[x] & circle:
                    if y not in group:
                        group.add(y)
                        queue.append(y)
            seen |= group
            best = max(best, len(group))
        return best

    def points(self, rid: str) -> dict[str, int]:
        works, coauthors = len(self.works[rid]), len(self.coauthors[rid])
        return {
            "verification": {"L0": 0, "L1": 15, "L2": 30}[self.verification(rid)],
            "sources_agree": min(4 * self.agreed(rid), 20),
            "persistent_ids": halves_up(15 * self.persistent(rid) / works) if works else 0,
            "connected_coauthors": halves_up(15 * self.largest_group(rid) / coauthors) if coauthors >= 2 else 0,
        }


async def trust_of(served: Served, rid: str) -> dict[str, Any]:
    async with served.client() as http:
        data = await served.data(http, TRUST, id=rid)
    snapshot: dict[str, Any] = data["researcher"]["trust"]
    return snapshot


async def test_every_fixture_researchers_score_is_the_sum_of_its_reasons_as_documented(served: Served) -> None:
    written = Written(await served.graph.read("inspect/list_written"))
    assert len(written.people) > 20
    for rid in written.people:
        t = await trust_of(served, rid)
        reasons = {r["name"]: r for r in t["reasons"]}
        assert [r["name"] for r in t["reasons"]] == NAMES
        assert t["score"] == sum(r["points"] for r in t["reasons"]), rid
        assert 0 <= t["score"] <= 100 and t["level"] == documented_level(t["score"])
        assert all(0 <= r["points"] <= MOST[r["name"]] and r["detail"] for r in t["reasons"])
        assert t["verification"] == written.verification(rid) and t["claimed"] is False
        assert {name: reasons[name]["points"] for name in written.points(rid)} == written.points(rid), rid


async def test_fixture_records_show_levels_L0_L1_and_L2_with_their_evidence(served: Served) -> None:
    toy, jonas, dblp, mira = [await trust_of(served, rid) for rid in (TOY, JONAS, "dblp:Kaiming He", MIRA)]
    assert [t["verification"] for t in (toy, jonas, dblp, mira)] == ["L0", "L1", "L1", "L2"]
    said = {t["verification"]: t["reasons"][0] for t in (toy, jonas, mira)}
    assert said["L0"]["points"] == 0 and "a name only" in said["L0"]["detail"]
    assert said["L1"]["points"] == 15 and "OpenAlex A9000000002" in said["L1"]["detail"]  # JONAS, in words
    assert said["L2"]["points"] == 30 and MIRA_ORCID in said["L2"]["detail"]
    assert "DBLP Kaiming He" in dblp["reasons"][0]["detail"]


async def test_coauthors_in_two_unrelated_groups_earn_half_the_connected_points(served: Served) -> None:
    reasons = {r["name"]: r for r in (await trust_of(served, SPLIT))["reasons"]}
    # Ann and Ben wrote one paper with Split Person, Cid and Dee another: groups of 2 and 2 among 4 co-authors
    assert reasons["connected_coauthors"]["points"] == 8  # 15 x 2/4 = 7.5, halves up
    assert reasons["connected_coauthors"]["detail"].startswith("2 of 4 co-authors")
    assert reasons["persistent_ids"]["points"] == 8  # one of the two papers has a DOI
    assert reasons["sources_agree"]["points"] == 0 and reasons["sources_agree"]["detail"].startswith("0 of 2 works")
