"""closeCollaborators, suggestedCollaborators and commonCollaborators over HTTP: who is listed, in which order, and
a score that equals the documented combination of its reasons, each reason computed here from the fixture."""

from __future__ import annotations

from typing import Any

import pytest

from tests import api_community
from tests.api_community import AFFILIATIONS, COMMUNITY, GraphQL, R

api, client = api_community.api, api_community.client  # the fixtures these tests use, by name

pytestmark = pytest.mark.anyio

FIELDS = "researcher { id } jointPapers firstYear lastYear score " \
         "reasons { jointPapers recency topicOverlap sharedInstitution commonCollaborators }"
CLOSE = f"query ($id: ID!, $first: Int) {{ closeCollaborators(id: $id, first: $first) {{ {FIELDS} }} }}"
SUGGESTED = f"query ($id: ID!, $first: Int) {{ suggestedCollaborators(id: $id, first: $first) {{ {FIELDS} }} }}"
COMMON = "query ($a: ID!, $b: ID!, $first: Int) { commonCollaborators(a: $a, b: $b, first: $first) { id name } }"

# A hub, someone with a joint paper of unknown year, someone in the middle, someone with one co-author, a Lin.
SUBJECTS = [R[0], R[1], R[12], R[19], R[24], R[25]]


def documented_score(r: dict[str, Any]) -> float:
    """The formula as the schema documents it."""
    return (0.35 * min(r["jointPapers"], 10) / 10 + 0.20 * r["recency"] + 0.20 * (r["topicOverlap"] or 0.0)
            + 0.10 * (1 if r["sharedInstitution"] else 0) + 0.15 * min(r["commonCollaborators"], 10) / 10)


def institutions(rid: str) -> set[str]:
    return {inst for i, inst, _, _ in AFFILIATIONS if R[i] == rid}


def expected_reasons(a: str, b: str) -> dict[str, Any]:
    c = COMMUNITY
    joint = c.joint_papers(a, b)
    years = [c.years[p] for p in joint if c.years[p] is not None]
    last = (max(years) if years else None) if joint else c.last_year(b)
    mine, theirs = c.topic_set(a), c.topic_set(b)
    reference = c.last_year(a)
    return {
        "jointPapers": len(joint),
        "recency": 0.0 if reference is None or last is None else max(0.0, min(1.0, 1 - (reference - last) / 10)),
        "topicOverlap": len(mine & theirs) / len(mine | theirs) if mine and theirs else None,  # unknown without topics
        "sharedInstitution": bool(institutions(a) & institutions(b)),
        "commonCollaborators": len(c.coauthors(a) & c.coauthors(b)),
    }


def ranked(a: str, people: set[str]) -> list[tuple[str, dict[str, Any]]]:
    scored = [(b, expected_reasons(a, b)) for b in people]
    return sorted(scored, key=lambda item: (-documented_score(item[1]), -item[1]["jointPapers"], item[0]))


def check(got: list[dict[str, Any]], expected: list[tuple[str, dict[str, Any]]]) -> None:
    assert [g["researcher"]["id"] for g in got] == [b for b, _ in expected]
    for g, (_, reasons) in zip(got, expected, strict=True):
        assert g["reasons"] == pytest.approx(reasons, abs=0.0005)  # rounded to 3 decimals
        assert g["score"] == round(documented_score(reasons), 3)
        assert g["jointPapers"] == g["reasons"]["jointPapers"]


@pytest.mark.parametrize("subject", SUBJECTS)
async def test_close_collaborators_are_the_coauthors_ranked_by_the_documented_score(client: GraphQL, subject: str) -> None:
    got = (await client(CLOSE, id=subject, first=100))["closeCollaborators"]
    check(got, ranked(subject, COMMUNITY.coauthors(subject)))
    for g in got:
        years = [COMMUNITY.years[p] for p in COMMUNITY.joint_papers(subject, g["researcher"]["id"])]
        known = [y for y in years if y is not None]
        assert (g["firstYear"], g["lastYear"]) == ((min(known), max(known)) if known else (None, None))


@pytest.mark.parametrize("subject", SUBJECTS)
async def test_suggestions_are_people_two_steps_away_ranked_by_the_documented_score(client: GraphQL, subject: str) -> None:
    near = COMMUNITY.coauthors(subject)
    two_steps = {c for n in near for c in COMMUNITY.coauthors(n)} - near - {subject}
    got = (await client(SUGGESTED, id=subject, first=100))["suggestedCollaborators"]
    check(got, ranked(subject, two_steps))
    assert all(g["jointPapers"] == 0 and g["firstYear"] is None and g["lastYear"] is None for g in got)


async def test_first_keeps_the_best(client: GraphQL) -> None:
    everyone = (await client(CLOSE, id=R[0], first=100))["closeCollaborators"]
    assert (await client(CLOSE, id=R[0], first=3))["closeCollaborators"] == everyone[:3]
    assert (await client(CLOSE, id=R[0], first=0))["closeCollaborators"] == []
    suggested = (await client(SUGGESTED, id=R[0], first=100))["suggestedCollaborators"]
    assert (await client(SUGGESTED, id=R[0], first=2))["suggestedCollaborators"] == suggested[:2]


async def test_someone_unknown_or_alone_has_no_collaborators(client: GraphQL) -> None:
    for subject in ("name:nobody", R[28]):
        assert (await client(CLOSE, id=subject))["closeCollaborators"] == []
        assert (await client(SUGGESTED, id=subject))["suggestedCollaborators"] == []


@pytest.mark.parametrize(("a", "b"), [(R[0], R[4]), (R[0], R[19]), (R[1], R[23]), (R[25], R[27]), (R[0], R[25])])
async def test_common_collaborators_have_written_with_both_most_joint_papers_first(client: GraphQL, a: str, b: str) -> None:
    c = COMMUNITY
    both = c.coauthors(a) & c.coauthors(b) - {a, b}
    expected = sorted(both, key=lambda x: (-(len(c.joint_papers(a, x)) + len(c.joint_papers(x, b))), x))
    got = (await client(COMMON, a=a, b=b, first=100))["commonCollaborators"]
    assert [g["id"] for g in got] == expected
    assert (await client(COMMON, a=a, b=b, first=1))["commonCollaborators"] == got[:1]


@pytest.mark.parametrize("query", [CLOSE, SUGGESTED])
async def test_more_than_100_is_over_the_limit(client: GraphQL, query: str) -> None:
    errors = await client.errors(query, id=R[0], first=101)
    assert errors[0]["extensions"]["code"] == "LIMIT_EXCEEDED"


async def test_common_collaborators_of_one_person_with_themselves_is_a_bad_argument(client: GraphQL) -> None:
    errors = await client.errors(COMMON, a=R[0], b=R[0])
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT" and "same researcher" in errors[0]["message"]
    errors = await client.errors(COMMON, a=R[0], b=R[1], first=500)
    assert errors[0]["extensions"]["code"] == "LIMIT_EXCEEDED"
