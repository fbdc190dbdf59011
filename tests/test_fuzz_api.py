"""A bounded GraphQL fuzz run over real HTTP on both engines: queries that hypothesis-graphql builds from the
schema (valid ones, and ones with one schema violation), with ids of the fixture's people among random
strings and small integers among any. However odd the request, the answer is a GraphQL answer: 200 or 400,
never a 5xx, never INTERNAL_SERVER_ERROR, and every error carries a code."""

from __future__ import annotations

from typing import Any

import httpx
from graphql import IntValueNode, StringValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, queries

from app.api.schema import schema
from tests import api_community
from tests.api_community import Api, R

api = api_community.api  # the fixture this test uses, by name

# About 20 s on FalkorDB and 35 s on Neo4j on a busy 2-core machine; every root field is reached with many
# argument shapes.
EXAMPLES = 300
ACCEPTS = ["application/json", "application/graphql-response+json", "application/graphql-response+json, application/json;q=0.9", "*/*"]
# The fuzzer sends no session: fields for signed-in users (me's relatives, pendingClaims) answer UNAUTHENTICATED.
ALLOWED_CODES = {"BAD_USER_INPUT", "LIMIT_EXCEEDED", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "QUERY_TIMEOUT",
                 "BAD_REQUEST", "UNAUTHENTICATED", "FORBIDDEN"}

ids = st.one_of(st.sampled_from(R), st.text(max_size=40)).map(lambda s: StringValueNode(value=s))
# Mostly arguments the fields accept, so that most requests run their resolvers; then anything at all.
ints = st.one_of(st.integers(1, 5), st.integers(1, 12), st.integers(-3, 200), st.integers(-(2**31), 2**31 - 1))
SCALARS = {"ID": ids, "Int": ints.map(lambda n: IntValueNode(value=str(n)))}
valid = queries(schema._schema, custom_scalars=SCALARS, mode=Mode.POSITIVE)
invalid = queries(schema._schema, custom_scalars=SCALARS, mode=Mode.NEGATIVE)  # one schema violation each
documents = st.one_of(valid, valid, valid, invalid)


def check(response: httpx.Response, accept: str, query: str) -> None:
    assert response.status_code in (200, 400), f"{response.status_code} for {query!r}: {response.text[:500]}"
    if accept in ("application/json", "*/*"):
        assert response.status_code == 200, f"a plain JSON client got {response.status_code} for {query!r}"
    body: dict[str, Any] = response.json()
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code in ALLOWED_CODES, f"{code} for {query!r}: {error}"


def test_fuzzed_queries_never_get_a_server_error(api: Api) -> None:
    with httpx.Client(timeout=30) as http:

        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
        @given(query=documents, accept=st.sampled_from(ACCEPTS))
        def run(query: str, accept: str) -> None:
            response = http.post(api.url, json={"query": query}, headers={"Accept": accept})
            check(response, accept, query)

        run()
