"""The cost budget per request over real HTTP: each field priced from its arguments, the sum held to
limits.MAX_COST before anything runs, the figures in the refusal."""

from __future__ import annotations

import pytest
from graphql import parse
from strawberry.types.base import StrawberryObjectDefinition

from app.api import cost, limits
from app.api.schema import schema
from tests import api_community
from tests.api_community import Api, GraphQL, QueryLog, R

api, client = api_community.api, api_community.client  # the fixtures these tests use, by name

pytestmark = pytest.mark.anyio


def aliased(n: int, field: str) -> str:
    return "query ($id: ID!) { " + " ".join(f"a{i}: {field}" for i in range(n)) + " }"


HEAVY = "neighbourhood(id: $id, depth: 3, limit: 333) { nodes { id } }"  # 999 units, within every field limit


async def test_fifteen_heavy_neighbourhoods_are_refused_before_anything_runs(client: GraphQL, api: Api) -> None:
    assert limits.MAX_NEIGHBOURHOOD >= 3 * 333 and limits.MAX_ALIASES >= 15  # each alias is allowed on its own
    with QueryLog(api.app) as ran:
        errors = await client.errors(aliased(15, HEAVY), id=R[0])
    assert ran.names == []
    assert errors[0]["extensions"] == {"code": "LIMIT_EXCEEDED", "cost": 15 * 999, "budget": limits.MAX_COST}
    assert f"{15 * 999:,} units" in errors[0]["message"] and f"{limits.MAX_COST:,}" in errors[0]["message"]


async def test_a_request_at_the_budget_runs_and_one_unit_more_does_not(client: GraphQL) -> None:
    widest = "neighbourhood(id: $id, depth: 1, limit: 1000) { truncated }"  # 1,000 units
    n = limits.MAX_COST // 1000
    assert len(await client(aliased(n, widest), id=R[0])) == n
    errors = await client.errors(aliased(n, widest)[:-1] + " one: researcher(id: $id) { id } }", id=R[0])
    assert errors[0]["extensions"]["cost"] == limits.MAX_COST + 1


async def test_arguments_given_as_variables_are_priced_too(client: GraphQL) -> None:
    query = "query ($id: ID!, $l: Int) { " + " ".join(
        f"a{i}: neighbourhood(id: $id, depth: 3, limit: $l) {{ truncated }}" for i in range(15)) + " }"
    assert len(await client(query, id=R[0], l=10)) == 15  # 15 * 30 units
    errors = await client.errors(query, id=R[0], l=333)
    assert errors[0]["extensions"]["cost"] == 15 * 999


async def test_nested_lists_multiply(client: GraphQL) -> None:
    """papers(first: 100) under each of 100 papers' authors: cost(field) = own + items * cost(what is under it)."""
    query = ("query ($id: ID!) { researcher(id: $id) { papers(first: 100) { edges { node { "
             "authors { papers(first: 100) { edges { node { id } } } } } } } } }")
    inner_papers = 1 + 100  # own: the page's rows and a count; nothing priced under it
    authors = 1 + cost.LIST_ESTIMATE * inner_papers
    expected = 1 + (1 + 100) + 100 * authors
    errors = await client.errors(query, id=R[0])
    assert errors[0]["extensions"]["cost"] == expected


async def test_fragments_cost_what_they_select_each_time_they_are_spread(client: GraphQL) -> None:
    wide = "papers(first: 100) { edges { node { authors { papers(first: 1) { edges { node { id } } } } } } }"
    inline = "query ($id: ID!) { " + " ".join(f"a{i}: researcher(id: $id) {{ {wide} }}" for i in range(3)) + " }"
    spread = ("query ($id: ID!) { " + " ".join(f"a{i}: researcher(id: $id) {{ ...Wide }}" for i in range(3))
              + f" }} fragment Wide on Researcher {{ {wide} }}")
    per_researcher = 1 + (1 + 100) + 100 * (1 + cost.LIST_ESTIMATE * (1 + 1))
    assert cost.request_cost(schema._schema, parse(inline), None, {"id": R[0]}) == 3 * per_researcher
    errors = await client.errors(spread, id=R[0])
    assert errors[0]["extensions"]["cost"] == 3 * per_researcher > limits.MAX_COST


async def test_an_argument_over_its_own_limit_gets_its_own_error_not_the_budget(client: GraphQL) -> None:
    errors = await client.errors("query ($id: ID!) { neighbourhood(id: $id, depth: 2, limit: 1000) { truncated } }", id=R[0])
    assert errors[0]["extensions"]["code"] == "LIMIT_EXCEEDED" and "depth * limit" in errors[0]["message"]
    assert "cost" not in errors[0]["extensions"]


def test_the_widest_request_the_web_explorer_makes_fits_the_budget() -> None:
    """Any one neighbourhood the field's limits allow, with every kind, is within the budget."""
    query = (f"{{ neighbourhood(id: \"x\", depth: 1, limit: {limits.MAX_NEIGHBOURHOOD}, "
             "kinds: [RESEARCHER, PAPER, TOPIC, INSTITUTION]) { nodes { id } } }")
    assert cost.request_cost(schema._schema, parse(query), None, None) <= limits.MAX_COST


def test_every_field_that_reads_the_database_has_a_price() -> None:
    """A field with a resolver of its own does work its parent did not; the budget must know its price."""
    unpriced = []
    for graphql_type in schema._schema.type_map.values():
        definition = (getattr(graphql_type, "extensions", None) or {}).get("strawberry-definition")
        if not isinstance(definition, StrawberryObjectDefinition):
            continue
        for field in definition.fields:
            name = schema.config.name_converter.get_graphql_name(field)
            if field.base_resolver is not None and (graphql_type.name, name) not in cost.PRICES:
                unpriced.append(f"{graphql_type.name}.{name}")
    assert unpriced == []
