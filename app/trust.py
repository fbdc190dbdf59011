"""The trust snapshot of a researcher: verification level and a 0-100 score, each point with its reason.

The formula (docs/trust.md holds the same table for readers):

| item                 | points                                                                  | at most |
|----------------------|-------------------------------------------------------------------------|---------|
| verification         | L0 0, L1 15, L2 30, L3 40                                               | 40      |
| sources_agree        | 4 per work that two or more sources list                                | 20      |
| persistent_ids       | 15 x share of works with a DOI or an arXiv id                           | 15      |
| connected_coauthors  | 15 x share of co-authors in the largest group linked by co-authorship   | 15      |
| affiliation          | 5 when an institution is known                                          | 5       |
| topics               | 5 when the works have topics                                            | 5       |

Shares are rounded to whole points, halves up; the score is the sum of the points listed. Levels: Emerging
below 40, Established below 70, Trusted from 70. Not "Verified": verification is its own axis (L0-L3), and a
record can score high from its sources without anyone having claimed it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Verification(Enum):
    L0 = "L0"  # a name only: no persistent id says which person this is
    L1 = "L1"  # a public author record with a source id (DBLP, OpenAlex) or a profile export
    L2 = "L2"  # the record carries an ORCID from a source
    L3 = "L3"  # a user claimed it and an ORCID sign-in or an admin confirmed the claim


VERIFICATION_POINTS = {Verification.L0: 0, Verification.L1: 15, Verification.L2: 30, Verification.L3: 40}
POINTS_PER_AGREED_WORK, MAX_AGREED = 4, 20
MAX_PERSISTENT = 15
MAX_CONNECTED = 15
MIN_COAUTHORS = 2  # one co-author is always "one group": it says nothing about the record being one person
AFFILIATION_POINTS = 5
TOPIC_POINTS = 5
CIRCLE_LIMIT = 50  # the co-authors with most joint papers whose links are weighed: bounds the query on hubs
LEVELS = ((40, "Emerging"), (70, "Established"), (101, "Trusted"))  # (score below, level)

# Id schemes that name a person in a public source; `name:` is a name key, `orcid:` counts as L2.
WEAK_SCHEMES = frozenset({"name"})


@dataclass(frozen=True, slots=True)
class Reason:
    name: str
    points: int
    detail: str


@dataclass(frozen=True, slots=True)
class Snapshot:
    score: int
    level: str
    verification: Verification
    claimed: bool
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the graph says about one researcher, as cypher/trust/list_evidence returns it (plus the circle)."""

    id: str
    orcid: str | None
    ids: tuple[str, ...]
    profile_export: bool  # figures a profile export reported sit on the node
    verified_claim: bool
    verified_by: str | None  # 'orcid' or 'admin' for a verified claim
    works: int
    persistent: int  # works with a DOI or an arXiv id
    agreed: int  # works whose ids come from two or more sources
    institutions: int
    topics: int
    coauthors: int
    circle: int = 0  # co-authors weighed for connectedness (at most CIRCLE_LIMIT)
    largest_group: int = 0  # the biggest set of them linked to each other by co-authorship


def evidence_of(row: Mapping[str, Any], circle: int = 0, largest_group: int = 0) -> Evidence:
    return Evidence(
        id=row["id"], orcid=row.get("orcid"), ids=tuple(row.get("ids") or (row["id"],)),
        profile_export=bool(row.get("profile_export")), verified_claim=bool(row.get("verified_claim")),
        verified_by=row.get("verified_by"), works=row.get("works") or 0, persistent=row.get("persistent") or 0,
        agreed=row.get("agreed") or 0, institutions=row.get("institutions") or 0, topics=row.get("topics") or 0,
        coauthors=row.get("coauthors") or 0, circle=circle, largest_group=largest_group,
    )


SOURCE_NAMES = {"dblp": "DBLP", "openalex": "OpenAlex"}


def source_words(source_id: str) -> str:
    """'dblp:Kaiming He' -> 'DBLP Kaiming He': the profile page speaks in words, never in internal ids."""
    scheme, _, value = source_id.partition(":")
    return f"{SOURCE_NAMES.get(scheme, scheme)} {value}"


def source_ids(ids: Iterable[str]) -> list[str]:
    """The ids that name the person in a public source (dblp:..., openalex:...), not their name or ORCID."""
    return [i for i in ids if i.split(":", 1)[0] not in WEAK_SCHEMES | {"orcid"}]


def verification(record: Mapping[str, Any]) -> Verification:
    """The level from a record's orcid, ids, profile_export and verified_claim (see list_evidence)."""
    if record.get("verified_claim"):
        return Verification.L3
    if record.get("orcid"):
        return Verification.L2
    if source_ids(record.get("ids") or (record["id"],)) or record.get("profile_export"):
        return Verification.L1
    return Verification.L0


def share_points(part: int, whole: int, most: int) -> int:
    """`most` times part/whole, rounded to a whole point with halves up (Python's round() rounds halves to even)."""
    return math.floor(most * part / whole + 0.5) if whole else 0


def largest_group(members: Iterable[str], links: Iterable[tuple[str, str]]) -> int:
    """Size of the largest connected group of `members` under `links` (union-find; links off the set are ignored)."""
    parent = {m: m for m in members}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    sizes: dict[str, int] = {}
    for m in parent:
        sizes[root(m)] = sizes.get(root(m), 0) + 1
    return max(sizes.values(), default=0)


def _verification_reason(e: Evidence, level: Verification) -> Reason:
    points = VERIFICATION_POINTS[level]
    if level is Verification.L3:
        how = "an ORCID sign-in matching the record's ORCID" if e.verified_by == "orcid" else "an admin"
        return Reason("verification", points, f"L3: claimed by a user and confirmed by {how}")
    if level is Verification.L2:
        return Reason("verification", points, f"L2: a source gives the ORCID {e.orcid}")
    found = source_ids(e.ids)
    if level is Verification.L1:
        said = ", ".join(source_words(i) for i in found[:3]) if found else "a profile export"
        return Reason("verification", points, f"L1: a public author record ({said}), no ORCID")
    return Reason("verification", points, "L0: a name only, no source id or ORCID")


def _agreed_reason(e: Evidence) -> Reason:
    points = min(POINTS_PER_AGREED_WORK * e.agreed, MAX_AGREED)
    capped = " (capped)" if POINTS_PER_AGREED_WORK * e.agreed > MAX_AGREED else ""
    return Reason("sources_agree", points,
                  f"{e.agreed} of {e.works} works listed by two or more sources: {POINTS_PER_AGREED_WORK} points "
                  f"each, at most {MAX_AGREED}{capped}")


def _persistent_reason(e: Evidence) -> Reason:
    return Reason("persistent_ids", share_points(e.persistent, e.works, MAX_PERSISTENT),
                  f"{e.persistent} of {e.works} works have a DOI or an arXiv id: {MAX_PERSISTENT} x that share")


def _connected_reason(e: Evidence) -> Reason:
    if e.coauthors < MIN_COAUTHORS:
        return Reason("connected_coauthors", 0,
                      f"{e.coauthors} co-author(s): at least {MIN_COAUTHORS} are needed to tell")
    among = f" (among the {e.circle} with most joint papers)" if e.circle < e.coauthors else ""
    return Reason("connected_coauthors", share_points(e.largest_group, e.circle, MAX_CONNECTED),
                  f"{e.largest_group} of {e.circle} co-authors{among} form one group linked by co-authorship: "
                  f"{MAX_CONNECTED} x that share")


def _completeness(e: Evidence) -> tuple[Reason, Reason]:
    affiliation = Reason("affiliation", AFFILIATION_POINTS if e.institutions else 0,
                         f"{e.institutions} institution(s) known" if e.institutions else "no institution known")
    topics = Reason("topics", TOPIC_POINTS if e.topics else 0,
                    f"{e.topics} topic(s) in the works" if e.topics else "no topic in the works")
    return affiliation, topics


def level_of(score: int) -> str:
    return next(name for below, name in LEVELS if score < below)


def snapshot(e: Evidence) -> Snapshot:
    level = verification({"id": e.id, "orcid": e.orcid, "ids": e.ids, "profile_export": e.profile_export,
                          "verified_claim": e.verified_claim})
    reasons = (_verification_reason(e, level), _agreed_reason(e), _persistent_reason(e), _connected_reason(e),
               *_completeness(e))
    score = sum(r.points for r in reasons)
    return Snapshot(score=score, level=level_of(score), verification=level, claimed=e.verified_claim,
                    reasons=reasons)
