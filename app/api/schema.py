"""The GraphQL schema's root and its mounting on FastAPI: fields, limits, error masking, GraphiQL."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.fastapi import GraphQLRouter
from strawberry.tools import merge_types
from strawberry.types import Info

from app.api import limits
from app.api.auth import CsrfForMutations
from app.api.claims import ClaimMutation, PendingClaim, pending_field
from app.api.collaborators import (
    Collaborator,
    close_field,
    common_field,
    suggested_field,
)
from app.api.connection import Connection
from app.api.context import context, graph_of, loaders_of
from app.api.cost import CostBudget
from app.api.document_cache import DocumentCache
from app.api.errors import MASKED_MESSAGE, ErrorCodes, should_mask
from app.api.execution import FlatObjectExecutor
from app.api.follow import FollowMutation
from app.api.neighbourhood import GraphSlice, neighbourhood_field
from app.api.operation import OneOperation
from app.api.paper import Paper
from app.api.paths import CollaborationPath, paths_field
from app.api.researcher import Researcher
from app.api.router import GraphQLOverHttp
from app.api.search import search_field
from app.api.user import User, me_field
from app.graphql_hooks import HttpFacts


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


async def researcher(info: Info, id: strawberry.ID) -> Researcher | None:
    record = await loaders_of(info).researcher.load(str(id))
    return Researcher.from_record(record) if record else None


async def paper(info: Info, id: strawberry.ID) -> Paper | None:
    record = await loaders_of(info).paper.load(str(id))
    return Paper.from_record(record) if record else None


async def database(info: Info) -> Database:
    status = await graph_of(info).status()
    return Database(
        engine=status["engine"],
        version=status["version"],
        nodes=[LabelCount(label=k, count=v) for k, v in status["nodes"].items()],
        relationships=[LabelCount(label=k, count=v) for k, v in status["relationships"].items()],
    )


@strawberry.type
class Query:
    researcher: Researcher | None = strawberry.field(
        resolver=researcher, description="A researcher by id; null when there is none."
    )
    paper: Paper | None = strawberry.field(resolver=paper, description="A paper by id; null when there is none.")
    search_researchers: Connection[Researcher] = search_field
    neighbourhood: GraphSlice = neighbourhood_field
    collaboration_paths: list[CollaborationPath] = paths_field
    close_collaborators: list[Collaborator] = close_field
    common_collaborators: list[Researcher] = common_field
    suggested_collaborators: list[Collaborator] = suggested_field
    database: Database = strawberry.field(
        resolver=database,
        description="The graph database behind the API: engine, version, node and relationship counts.",
    )
    me: User | None = me_field
    pending_claims: list[PendingClaim] = pending_field


# Each owner writes a `@strawberry.type class XMutation` in its own module and adds it here; the root is their
# merge (none yet: the schema then has no Mutation type at all).
MUTATIONS: tuple[type, ...] = (ClaimMutation, FollowMutation)
Mutation = merge_types("Mutation", MUTATIONS) if MUTATIONS else None


def _with_stable_rules(factory: Callable[[], AddValidationRules]) -> Callable[[], AddValidationRules]:
    """A fresh extension per request whose validation rules are the same classes every time.

    The limiters build a new rule class per instance, and ValidationCache keys on the rule classes: without
    this every request would miss the cache and validate again.
    """
    rules = factory().validation_rules

    def make() -> AddValidationRules:
        extension = factory()
        extension.validation_rules = rules
        return extension

    return make


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    execution_context_class=FlatObjectExecutor,
    extensions=[
        HttpFacts,  # the operation and its error code for the request's log line; no introspection in production
        ErrorCodes,  # before MaskErrors, so it sees errors after MaskErrors has run
        partial(MaskErrors, should_mask_error=should_mask, error_message=MASKED_MESSAGE),
        _with_stable_rules(partial(QueryDepthLimiter, max_depth=limits.MAX_DEPTH)),
        _with_stable_rules(partial(MaxAliasesLimiter, max_alias_count=limits.MAX_ALIASES)),
        partial(MaxTokensLimiter, max_token_count=limits.MAX_TOKENS),
        # Clients send the same few documents again and again: parse and validate each once.
        DocumentCache,
        partial(ValidationCache, maxsize=256),
        OneOperation,  # after ValidationCache, whose errors it adds to
        CsrfForMutations,  # a cookie-authenticated mutation needs the page's CSRF token
        CostBudget,  # last: priced with the variables once the document is valid, before anything runs
    ],
)


class _Router(GraphQLOverHttp):
    """GraphQLRouter whose GraphiQL page is the one given (assets served by the app), not strawberry's CDN page."""

    def __init__(self, ide_html: str | None, **options: Any) -> None:
        super().__init__(schema, context_getter=context, graphql_ide="graphiql", **options)
        self._ide_html = ide_html

    @property
    def graphql_ide_html(self) -> str:
        return self._ide_html or super().graphql_ide_html


def graphql_router(ide_html: str | None = None) -> GraphQLRouter:
    """The API at /graphql; a browser asking for HTML gets GraphiQL (`ide_html`, the web layer's offline page)."""
    return _Router(ide_html)
