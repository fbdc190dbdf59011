"""What the HTTP layer asks of GraphQL execution: the operation's name and error code for the request's log
line and metrics, and no introspection where the app's settings forbid it (production)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension

from app.request_context import current_facts


def _introspection_allowed(context: Any) -> bool:
    request = context.get("request") if isinstance(context, dict) else getattr(context, "request", None)
    settings = getattr(getattr(getattr(request, "app", None), "state", None), "settings", None)
    return settings is None or not settings.production


class HttpFacts(SchemaExtension):
    """Refuse introspection in production; note the operation and its first error code for the request.

    List it first among the schema's extensions: extensions leave an operation in reverse order, so this one
    sees the codes that ErrorCodes gives.
    """

    def on_operation(self) -> Iterator[None]:
        if not _introspection_allowed(self.execution_context.context):
            # graphql-core's own rule, added as AddValidationRules would: the validation cache keys on it.
            ctx = self.execution_context
            ctx.validation_rules = (*ctx.validation_rules, NoSchemaIntrospectionCustomRule)
        yield
        facts = current_facts()
        if facts is None:
            return
        ctx = self.execution_context
        if facts.operation is None:
            try:
                facts.operation = ctx.operation_name
            except Exception:  # noqa: BLE001 - a document that did not parse has no operations to name
                facts.operation = None
        for error in getattr(ctx.result, "errors", None) or ():
            code = (error.extensions or {}).get("code")
            if code and facts.error_code is None:
                facts.error_code = str(code)
