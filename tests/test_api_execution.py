"""The fast executor answers exactly as graphql-core does, errors included; only the speed differs."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
import strawberry

from app.api.execution import FlatObjectExecutor


@strawberry.enum
class Colour(Enum):
    RED = "RED"
    BLUE = "BLUE"


@strawberry.type
class Item:
    id: strawberry.ID
    label: str
    weight: float
    colour: Colour
    note: str | None = None

    @strawberry.field
    def shout(self) -> str:
        return self.label.upper()


@strawberry.type
class Group:
    name: str
    first: Item
    best: Item | None
    items: list[Item]
    nested: list[list[Item | None]]


def _items(broken: bool = False) -> list[Item]:
    items = [Item(id=strawberry.ID(str(i)), label=f"item {i}", weight=i / 2, colour=Colour.RED) for i in range(5)]
    if broken:
        items[3].label = None  # type: ignore[assignment]  # a null in a non-null field
    return items


@strawberry.type
class Query:
    @strawberry.field
    def items(self, broken: bool = False) -> list[Item]:
        return _items(broken)

    @strawberry.field
    def groups(self, broken: bool = False) -> list[Group]:
        items = _items(broken)
        return [Group(name=f"g{i}", first=items[i], best=None if i else items[0], items=items[i:],
                      nested=[items[:i], [None]]) for i in range(4)]

    @strawberry.field
    def maybe(self) -> list[Item | None]:
        return [Item(id=strawberry.ID("a"), label="a", weight=1, colour=Colour.BLUE), None]


DOCUMENTS = [
    "{ items { id label weight colour note } }",
    "{ items { id shout } }",  # a resolver: the ordinary way
    "{ items { id label __typename } }",
    "{ items { a: id b: label } }",
    "{ items(broken: true) { id label } }",
    "{ maybe { id label } }",
    "{ items { ... on Item { id label } } }",
    "{ groups { name first { id label } best { id colour } items { id weight } nested { id } } }",
    "{ groups(broken: true) { name items { id label } } }",
    "{ groups(broken: true) { name best { label } nested { label } } }",
    "{ groups { first { shout } items { id } } }",
]


def _answer(result: Any) -> tuple[Any, list[tuple[str, Any]]]:
    return result.data, [(e.message, e.path) for e in result.errors or []]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_answers_and_errors_match_graphql_core(document: str) -> None:
    plain = strawberry.Schema(query=Query)
    fast = strawberry.Schema(query=Query, execution_context_class=FlatObjectExecutor)
    expected = _answer(plain.execute_sync(document))
    assert _answer(fast.execute_sync(document)) == expected
    assert expected[0] is not None or expected[1]  # the document asked something real
