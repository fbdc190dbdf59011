"""The errors the API means to show its clients, each with a code in `extensions`; everything else is masked."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from app.graph import QueryTimeout
from app.request_context import current_request_id

BAD_USER_INPUT = "BAD_USER_INPUT"
LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
QUERY_TIMEOUT = "QUERY_TIMEOUT"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"

MASKED_MESSAGE = "Internal server error."


class ApiError(GraphQLError):
    """A deliberate error: its message and code reach the client unmasked."""

    code = BAD_USER_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": self.code})


class BadInput(ApiError):
    """An argument the API cannot use: malformed, out of range, or contradicting another."""

    code = BAD_USER_INPUT


class LimitExceeded(ApiError):
    """An argument over one of the API's limits; raised before any query runs."""

    code = LIMIT_EXCEEDED

    def __init__(self, message: str, **figures: int) -> None:
        super().__init__(message)
        self.extensions = {"code": self.code, **figures}


class Unauthenticated(ApiError):
    """No session or token, or one that has ended."""

    code = UNAUTHENTICATED


class Forbidden(ApiError):
    """Signed in, but not allowed this: someone else's profile, an admin's mutation, a missing CSRF token."""

    code = FORBIDDEN


class OperationNotChosen(ApiError):
    """A document of several operations came without `operationName`."""

    code = GRAPHQL_VALIDATION_FAILED


def should_mask(error: GraphQLError) -> bool:
    """Mask what came from inside a resolver unless it is an ApiError or a timeout; keep parse, validation and
    variable errors."""
    original = error.original_error
    if original is None or isinstance(original, ApiError | QueryTimeout):
        return False
    # graphql-core's own complaint about the request (a variable of the wrong type) comes without a path;
    # anything raised while fields ran has one.
    return not (isinstance(original, GraphQLError) and error.path is None)


def timed_out(error: GraphQLError, timeout: QueryTimeout) -> None:
    """Say which limit stopped the query, not which statement or engine message: that stays in the log."""
    error.message = (
        f"The query ran past the time limit of {timeout.limit_ms} ms and was stopped; "
        "ask for less (a smaller depth, limit, first, k or maxHops)."
    )
    error.extensions = {"code": QUERY_TIMEOUT, "timeoutMs": timeout.limit_ms}


# Strawberry's limiters report plain validation errors; these fragments of their messages mark them.
_LIMIT_MESSAGES = ("exceeds maximum operation depth", "aliases found. Allowed", "Document contains more than")


def _code_for(error: GraphQLError) -> str:
    if error.message == MASKED_MESSAGE and error.original_error is None:
        return INTERNAL_SERVER_ERROR
    if error.original_error is None and any(m in error.message for m in _LIMIT_MESSAGES):
        return LIMIT_EXCEEDED
    if error.message.startswith("Syntax Error"):
        return GRAPHQL_PARSE_FAILED
    return GRAPHQL_VALIDATION_FAILED


class ErrorCodes(SchemaExtension):
    """Give every error that lacks one a code, so clients can branch on `extensions.code` alone.

    List it before MaskErrors: extensions leave an operation in reverse order, so this runs after masking.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            if isinstance(error.original_error, QueryTimeout):
                timed_out(error, error.original_error)
            elif not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": _code_for(error)}
            request_id = current_request_id()
            if error.extensions["code"] == INTERNAL_SERVER_ERROR and request_id is not None:
                # The same id is on the request's log line, so an operator can find what was masked.
                error.extensions = {**error.extensions, "requestId": request_id}
