"""Who may run a field: the viewer the GraphQL context holds, and the errors when there is none or not an admin."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import Info
from strawberry.types.graphql import OperationType

from app.accounts.csrf import CSRF_HEADER, csrf_ok
from app.accounts.users import User
from app.api.errors import FORBIDDEN, Forbidden, Unauthenticated

SIGN_IN = "Sign in first: send a session cookie or an `Authorization: Bearer` personal access token."
UNCHECKED = "Your session or token could not be checked: the database did not answer. Try again."
CSRF_MISSING = ("A mutation sent with a session cookie needs the page's CSRF token in the X-CSRF-Token header "
                "(<meta name=\"csrf-token\">); API clients use a personal access token instead.")


def viewer_or_none(info: Info) -> User | None:
    viewer: User | None = info.context.get("viewer")
    return viewer


def require_viewer(info: Info) -> User:
    """The signed-in user; UNAUTHENTICATED otherwise."""
    viewer = viewer_or_none(info)
    if viewer is None and info.context.get("viewer_unavailable"):
        raise Unauthenticated(UNCHECKED)
    if viewer is None:
        raise Unauthenticated(SIGN_IN)
    return viewer


def require_admin(info: Info) -> User:
    """A signed-in admin; UNAUTHENTICATED when signed out, FORBIDDEN for other users."""
    viewer = require_viewer(info)
    if not viewer.is_admin:
        raise Forbidden("Only an administrator may do this.")
    return viewer


class CsrfForMutations(SchemaExtension):
    """A mutation authenticated by the session cookie runs only with the page's CSRF token (header, or a form
    the web layer checked before calling the API in process): a cookie rides along on another site's requests,
    a header and a token do not. Bearer tokens are never sent by a browser on its own, so they need none."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        ctx = context.context if isinstance(context.context, dict) else {}
        if context.operation_type == OperationType.MUTATION and ctx.get("auth") == "session":
            request = ctx["request"]
            checked = getattr(request.state, "csrf_checked", False)
            if not checked and not csrf_ok(request, request.headers.get(CSRF_HEADER)):
                error = GraphQLError(CSRF_MISSING, extensions={"code": FORBIDDEN})
                context.result = GraphQLExecutionResult(data=None, errors=[error])
        yield
