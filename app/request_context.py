"""The id of the HTTP request being served, for log lines and masked errors; set by the request middleware."""

from __future__ import annotations

from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("collab_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request this code runs for, or None outside a request (CLI, loaders, tests)."""
    return _request_id.get()


def set_request_id(request_id: str | None) -> object:
    """Make `request_id` current; returns the token that `reset_request_id` takes to put back the previous one."""
    return _request_id.set(request_id)


def reset_request_id(token: object) -> None:
    _request_id.reset(token)  # type: ignore[arg-type]
