"""searchResearchers over HTTP: full text tolerant of case, accents and initials, ranked, paged by cursor."""

from __future__ import annotations

import pytest

from tests import api_community
from tests.api_community import GraphQL, R

api, client = api_community.api, api_community.client  # the fixtures these tests use, by name

pytestmark = pytest.mark.anyio

SEARCH = """
query ($q: String!, $first: Int, $after: String) {
  searchResearchers(query: $q, first: $first, after: $after) {
    edges { cursor node { id name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def found(client: GraphQL, query: str, first: int = 20) -> list[str]:
    conn = (await client(SEARCH, q=query, first=first))["searchResearchers"]
    return [e["node"]["id"] for e in conn["edges"]]


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("Gül Ayhan", R[0]), ("gul ayhan", R[0]), ("GUL AYHAN", R[0]), ("ayhan", R[0]), ("G. Ayhan", R[0]),
        ("Élodie Faure", R[4]), ("elodie", R[4]), ("E Faure", R[4]), ("Tomas Urena", R[18]), ("ureña", R[18]),
        ("Zoe Angstrom", R[29]), ("ÅNGSTRÖM", R[29]), ("Ivan Jelic", R[7]), ("Jelić, Ivan", R[7]),
    ],
)
async def test_names_are_found_whatever_the_case_accents_or_order(client: GraphQL, query: str, who: str) -> None:
    assert (await found(client, query))[0] == who


async def test_initials_match_the_words_they_start(client: GraphQL) -> None:
    assert await found(client, "J. Smith") == [R[23]]  # John, not Kate
    assert await found(client, "K Smith") == [R[24]]
    assert await found(client, "smith") == [R[23], R[24]]  # both whole words: more works first


async def test_a_prefix_finds_every_name_it_starts(client: GraphQL) -> None:
    assert set(await found(client, "kat")) == {R[8], R[24]}  # Kato, Kate
    assert set(await found(client, "jo")) == {R[1], R[23]}  # Jonas, John


async def test_a_whole_word_ranks_before_a_prefix(client: GraphQL) -> None:
    assert (await found(client, "kato"))[0] == R[8]
    assert await found(client, "kate") == [R[24]]


async def test_results_page_through_cursors_without_gaps_or_repeats(client: GraphQL) -> None:
    everyone = await found(client, "lin", first=100)
    assert everyone == [R[26], R[25], R[27]]  # Bo Lin has the most works, then by id
    seen: list[str] = []
    after = None
    while True:
        conn = (await client(SEARCH, q="lin", first=1, after=after))["searchResearchers"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        assert conn["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == everyone


async def test_no_match_is_an_empty_page(client: GraphQL) -> None:
    conn = (await client(SEARCH, q="zzyzx"))["searchResearchers"]
    assert conn == {"edges": [], "pageInfo": {"hasNextPage": False, "hasPreviousPage": False,
                                              "startCursor": None, "endCursor": None}}


@pytest.mark.parametrize(
    ("variables", "code", "words"),
    [
        ({"q": " .,- "}, "BAD_USER_INPUT", "no letters or digits"),
        ({"q": "x" * 201}, "LIMIT_EXCEEDED", "length of `query`"),
        ({"q": "a b c d e f g h i"}, "LIMIT_EXCEEDED", "number of words"),
        ({"q": "lin", "first": 101}, "LIMIT_EXCEEDED", "at most 100"),
        ({"q": "lin", "after": "Zm9vOjE="}, "BAD_USER_INPUT", "not a cursor"),
    ],
)
async def test_bad_or_excessive_arguments_are_clear_errors(client: GraphQL, variables: dict, code: str, words: str) -> None:
    errors = await client.errors(SEARCH, **variables)
    assert errors[0]["extensions"]["code"] == code and words in errors[0]["message"]
