"""GraphQL over HTTP at /graphql: status codes and media types as the GraphQL-over-HTTP specification says.

A client that accepts `application/graphql-response+json` (and prefers it to `application/json`) gets that
media type back, and a request that never reached execution (it did not parse, did not validate, named no
operation to run, had variables of the wrong type, or was over the cost budget) gets 400 with its errors and
no `data`. A client of plain `application/json` gets 200 for every GraphQL request, as before. Either way, a
request that is not GraphQL at all (no query, a body that is not JSON) gets 400 with a JSON error whose code
is the status's name (BAD_REQUEST; NOT_FOUND for GraphiQL where it is off, METHOD_NOT_ALLOWED).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from cross_web import HTTPException
from fastapi import Request, Response
from fastapi.responses import JSONResponse
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from app.api.errors import INTERNAL_SERVER_ERROR

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def _quality(accept: str, media_type: str) -> float:
    """The weight `accept` gives `media_type` itself (wildcards do not count: they choose the legacy type)."""
    for item in accept.split(","):
        name, *params = (part.strip() for part in item.split(";"))
        if name.lower() == media_type:
            for param in params:
                key, _, value = param.partition("=")
                if key.strip().lower() == "q":
                    try:
                        return float(value)
                    except ValueError:
                        return 0.0
            return 1.0
    return 0.0


def wants_graphql_response(request: Request) -> bool:
    """True when the client accepts application/graphql-response+json at least as much as application/json."""
    accept = request.headers.get("accept", "")
    preferred = _quality(accept, GRAPHQL_RESPONSE)
    return preferred > 0 and preferred >= _quality(accept, JSON)


def request_error_status(result: ExecutionResult) -> int | None:
    """400 when the operation never ran (errors without a path and no data), 500 when that was our fault; None
    when it ran, whatever its field errors."""
    errors = result.errors or []
    if result.data is not None or not errors or any(e.path for e in errors):
        return None
    internal = any((e.extensions or {}).get("code") == INTERNAL_SERVER_ERROR for e in errors)
    return 500 if internal else 400


class GraphQLOverHttp(GraphQLRouter):
    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        if wants_graphql_response(request) and (status := request_error_status(result)) is not None:
            response.pop("data", None)  # a request error has no `data` entry at all
            request.state.graphql_status = status
        return response

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        if not isinstance(request, Request):  # a WebSocket: nothing to negotiate
            return await super().run(request, context, root_value)
        modern = wants_graphql_response(request)
        try:
            response = await super().run(request, context, root_value)
        except HTTPException as e:  # not a GraphQL request: say why in the shape clients parse
            body = {"errors": [{"message": e.reason, "extensions": {"code": HTTPStatus(e.status_code).name}}]}
            response = JSONResponse(body, status_code=e.status_code)
        if modern and isinstance(response, Response) and response.media_type == JSON:
            response.status_code = getattr(request.state, "graphql_status", response.status_code)
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        return response
