"""The HTTP request being served: its id (for log lines and masked errors) and what the GraphQL layer learnt
of it (operation name, error code) for the request's log line and metrics. Set by app.http_guard's middleware."""

from __future__ import annotations

from contextvars import ContextVar, Token
from dataclasses import dataclass


@dataclass(slots=True)
class RequestFacts:
    """Filled in while the request runs; read by the middleware once it has answered."""

    request_id: str
    operation: str | None = None
    error_code: str | None = None


_current: ContextVar[RequestFacts | None] = ContextVar("collab_request", default=None)


def current_request_id() -> str | None:
    """The id of the request this code runs for, or None outside a request (CLI, loaders, tests)."""
    facts = _current.get()
    return facts.request_id if facts else None


def current_facts() -> RequestFacts | None:
    return _current.get()


def begin_request(request_id: str) -> tuple[RequestFacts, Token[RequestFacts | None]]:
    """Make a new request current; the token goes back to `end_request`."""
    facts = RequestFacts(request_id)
    return facts, _current.set(facts)


def end_request(token: Token[RequestFacts | None]) -> None:
    _current.reset(token)
