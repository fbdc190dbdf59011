"""The trust formula on its own (no database): caps, rounding, levels, verification levels and co-author groups."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app import trust
from app.trust import Evidence, Verification

BARE = Evidence(id="name:x", orcid=None, ids=(), profile_export=False, verified_claim=False, verified_by=None,
                works=0, persistent=0, agreed=0, institutions=0, topics=0, coauthors=0)


def points(e: Evidence) -> dict[str, int]:
    return {r.name: r.points for r in trust.snapshot(e).reasons}


def test_a_bare_name_scores_zero_at_level_L0_and_says_why_for_every_item() -> None:
    s = trust.snapshot(BARE)
    assert (s.score, s.level, s.verification, s.claimed) == (0, "Emerging", Verification.L0, False)
    assert all(r.points == 0 and r.detail for r in s.reasons) and len(s.reasons) == 6


def test_works_seen_in_two_sources_earn_4_points_each_capped_at_20_and_the_cap_is_stated() -> None:
    assert points(replace(BARE, works=9, agreed=3))["sources_agree"] == 12
    many = trust.snapshot(replace(BARE, works=9, agreed=9))
    [agreed] = [r for r in many.reasons if r.name == "sources_agree"]
    assert agreed.points == 20 and "(capped)" in agreed.detail


def test_shares_are_rounded_to_whole_points_with_halves_up() -> None:
    assert points(replace(BARE, works=2, persistent=1))["persistent_ids"] == 8  # 7.5; round() would give 8 too
    assert points(replace(BARE, works=6, persistent=1))["persistent_ids"] == 3  # 2.5: round() would give 2
    assert trust.share_points(1, 0, 15) == 0


def test_one_coauthor_earns_no_connectedness_and_two_groups_of_two_earn_half() -> None:
    assert points(replace(BARE, coauthors=1, circle=1, largest_group=1))["connected_coauthors"] == 0
    assert points(replace(BARE, coauthors=4, circle=4, largest_group=2))["connected_coauthors"] == 8


def test_the_largest_group_follows_links_within_the_circle_only() -> None:
    members = ["a", "b", "c", "d", "e"]
    assert trust.largest_group(members, [("a", "b"), ("b", "c"), ("d", "e")]) == 3
    assert trust.largest_group(members, [("a", "z"), ("z", "e")]) == 1  # z is outside: no link through it
    assert trust.largest_group([], []) == 0


@pytest.mark.parametrize(("record", "level"), [
    ({"id": "name:x"}, Verification.L0),
    ({"id": "name:x", "profile_export": True}, Verification.L1),
    ({"id": "dblp:X Y 0001"}, Verification.L1),
    ({"id": "name:x", "ids": ["openalex:A1"]}, Verification.L1),
    ({"id": "orcid:0000-0002-1825-0097", "orcid": "0000-0002-1825-0097"}, Verification.L2),
    ({"id": "name:x", "verified_claim": True}, Verification.L3),
])
def test_verification_levels(record: dict[str, object], level: Verification) -> None:
    assert trust.verification(record) is level


def test_everything_at_its_most_is_100_and_trusted() -> None:
    full = replace(BARE, verified_claim=True, verified_by="admin", works=10, persistent=10, agreed=10, institutions=1,
                   topics=3, coauthors=5, circle=5, largest_group=5)
    s = trust.snapshot(full)
    assert (s.score, s.level, s.verification, s.claimed) == (100, "Trusted", Verification.L3, True)
    assert [trust.level_of(n) for n in (39, 40, 69, 70)] == ["Emerging", "Established", "Established", "Trusted"]
