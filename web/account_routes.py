"""Account pages: sign up, sign in, sign out (POST only) and the account page (display name, personal access
tokens). Every form carries the CSRF token; a wrong password and an unknown email get the same answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts.csrf import require_csrf
from app.accounts.passwords import MIN_LENGTH
from app.accounts.sessions import end_session, start_session
from app.accounts.throttle import AccountThrottle
from app.accounts.tokens import create_token, list_tokens, revoke_token
from app.accounts.users import AccountError, User, authenticate, create_user, normal_email, set_display_name
from app.accounts.viewer import auth_of, viewer_of
from app.graph import Graph
from web.pages import render

router = APIRouter(include_in_schema=False)
WRONG = "That email and password do not match an account."
NO_STORE = {"Cache-Control": "no-store"}  # pages with secrets or personal data stay out of caches

Text = Annotated[str, Form()]  # a missing field arrives as "" and gets the form's own message, not a 422


def _graph(request: Request) -> Graph:
    graph: Graph = request.app.state.graph
    return graph


def _throttle(request: Request) -> AccountThrottle:
    throttle: AccountThrottle | None = getattr(request.app.state, "account_throttle", None)
    if throttle is None:
        throttle = request.app.state.account_throttle = AccountThrottle(request.app.state.settings)
    return throttle


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _too_many(template: str, what: str, wait: int, **values: object) -> Response:
    """429 with Retry-After, the form filled in again and the wait in words."""
    minutes = max(1, round(wait / 60))
    limited = _page(template, 429, error=f"Too many {what}. Try again in about {minutes} minute(s).", **values)
    limited.headers["Retry-After"] = str(wait)
    return limited


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (no '//host' or 'https://' open redirect). Spaces
    and control characters are refused too: browsers drop a tab or newline from a URL, so '/<TAB>/host' would be
    '//host' to one that received it unencoded."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not any(c.isspace() or not c.isprintable() for c in target)):
        return target
    return "/account"


def _page(template: str, status_code: int = 200, **values: object) -> HTMLResponse:
    response = render(template, status_code=status_code, min_length=MIN_LENGTH, **values)
    response.headers.update(NO_STORE)
    return response


def refused_page(request: Request, exc: Exception) -> Response:
    """A form sent without this browser's CSRF token: said in words (403)."""
    return _page("refused.html", 403, message=str(getattr(exc, "detail", exc)))


# --- sign up ------------------------------------------------------------------------------------


@router.get("/signup")
async def signup_form(request: Request) -> Response:
    return _page("signup.html", next=request.query_params.get("next", ""))


@router.post("/signup")
async def signup(
    request: Request, email: Text = "", display_name: Text = "", password: Text = "", confirm: Text = "",
    next: Text = "",
) -> Response:
    await require_csrf(request)
    if (wait := _throttle(request).sign_up(_address(request))) is not None:
        return _too_many("signup.html", "sign-ups from your address", wait, email=email, display_name=display_name,
                         next=next)
    error = "The two passwords differ." if password != confirm else None
    if error is None:
        try:
            user = await create_user(_graph(request), email, password, display_name=display_name)
        except AccountError as e:  # WeakPassword and EmailTaken too: each says what to change
            error = str(e)
    if error is not None:
        return _page("signup.html", 400, error=error, email=email, display_name=display_name, next=next)
    response = RedirectResponse(safe_next(next), status_code=303)
    await start_session(request, response, user)
    return response


# --- sign in and out ----------------------------------------------------------------------------


@router.get("/signin")
async def signin_form(request: Request) -> Response:
    return _page("signin.html", next=request.query_params.get("next", ""))


def _account_key(email: str) -> str:
    try:
        return normal_email(email)
    except AccountError:
        return email.strip().lower()[:320]


@router.post("/signin")
async def signin(request: Request, email: Text = "", password: Text = "", next: Text = "") -> Response:
    await require_csrf(request)
    throttle, account, address = _throttle(request), _account_key(email), _address(request)
    if (wait := throttle.retry_after(account, address)) is not None:
        return _too_many("signin.html", "failed sign-ins", wait, email=email, next=next)
    user = await authenticate(_graph(request), email, password)
    if user is None:
        throttle.failed(account, address)
        return _page("signin.html", 400, error=WRONG, email=email, next=next)
    throttle.succeeded(account)
    response = RedirectResponse(safe_next(next), status_code=303)
    await start_session(request, response, user)
    return response


@router.post("/signout")
async def signout(request: Request) -> Response:
    await require_csrf(request)
    response = RedirectResponse("/", status_code=303)
    await end_session(request, response)
    return response


# --- the account page ---------------------------------------------------------------------------


async def _session_user(request: Request) -> User | None:
    """The viewer when signed in with a session cookie: the account page is for browsers, not API tokens."""
    viewer = await viewer_of(request)
    return viewer if viewer is not None and auth_of(request) == "session" else None


def _to_signin() -> Response:
    return RedirectResponse("/signin?next=/account", status_code=303)


async def _account_page(request: Request, user: User, status_code: int = 200, **values: object) -> Response:
    tokens = await list_tokens(_graph(request), user)
    return _page("account.html", status_code, user=user, tokens=tokens, **values)


@router.get("/account")
async def account(request: Request) -> Response:
    user = await _session_user(request)
    return await _account_page(request, user) if user else _to_signin()


@router.post("/account/name")
async def rename(request: Request, display_name: Text = "") -> Response:
    await require_csrf(request)
    user = await _session_user(request)
    if user is None:
        return _to_signin()
    try:
        user = await set_display_name(_graph(request), user, display_name)
    except AccountError as e:
        return await _account_page(request, user, 400, name_error=str(e))
    return await _account_page(request, user, notice="Display name saved.")


@router.post("/account/tokens")
async def new_token(request: Request, name: Text = "") -> Response:
    """The new token's secret is in this response only (never in an address or a redirect)."""
    await require_csrf(request)
    user = await _session_user(request)
    if user is None:
        return _to_signin()
    try:
        token, secret = await create_token(_graph(request), user, name)
    except AccountError as e:
        return await _account_page(request, user, 400, token_error=str(e))
    return await _account_page(request, user, created=token, secret=secret)


@router.post("/account/tokens/{token_id}/revoke")
async def revoke(request: Request, token_id: str) -> Response:
    await require_csrf(request)
    user = await _session_user(request)
    if user is None:
        return _to_signin()
    if not await revoke_token(_graph(request), user, token_id):
        return await _account_page(request, user, 404, token_error="There is no such token of yours to revoke.")
    return await _account_page(request, user, notice="Token revoked: clients using it are refused from now on.")

