"""A faster way through objects whose selected fields are all plain attributes holding scalars or enums.

The API's big answers are long lists of such objects: the nodes and edges of a graph slice, the people and papers
of a path. graphql-core completes every field of every item on its own (resolve info, resolver call, awaitable
checks, leaf coercion), which cost more than the database for large slices. For an object whose selection holds
only leaf fields without resolvers or arguments, this executor reads the attributes and coerces them in one loop.
Anything unusual (a null in a non-null field, a value a scalar refuses, deferred fragments, field middleware)
goes the ordinary way, so answers and errors are the same as graphql-core's, only the speed differs.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLNonNull, GraphQLObjectType, Undefined, is_leaf_type
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

# (response name, attribute name, leaf type, non-null) per selected field
FlatFields = tuple[tuple[str, str, Any, bool], ...]
_BACKREF = "strawberry-definition"


def _plain_attribute(source: Any, info: Any) -> Any:
    return getattr(source, info.field_name)


class FlatObjectExecutor(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._flat: dict[tuple[str, int], FlatFields | None] = {}

    def _flat_fields(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> FlatFields | None:
        key = (parent_type.name, id(grouped_field_set))
        if key in self._flat:
            return self._flat[key]
        plan: FlatFields | None = self._plan(parent_type, grouped_field_set)
        self._flat[key] = plan
        return plan

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> FlatFields | None:
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
            leaf, non_null = field_def.type, False
            if isinstance(leaf, GraphQLNonNull):
                leaf, non_null = leaf.of_type, True
            if not is_leaf_type(leaf):
                return None
            fields.append((response_name, definition.python_name, leaf, non_null))
        return tuple(fields)

    def complete_iterable_value(self, item_type: Any, field_details_list: Any, info: Any, path: Any, items: Any,
                                *rest: Any) -> Any:
        """A list of flat objects (the nodes and edges of a slice) completed in one loop, not item by item."""
        completed = self._complete_flat_list(item_type, field_details_list, path, items)
        if completed is not None:
            return completed
        return super().complete_iterable_value(item_type, field_details_list, info, path, items, *rest)

    def _complete_flat_list(self, item_type: Any, field_details_list: Any, path: Any, items: Any) -> list[Any] | None:
        object_type = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if not isinstance(object_type, GraphQLObjectType) or object_type.is_type_of is not None:
            return None
        if not isinstance(items, list) or self.get_stream_usage(field_details_list, path) is not None:
            return None
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        plan = None if new_defer_usages else self._flat_fields(object_type, grouped_field_set)
        if plan is None:
            return None
        completed = []
        for item in items:
            if item is None or self.is_awaitable(item):
                return None
            answer = _complete_flat(plan, item)
            if answer is None:
                return None  # the ordinary way raises the error where graphql-core would
            completed.append(answer)
        return completed

    def execute_collected_subfields(self, parent_type: GraphQLObjectType, source_value: Any, path: Any,
                                    grouped_field_set: Any, new_defer_usages: Any, *rest: Any) -> Any:
        if not new_defer_usages and not any(rest):
            plan = self._flat_fields(parent_type, grouped_field_set)
            if plan is not None:
                completed = _complete_flat(plan, source_value)
                if completed is not None:
                    return completed
        return super().execute_collected_subfields(parent_type, source_value, path, grouped_field_set,
                                                   new_defer_usages, *rest)


def _complete_flat(plan: FlatFields, source: Any) -> dict[str, Any] | None:
    """The object's answer, or None when any field needs the ordinary path (to raise its error there)."""
    result: dict[str, Any] = {}
    try:
        for response_name, attribute, leaf, non_null in plan:
            value = getattr(source, attribute)
            if value is None:
                if non_null:
                    return None
                result[response_name] = None
                continue
            coerced = leaf.coerce_output_value(value)
            if coerced is None or coerced is Undefined:
                return None
            result[response_name] = coerced
    except Exception:  # noqa: BLE001 - whatever went wrong, the ordinary path raises it where graphql-core would
        return None
    return result
