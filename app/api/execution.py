"""A faster way through trees of objects whose selected fields are all plain attributes.

The API's big answers are long lists of plain objects: the nodes and edges of a graph slice, the paths with their
people and papers. graphql-core completes every field of every item on its own (resolve info, resolver call,
awaitable checks, leaf coercion), which cost more than the database for large answers. For an object whose
selection holds only fields without resolvers or arguments (scalars, enums, and objects or lists of objects that
are plain in turn), this executor reads the attributes and coerces them in one recursive pass. Anything unusual
(a null in a non-null field, a value a scalar refuses, deferred fragments, field middleware, a type check) goes
the ordinary way, so answers and errors are the same as graphql-core's, only the speed differs.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, Undefined, is_leaf_type
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

# How to complete one value: ("leaf", scalar or enum type) | ("object", Plan) | ("list", item non-null, item Shape)
Shape = tuple[Any, ...]
# Per selected field: (response name, attribute name, non-null, shape)
Plan = tuple[tuple[str, str, bool, Shape], ...]
_BACKREF = "strawberry-definition"


class _Fallback(Exception):
    """Something the plain pass does not handle: the ordinary way completes (or fails) this value instead."""


_FALLBACK = _Fallback()


def _plain_attribute(source: Any, info: Any) -> Any:
    return getattr(source, info.field_name)


class FlatObjectExecutor(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[str, int], Plan | None] = {}

    def _plan_for(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> Plan | None:
        key = (parent_type.name, id(grouped_field_set))
        if key not in self._plans:
            self._plans[key] = None  # while planning: a type reached again through itself goes the ordinary way
            self._plans[key] = self._plan(parent_type, grouped_field_set)
        return self._plans[key]

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> Plan | None:
        manager = self.middleware_manager
        if manager is not None and manager.get_field_resolver(_plain_attribute) is not _plain_attribute:
            return None  # a field middleware wants to see every field
        fields = []
        for response_name, field_details_list in grouped_field_set.items():
            node = field_details_list[0].node
            field_def = parent_type.fields.get(node.name.value)
            if field_def is None or field_def.args or node.arguments:
                return None  # __typename and friends, or a field with arguments
            definition = (field_def.extensions or {}).get(_BACKREF)
            if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
                return None
            if not getattr(field_def.resolve, "_is_default", False):
                return None
            non_null, shape = self._shape(field_def.type, field_details_list)
            if shape is None:
                return None
            fields.append((response_name, definition.python_name, non_null, shape))
        return tuple(fields)

    def _shape(self, output_type: Any, field_details_list: Any) -> tuple[bool, Shape | None]:
        non_null = isinstance(output_type, GraphQLNonNull)
        inner = output_type.of_type if non_null else output_type
        if is_leaf_type(inner):
            return non_null, ("leaf", inner)
        if isinstance(inner, GraphQLList):
            item_non_null, item = self._shape(inner.of_type, field_details_list)
            return non_null, None if item is None else ("list", item_non_null, item)
        if isinstance(inner, GraphQLObjectType) and inner.is_type_of is None:
            grouped_field_set, new_defer_usages, _ = self.collect_subfields(inner, field_details_list)
            plan = None if new_defer_usages else self._plan_for(inner, grouped_field_set)
            return non_null, None if plan is None else ("object", plan)
        return non_null, None  # interfaces, unions

    def complete_iterable_value(self, item_type: Any, field_details_list: Any, info: Any, path: Any, items: Any,
                                *rest: Any) -> Any:
        """A list of plain objects (the nodes and edges of a slice) completed in one pass, not item by item."""
        if isinstance(items, list) and self.get_stream_usage(field_details_list, path) is None:
            _, shape = self._shape(GraphQLList(item_type), field_details_list)
            if shape is not None:
                try:
                    return _complete(shape, items)
                except _Fallback:
                    pass
        return super().complete_iterable_value(item_type, field_details_list, info, path, items, *rest)

    def execute_collected_subfields(self, parent_type: GraphQLObjectType, source_value: Any, path: Any,
                                    grouped_field_set: Any, new_defer_usages: Any, *rest: Any) -> Any:
        if not new_defer_usages and not any(rest):
            plan = self._plan_for(parent_type, grouped_field_set)
            if plan is not None:
                try:
                    return _complete_object(plan, source_value)
                except _Fallback:
                    pass
        return super().execute_collected_subfields(parent_type, source_value, path, grouped_field_set,
                                                   new_defer_usages, *rest)


def _complete_object(plan: Plan, source: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for response_name, attribute, non_null, shape in plan:
        try:
            value = getattr(source, attribute)
        except Exception:  # noqa: BLE001 - the ordinary way raises it where graphql-core would
            raise _FALLBACK from None
        if value is None:
            if non_null:
                raise _FALLBACK
            result[response_name] = None
        else:
            result[response_name] = _complete(shape, value)
    return result


def _complete(shape: Shape, value: Any) -> Any:
    """A non-null value completed to its answer, or _Fallback for anything the ordinary way must see."""
    kind = shape[0]
    if kind == "leaf":
        try:
            coerced = shape[1].coerce_output_value(value)
        except Exception:  # noqa: BLE001 - a value the scalar refuses: the ordinary way reports it
            raise _FALLBACK from None
        if coerced is None or coerced is Undefined:
            raise _FALLBACK
        return coerced
    if kind == "object":
        if callable(getattr(value, "__await__", None)):
            raise _FALLBACK
        return _complete_object(shape[1], value)
    if not isinstance(value, list):
        raise _FALLBACK
    _, item_non_null, item = shape
    completed: list[Any] = []
    for v in value:
        if v is None:
            if item_non_null:
                raise _FALLBACK
            completed.append(None)
        else:
            completed.append(_complete(item, v))
    return completed
