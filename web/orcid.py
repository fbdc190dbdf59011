"""ORCID sign-in's OpenID Connect client (Authlib): the redirect to the issuer and the identity its answer proves.

The ID token is accepted only when its signature checks against the issuer's published keys (JWKS), its issuer is
the configured one (and the issuer's discovery document names that same issuer), its audience is our client id,
and its nonce is the one this browser's sign-in started with; the state and PKCE verifier live in a signed cookie
(`collab_orcid`) scoped to /signin/orcid, which only this flow reads.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx2
from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import Request
from fastapi.responses import RedirectResponse
from joserfc.errors import JoseError
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware

from app.accounts.middleware import current_request
from app.accounts.secret import signing_key
from app.settings import Settings

STATE_COOKIE = "collab_orcid"
STATE_PATH = "/signin/orcid"
STATE_MAX_AGE_S = 600  # a sign-in not finished within ten minutes starts again
HTTP_TIMEOUT_S = 10.0
_ORCID_ID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")

# What went wrong, in words for the sign-in page, by the OAuth error code the issuer or Authlib gives.
_REASONS = {
    "access_denied": "You did not allow Collab Explorer to read your ORCID iD, so you are not signed in.",
    "mismatching_state": "That sign-in link was not started in this browser or has expired. Please start again.",
}


class SignInFailed(Exception):
    """Why an ORCID sign-in did not succeed, fit to show on the sign-in page."""


@dataclass(frozen=True)
class OrcidIdentity:
    """What a verified ID token says: the person's ORCID iD and the name to show for them."""

    orcid: str
    display_name: str


def orcid_enabled() -> bool:
    """For templates: whether this server offers sign-in with ORCID (a client id is configured)."""
    request = current_request()
    return bool(request is not None and request.app.state.settings.orcid_enabled)


def state_middleware(settings: Settings) -> Middleware:
    """The signed cookie that holds an unfinished sign-in's state, nonce and PKCE verifier (Authlib keeps them in
    request.session). Its key is derived from the app's signing key, so it signs nothing else."""
    key = hmac.new(signing_key(settings), b"collab.orcid-state", hashlib.sha256).hexdigest()
    return Middleware(SessionMiddleware, secret_key=key, session_cookie=STATE_COOKIE, max_age=STATE_MAX_AGE_S,
                      path=STATE_PATH, same_site="lax", https_only=settings.production)


def issuer_origin(settings: Settings) -> str:
    """The issuer's scheme, host and port: where the browser goes to sign in (ORCID's pages live there)."""
    parts = urlsplit(settings.orcid_issuer)
    return f"{parts.scheme}://{parts.netloc}"


def orcid_client(settings: Settings) -> Any:
    """Authlib's Starlette client for the configured issuer, found through its discovery document; PKCE (S256)
    and a nonce on every sign-in."""
    oauth = OAuth()
    return oauth.register(
        "orcid", client_id=settings.orcid_client_id, client_secret=settings.orcid_client_secret.get_secret_value(),
        server_metadata_url=settings.orcid_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid", "code_challenge_method": "S256", "timeout": HTTP_TIMEOUT_S},
    )


def id_token_rules(settings: Settings) -> dict[str, Any]:
    """Claims the ID token must carry with these values (Authlib checks the audience only when told to)."""
    return {"iss": {"essential": True, "value": settings.orcid_issuer},
            "aud": {"essential": True, "value": settings.orcid_client_id}, "sub": {"essential": True}}


async def redirect_to_orcid(client: Any, settings: Settings, request: Request, redirect_uri: str) -> RedirectResponse:
    """The redirect to the issuer's authorization page (state, nonce and PKCE challenge made and kept here)."""
    await _discover(client, settings)
    try:
        response: RedirectResponse = await client.authorize_redirect(request, redirect_uri)
    except httpx2.HTTPError as e:
        raise SignInFailed("ORCID could not be reached just now. Please try again later.") from e
    return response


async def identity_from_callback(client: Any, settings: Settings, request: Request) -> OrcidIdentity:
    """The identity the issuer's answer proves: state checked, the code exchanged (with the PKCE verifier), the ID
    token verified. SignInFailed, in words, for anything else."""
    issuer = request.query_params.get("iss")  # RFC 9207: who sent this answer, where the issuer says
    if issuer is not None and issuer != settings.orcid_issuer:
        raise SignInFailed("That answer came from another issuer than ORCID, so you are not signed in.")
    await _discover(client, settings)
    try:
        token = await client.authorize_access_token(request, claims_options=id_token_rules(settings))
    except OAuthError as e:
        raise SignInFailed(_REASONS.get(e.error, "ORCID did not sign you in. Please try again.")) from e
    except JoseError as e:
        raise SignInFailed("ORCID's answer could not be verified, so you are not signed in.") from e
    except httpx2.HTTPError as e:
        raise SignInFailed("ORCID could not be reached just now. Please try again later.") from e
    claims = token.get("userinfo")
    if not claims:  # an answer without an ID token proves nothing about who signed in
        raise SignInFailed("ORCID's answer held no identity, so you are not signed in.")
    return identity_of(claims)


def identity_of(claims: dict[str, Any]) -> OrcidIdentity:
    """The ORCID iD (its check digit verified) and a display name from the names the token carries."""
    orcid = str(claims.get("sub", ""))
    if not valid_orcid(orcid):
        raise SignInFailed("ORCID's answer did not carry a valid ORCID iD, so you are not signed in.")
    given, family = claims.get("given_name") or "", claims.get("family_name") or ""
    name = " ".join(str(claims.get("name") or f"{given} {family}").split())
    return OrcidIdentity(orcid=orcid, display_name=name[:100] or orcid)


def valid_orcid(value: str) -> bool:
    """Four groups of four digits, the last character an ISO 7064 11,2 check digit (0-9 or X)."""
    if not _ORCID_ID.match(value):
        return False
    total = 0
    for digit in value.replace("-", "")[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return value[-1] == ("X" if check == 10 else str(check))


async def _discover(client: Any, settings: Settings) -> None:
    """OpenID discovery (fetched once per client): the document must name the issuer it was fetched for (else a
    mix-up is possible), and says how the token endpoint takes our secret (ORCID: in the body only)."""
    try:
        metadata = await client.load_server_metadata()
    except (httpx2.HTTPError, ValueError) as e:
        raise SignInFailed("ORCID could not be reached just now. Please try again later.") from e
    if metadata.get("issuer") != settings.orcid_issuer:
        raise SignInFailed("The configured ORCID issuer answered as another issuer; sign-in with ORCID is off.")
    client.client_kwargs["token_endpoint_auth_method"] = token_auth_method(metadata)


def token_auth_method(metadata: dict[str, Any]) -> str:
    """HTTP Basic unless the issuer lists only the secret in the body (absent, the spec's default is Basic)."""
    supported = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" not in supported and "client_secret_post" in supported:
        return "client_secret_post"
    return "client_secret_basic"
