"""The GraphQL API called in-process, so server-rendered pages read exactly what the browser's fetch() reads."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from app.api.context import context
from app.api.schema import schema


class ApiError(RuntimeError):
    """The API answered with errors; the page shows them instead of half a page."""

    def __init__(self, message: str, codes: set[str], fields: list[str]) -> None:
        super().__init__(message)
        self.codes = codes  # the `extensions.code` of each error (QUERY_TIMEOUT, BAD_USER_INPUT, ...)
        self.fields = fields  # where each error arose ("researcher.papers"), for the log

    @property
    def timed_out(self) -> bool:
        return "QUERY_TIMEOUT" in self.codes


async def ask(request: Request, document: str, **variables: Any) -> dict[str, Any]:
    """Run one GraphQL document with a fresh per-request context (its own DataLoaders)."""
    result = await schema.execute(document, variable_values=variables, context_value=await context(request))
    if result.errors:
        raise ApiError("; ".join(e.message for e in result.errors),
                       {str((e.extensions or {}).get("code")) for e in result.errors},
                       [".".join(str(p) for p in e.path or []) for e in result.errors])
    return result.data or {}
