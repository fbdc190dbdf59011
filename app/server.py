"""The FastAPI application: the graph opened for the app's lifetime, health, GraphQL and the web pages."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from app import __version__, metrics
from app.accounts.csrf import CsrfRefused
from app.accounts.middleware import Accounts
from app.api.schema import graphql_router
from app.graph import GraphError, open_graph
from app.http_guard import BodyLimit, RequestLog, SecurityHeaders
from app.logs import quiet_user_errors
from app.settings import Settings
from app.warmup import WarmUp, warm_up
from web.account_routes import refused_page
from web.account_routes import router as account_router
from web.claim_routes import router as claim_router
from web.follow_routes import router as follow_router
from web.orcid import issuer_origin as orcid_origin
from web.orcid import state_middleware as orcid_state
from web.orcid_routes import router as orcid_router
from web.routes import graphiql_page, static_files
from web.routes import router as web_router

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """An app bound to one graph, opened on startup and closed (the embedded engine stopped if last) on exit."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.graph = await open_graph(settings)
        app.state.warmup = WarmUp()
        # Neo4j plans the common statements in the background: /health and the first requests never wait for it.
        warming = None
        if settings.engine == "neo4j":
            warming = asyncio.create_task(warm_up(app.state.graph, app.state.warmup))
        # What start-up built (schema, templates, modules) lives as long as the process: kept out of the
        # collector's full passes, which otherwise walk it all and stall a request now and then.
        gc.freeze()
        try:
            yield
        finally:
            if warming is not None:
                warming.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await warming
            await app.state.graph.close()

    dev = not settings.production  # production: no OpenAPI pages, GraphiQL or introspection
    app = FastAPI(
        title="Collab Explorer", version=__version__, lifespan=lifespan, middleware=_middleware(settings),
        docs_url="/docs" if dev else None, redoc_url="/redoc" if dev else None,
        openapi_url="/openapi.json" if dev else None,
    )
    app.state.settings = settings
    quiet_user_errors()

    @app.get("/health", response_model=None)
    async def health(request: Request) -> dict[str, Any] | JSONResponse:
        try:
            return {"status": "ok", **await request.app.state.graph.status()}
        except GraphError as e:  # the engine is down and could not be brought back: say so, not 500
            log.error("health: %s", e)
            return JSONResponse({"status": "unavailable", "error": str(e)}, status_code=503)

    if settings.metrics_enabled:
        @app.get("/metrics", include_in_schema=False)
        async def prometheus_metrics() -> Response:
            return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)

    api = graphql_router(graphiql_page())
    if not dev:
        api.graphql_ide = None  # strawberry checks it per request: a browser's GET gets 404, not GraphiQL
    app.include_router(api, prefix="/graphql")
    app.include_router(account_router)
    app.add_exception_handler(CsrfRefused, refused_page)  # a form without its CSRF token: 403 in words
    app.include_router(web_router)
    app.include_router(orcid_router)
    app.include_router(claim_router)
    app.include_router(follow_router)
    app.mount("/static", static_files(), name="static")
    return app


def _middleware(settings: Settings) -> list[Middleware]:
    """Outermost first: every answer, a refused one and a 500 too, carries the security headers and is logged."""
    stack = [
        Middleware(SecurityHeaders, cdn_pages=() if settings.production else ("/docs", "/redoc"),
                   form_targets=[orcid_origin(settings)] if settings.orcid_enabled else []),
        Middleware(RequestLog),
        Middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts, www_redirect=False),
        Middleware(BodyLimit, limit=settings.max_body_bytes),
        Middleware(Accounts),  # who is asking, for every handler and template
    ]
    if settings.orcid_enabled:
        stack.append(orcid_state(settings))  # an unfinished ORCID sign-in's state, in its own cookie
    if settings.cors_origins:
        stack.append(Middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
            allow_headers=["content-type", "accept", "x-request-id"], expose_headers=["x-request-id"],
        ))
    return stack
