"""What a request costs before it runs: each field priced from its arguments, the sum held to a budget.

The per-field limits (`first`, `depth * limit`, `k`, `maxHops`) bound one field; aliases repeat a field and
nesting multiplies it, so fifteen aliases of the widest neighbourhood stayed inside every limit and still kept
the engine busy for seconds. A field's cost is the database work it asks for (`own`, in rows, roughly) plus,
for each of the items it returns (`items`), the cost of what is selected under it:

    cost(field) = own + items * cost(selection under it)

Arguments are taken at most at their limits: an argument over its limit gets its own error from the field.
Fragments and `@skip`/`@include` are counted as if every field they hold were selected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
    is_list_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from graphql.type.definition import get_nullable_type
from strawberry.extensions import SchemaExtension

from app.api import limits
from app.api.errors import LimitExceeded

# A list with no argument bounding it (a paper's authors, a researcher's topics, a hop's joint papers) is
# priced as if it held this many items; most hold fewer.
LIST_ESTIMATE = 10
# Units per hop and path of collaborationPaths: each hop of each path is a breadth-first level over
# co-authorships; on the CV/ML graph the widest search (k 10, maxHops 8, a year window) took about as long
# as a neighbourhood of this many units per hop and path.
PATH_HOP = 10
# suggestedCollaborators scores its candidates among this many people sharing co-authors (collaborators.py).
SUGGESTION_POOL = 500


@dataclass(frozen=True, slots=True)
class Price:
    own: int  # database work of the field itself, for one parent
    items: int = 1  # how many times the selection under the field is evaluated


Pricer = Callable[[Mapping[str, Any]], Price]


def _int(args: Mapping[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = args.get(name)
    return min(max(default if value is None else int(value), low), high)


def _page(args: Mapping[str, Any]) -> int:
    return _int(args, "first", 10, 0, limits.MAX_PAGE)


def _neighbourhood(args: Mapping[str, Any]) -> Price:
    depth = _int(args, "depth", 1, 1, limits.MAX_NEIGHBOURHOOD)
    limit = _int(args, "limit", 100, 1, limits.MAX_NEIGHBOURHOOD)
    walked = min(depth * limit, limits.MAX_NEIGHBOURHOOD)
    # Each kind beyond researchers is one more query over the kept people (at most `limit`) or their papers.
    kinds = {str(getattr(k, "value", k)) for k in args.get("kinds") or ()} - {"RESEARCHER"}
    return Price(walked + min(limit, limits.MAX_NEIGHBOURHOOD) * len(kinds))


def _paths(args: Mapping[str, Any]) -> Price:
    k = _int(args, "k", 1, 1, limits.MAX_PATHS)
    hops = _int(args, "maxHops", 6, 1, limits.MAX_HOPS)
    return Price(k * hops * PATH_HOP, items=k)


def _fixed(own: int, items: int = 1) -> Pricer:
    price = Price(own, items)
    return lambda _args: price


def _paged(extra: int = 0) -> Pricer:
    return lambda args: Price(extra + _page(args), items=_page(args))


# (type, field) as the schema names them. Fields not listed cost nothing of their own: they read what their
# parent fetched. A list of objects not listed counts LIST_ESTIMATE items.
PRICES: dict[tuple[str, str], Pricer] = {
    ("Query", "researcher"): _fixed(1),
    ("Query", "paper"): _fixed(1),
    ("Query", "database"): _fixed(1),
    ("Query", "me"): _fixed(0),  # the viewer was looked up with the request, before the operation
    ("Query", "searchResearchers"): _paged(extra=1),
    ("Query", "neighbourhood"): _neighbourhood,
    ("Query", "collaborationPaths"): _paths,
    ("Query", "closeCollaborators"): _paged(extra=5 * LIST_ESTIMATE),  # scores every co-author first
    ("Query", "commonCollaborators"): _paged(extra=1),
    ("Query", "suggestedCollaborators"): _paged(extra=SUGGESTION_POOL // 5),
    ("Researcher", "papers"): _paged(extra=1),
    ("Researcher", "topics"): _fixed(1, LIST_ESTIMATE),
    ("Researcher", "institutions"): _fixed(1, LIST_ESTIMATE),
    ("Researcher", "coauthorCount"): _fixed(1),
    ("Researcher", "followerCount"): _fixed(1),
    ("Researcher", "viewerFollows"): _fixed(1),
    ("User", "following"): _paged(extra=1),
    ("Mutation", "followResearcher"): _fixed(2),  # the researcher read, then one write
    ("Mutation", "unfollowResearcher"): _fixed(2),
    # The trust snapshot reads the researcher's papers and the links among their closest 50 co-authors.
    ("Researcher", "trust"): _fixed(2 * LIST_ESTIMATE),
    ("Researcher", "claimStatus"): _fixed(1),
    ("Researcher", "openToCollaborate"): _fixed(1),
    ("Researcher", "collaborationTopics"): _fixed(1),
    ("User", "claims"): _fixed(1, LIST_ESTIMATE),
    ("Query", "pendingClaims"): _paged(extra=1),
    ("Claim", "researcher"): _fixed(1),
    ("Mutation", "claimResearcher"): _fixed(3),  # the researcher read, one write, the claim read back
    ("Mutation", "releaseClaim"): _fixed(2),
    ("Mutation", "decideClaim"): _fixed(3),
    ("Mutation", "setOpenToCollaborate"): _fixed(3),
    ("Paper", "authors"): _fixed(1, LIST_ESTIMATE),
    ("Paper", "topics"): _fixed(1, LIST_ESTIMATE),
    ("Paper", "citedBy"): _paged(extra=1),
    ("Paper", "references"): _paged(extra=1),
    # Lists inside an answer already fetched: their length is known from the arguments above them.
    ("ResearcherConnection", "edges"): _fixed(0),
    ("PaperConnection", "edges"): _fixed(0),
    ("CollaborationPath", "researchers"): _fixed(0, limits.MAX_HOPS + 1),
    ("CollaborationPath", "hops"): _fixed(0, limits.MAX_HOPS),
}


class _Pricing:
    """One operation priced with its variables; each fragment priced once however often it is spread."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: VariableValues) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self._fragment_costs: dict[str, int] = {}

    def selection(self, parent: GraphQLObjectType, selection_set: SelectionSetNode | None) -> int:
        if selection_set is None:
            return 0
        return sum(self._selected(parent, s) for s in selection_set.selections)

    def _selected(self, parent: GraphQLObjectType, node: Any) -> int:
        if isinstance(node, FieldNode):
            return self._field(parent, node)
        if isinstance(node, InlineFragmentNode):
            condition = node.type_condition
            target = self.schema.get_type(condition.name.value) if condition else parent
            return self.selection(target, node.selection_set) if isinstance(target, GraphQLObjectType) else 0
        if isinstance(node, FragmentSpreadNode):
            return self._fragment(node.name.value)
        return 0

    def _fragment(self, name: str) -> int:
        if name not in self._fragment_costs:
            self._fragment_costs[name] = 0  # a cycle (refused by validation anyway) adds nothing
            fragment = self.fragments.get(name)
            target = self.schema.get_type(fragment.type_condition.name.value) if fragment else None
            if isinstance(target, GraphQLObjectType):
                self._fragment_costs[name] = self.selection(target, fragment.selection_set)  # type: ignore[union-attr]
        return self._fragment_costs[name]

    def _field(self, parent: GraphQLObjectType, node: FieldNode) -> int:
        pricer = PRICES.get((parent.name, node.name.value))
        if pricer is None and node.selection_set is None:  # a scalar its parent fetched: most fields
            return 0
        definition = parent.fields.get(node.name.value)
        if definition is None:  # introspection: no database work
            return 0
        child = get_named_type(definition.type)
        below = self.selection(child, node.selection_set) if isinstance(child, GraphQLObjectType) else 0
        if pricer is None:
            listed = is_list_type(get_nullable_type(definition.type))
            return (LIST_ESTIMATE if listed else 1) * below
        try:
            args = get_argument_values(definition, node, self.variables)
        except GraphQLError:  # a bad argument: the field reports it when it runs
            args = {}
        price = pricer(args)
        return price.own + price.items * below


def request_cost(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
                 variables: Mapping[str, Any] | None) -> int | None:
    """The cost of the operation that would run, or None when it cannot run (its variables are wrong, say):
    execution then reports why."""
    operation = get_operation_ast(document, operation_name)
    if not isinstance(operation, OperationDefinitionNode):
        return None
    coerced = get_variable_values(schema, operation.variable_definitions or (), dict(variables or {}))
    if isinstance(coerced, list):
        return None
    root = schema.get_root_type(operation.operation)
    if root is None:
        return None
    return _Pricing(schema, document, coerced).selection(root, operation.selection_set)


def over_budget(cost: int) -> LimitExceeded:
    return LimitExceeded(
        f"This request would cost {cost:,} units; the budget is {limits.MAX_COST:,} per request. "
        "Ask for fewer or smaller fields (aliases, first, depth * limit, k * maxHops); docs/api.md lists the costs.",
        cost=cost,
        budget=limits.MAX_COST,
    )


class CostBudget(SchemaExtension):
    """Refuses an operation over the budget before any resolver runs, with the cost and the budget."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.result is None:
            cost = request_cost(context.schema._schema, context.graphql_document, context.operation_name,
                                context.variables)
            if cost is not None and cost > limits.MAX_COST:
                # A result set before execution is the one Strawberry returns: nothing runs.
                context.result = ExecutionResult(data=None, errors=[over_budget(cost)])
        yield
