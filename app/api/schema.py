"""The GraphQL schema's root and its mounting on FastAPI."""

from __future__ import annotations

from typing import Any

import strawberry
from fastapi import Request
from strawberry.fastapi import GraphQLRouter
from strawberry.types import Info

from app.graph import Graph


@strawberry.type
class LabelCount:
    label: str
    count: int


@strawberry.type
class Database:
    """The engine behind the API, as /health reports it."""

    engine: str
    version: str
    nodes: list[LabelCount]
    relationships: list[LabelCount]


def graph_of(info: Info) -> Graph:
    graph: Graph = info.context["graph"]
    return graph


@strawberry.type
class Query:
    @strawberry.field(description="The graph database behind the API: engine, version, node and relationship counts.")
    async def database(self, info: Info) -> Database:
        status = await graph_of(info).status()
        return Database(
            engine=status["engine"],
            version=status["version"],
            nodes=[LabelCount(label=k, count=v) for k, v in status["nodes"].items()],
            relationships=[LabelCount(label=k, count=v) for k, v in status["relationships"].items()],
        )


schema = strawberry.Schema(query=Query)


async def _context(request: Request) -> dict[str, Any]:
    return {"request": request, "graph": request.app.state.graph}


def graphql_router() -> GraphQLRouter:
    return GraphQLRouter(schema, context_getter=_context)
