"""Which operation of a document runs: the one `operationName` names, or the only one there is.

Strawberry falls back to a document's first operation when no name is given, so two operations without a
name ran the first; GraphQL says that is a request error.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from app.api.errors import OperationNotChosen


class OneOperation(SchemaExtension):
    """Adds a validation error when a document of several operations names none to run.

    List it after ValidationCache: extensions enter a hook in their order, and the cache sets the validation
    errors this one adds to.
    """

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        # The name the client sent; `operation_name` would answer with the first operation's name instead.
        named = getattr(context, "_provided_operation_name", None)
        if document is not None and named is None and not context.pre_execution_errors:
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            if len(operations) > 1:
                names = ", ".join(o.name.value if o.name else "(anonymous)" for o in operations)
                error = OperationNotChosen(
                    f"The document holds {len(operations)} operations ({names}); "
                    "say which one to run with `operationName`."
                )
                context.pre_execution_errors = [*(context.pre_execution_errors or []), error]
        yield
