"""closeCollaborators, suggestedCollaborators and commonCollaborators, with scores that explain themselves.

score = 0.35 * min(jointPapers, 10) / 10
      + 0.20 * recency
      + 0.20 * topicOverlap
      + 0.10 * (1 if sharedInstitution else 0)
      + 0.15 * min(commonCollaborators, 10) / 10

recency = max(0, 1 - (reference year - last year) / 10), where the reference year is the researcher's own
last year in the graph (so a 2015 snapshot is not judged by today's date) and the last year is that of the
latest joint paper (close collaborators) or the candidate's latest paper (suggestions); 0 when unknown.
topicOverlap is the Jaccard index of the two researchers' paper topics, null (adding nothing) when either has
no topic in the graph: BibTeX and DBLP give none, and a 0 would read as "nothing in common".
Scores and fractions are rounded to 3 decimals; ranking uses the unrounded score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.types import Info

from app.api import limits
from app.api.context import graph_of, loaders_of
from app.api.errors import BadInput
from app.api.researcher import Researcher
from app.graph import Graph, Row

W_PAPERS, W_RECENCY, W_TOPICS, W_INSTITUTION, W_COMMON = 0.35, 0.20, 0.20, 0.10, 0.15
SATURATION = 10  # joint papers or common collaborators beyond this add nothing more
RECENCY_YEARS = 10
SUGGESTION_POOL = 500  # suggestions are scored among the people sharing the most co-authors
DECIMALS = 3

FORMULA = (
    "score = 0.35 * min(jointPapers, 10)/10 + 0.20 * recency + 0.20 * topicOverlap "
    "+ 0.10 * (sharedInstitution ? 1 : 0) + 0.15 * min(commonCollaborators, 10)/10; "
    "recency = max(0, 1 - (the researcher's last year - lastYear)/10); "
    "topicOverlap = Jaccard index of the two researchers' paper topics (null, counted as 0, when either has none in "
    "the graph). Rounded to 3 decimals."
)


@strawberry.type(description="The facts a collaborator's score is made of. " + FORMULA)
class Reasons:
    joint_papers: int = strawberry.field(description="Papers the two wrote together.")
    recency: float = strawberry.field(
        description="1 when the last joint paper (for suggestions: the candidate's last paper) is from the "
        "researcher's own last year, falling by 0.1 a year to 0."
    )
    topic_overlap: float | None = strawberry.field(
        description="Jaccard index of the topics of the two researchers' papers, 0 to 1; null when either has no "
        "topic in the graph (sources such as DBLP give none), which the score counts as 0."
    )
    shared_institution: bool = strawberry.field(description="Both have been affiliated with the same institution.")
    common_collaborators: int = strawberry.field(description="People both have co-authored with.")


@strawberry.type(description="A researcher ranked as a collaborator of another, with the reasons for the score.")
class Collaborator:
    researcher: Researcher
    joint_papers: int
    first_year: int | None = strawberry.field(description="Year of the first joint paper; null for suggestions.")
    last_year: int | None = strawberry.field(description="Year of the last joint paper; null for suggestions.")
    score: float = strawberry.field(description=FORMULA)
    reasons: Reasons


def recency(reference_year: int | None, last_year: int | None) -> float:
    if reference_year is None or last_year is None:
        return 0.0
    return max(0.0, min(1.0, 1 - (reference_year - last_year) / RECENCY_YEARS))


def score(r: Reasons) -> float:
    return (
        W_PAPERS * min(r.joint_papers, SATURATION) / SATURATION
        + W_RECENCY * r.recency
        + W_TOPICS * (r.topic_overlap or 0.0)
        + W_INSTITUTION * (1.0 if r.shared_institution else 0.0)
        + W_COMMON * min(r.common_collaborators, SATURATION) / SATURATION
    )


def _rounded(r: Reasons) -> Reasons:
    overlap = None if r.topic_overlap is None else round(r.topic_overlap, DECIMALS)
    return Reasons(joint_papers=r.joint_papers, recency=round(r.recency, DECIMALS), topic_overlap=overlap,
                   shared_institution=r.shared_institution, common_collaborators=r.common_collaborators)


def jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


@dataclass(slots=True)
class _Candidate:
    row: Row
    reasons: Reasons

    @property
    def key(self) -> tuple[float, int, str]:
        return (-score(self.reasons), -self.reasons.joint_papers, self.row["id"])


def _candidate(row: Mapping[str, Any]) -> _Candidate:
    return _Candidate(
        row=dict(row),
        reasons=Reasons(
            joint_papers=row.get("joint_papers") or 0,
            recency=recency(row.get("reference_year"), row.get("last_year")),
            topic_overlap=0.0,
            shared_institution=bool(row.get("shared_institution")),
            common_collaborators=row.get("common_collaborators") or 0,
        ),
    )


async def _rank(graph: Graph, info: Info, subject: str, rows: list[Row], first: int) -> list[Collaborator]:
    """Score the candidates and keep the best `first`.

    Topic overlap is the costly reason, so it is fetched only for candidates that could still reach the top
    `first` with a full topic overlap: the rest cannot, whatever their topics.
    """
    if first == 0 or not rows:
        return []
    candidates = sorted((_candidate(r) for r in rows), key=lambda c: c.key)
    bar = score(candidates[min(first, len(candidates)) - 1].reasons)
    contenders = [c for c in candidates if score(c.reasons) + W_TOPICS >= bar]
    topic_rows = await graph.read("collaborator/list_topic_sets", ids=[subject] + [c.row["id"] for c in contenders])
    topics = {r["id"]: set(r["topics"]) for r in topic_rows if r["topics"]}
    mine = topics.get(subject)
    for c in contenders:
        theirs = topics.get(c.row["id"])
        c.reasons.topic_overlap = jaccard(mine, theirs) if mine and theirs else None
    best = sorted(contenders, key=lambda c: c.key)[:first]
    people = await loaders_of(info).researcher.load_many([c.row["id"] for c in best])
    return [
        Collaborator(
            researcher=Researcher.from_record(person),
            joint_papers=c.reasons.joint_papers,
            first_year=c.row.get("first_year") if c.reasons.joint_papers else None,
            last_year=c.row.get("last_year") if c.reasons.joint_papers else None,
            score=round(score(c.reasons), DECIMALS),
            reasons=_rounded(c.reasons),
        )
        for c, person in zip(best, people, strict=True)
        if person is not None
    ]


async def close_collaborators(info: Info, id: strawberry.ID, first: int | None = 10) -> list[Collaborator]:
    first = limits.page_size(first)
    graph = graph_of(info)
    rows = await graph.read("collaborator/list_coauthors", id=str(id))
    return await _rank(graph, info, str(id), rows, first)


async def suggested_collaborators(
    info: Info, id: strawberry.ID, first: int | None = 10, open_only: bool = False
) -> list[Collaborator]:
    first = limits.page_size(first)
    graph = graph_of(info)
    query = "collaborator/list_open_candidates" if open_only else "collaborator/list_candidates"
    rows = await graph.read(query, id=str(id), limit=SUGGESTION_POOL)
    return await _rank(graph, info, str(id), rows, first)


async def common_collaborators(
    info: Info, a: strawberry.ID, b: strawberry.ID, first: int | None = 10
) -> list[Researcher]:
    first = limits.page_size(first)
    if a == b:
        raise BadInput("`a` and `b` are the same researcher; common collaborators need two")
    if first == 0:
        return []
    rows = await graph_of(info).read("collaborator/list_common", a=str(a), b=str(b), limit=first)
    return [Researcher.from_record(r) for r in rows]


close_field = strawberry.field(
    resolver=close_collaborators,
    description=f"A researcher's existing co-authors, best first (ties: more joint papers, then id). {FORMULA} "
    f"At most {limits.MAX_PAGE}.",
)
suggested_field = strawberry.field(
    resolver=suggested_collaborators,
    description="People who have not co-authored with the researcher yet but share co-authors with them, best first "
    f"(scored among the {SUGGESTION_POOL} sharing the most co-authors; jointPapers is 0, so recency is about the "
    f"candidate's own last paper). With openOnly, only people whose verified claimant says they are open to "
    f"collaborate (Researcher.openToCollaborate). {FORMULA} At most {limits.MAX_PAGE}.",
)
common_field = strawberry.field(
    resolver=common_collaborators,
    description="Researchers who have co-authored with both a and b, most joint papers with the two first. "
    f"At most {limits.MAX_PAGE}.",
)
