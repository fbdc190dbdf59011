"""The FastAPI application: the graph opened for the app's lifetime, health, GraphQL and the web pages."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app import __version__
from app.api.schema import graphql_router
from app.graph import GraphError, open_graph
from app.settings import Settings
from web.routes import graphiql_page
from web.routes import router as web_router
from web.routes import static_files

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """An app bound to one graph, opened on startup and closed (the embedded engine stopped if last) on exit."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.graph = await open_graph(settings)
        # What start-up built (schema, templates, modules) lives as long as the process: kept out of the
        # collector's full passes, which otherwise walk it all and stall a request now and then.
        gc.freeze()
        try:
            yield
        finally:
            await app.state.graph.close()

    app = FastAPI(title="Collab Explorer", version=__version__, lifespan=lifespan)
    app.state.settings = settings

    @app.get("/health", response_model=None)
    async def health(request: Request) -> dict[str, Any] | JSONResponse:
        try:
            return {"status": "ok", **await request.app.state.graph.status()}
        except GraphError as e:  # the engine is down and could not be brought back: say so, not 500
            log.error("health: %s", e)
            return JSONResponse({"status": "unavailable", "error": str(e)}, status_code=503)

    app.include_router(graphql_router(graphiql_page()), prefix="/graphql")
    app.include_router(web_router)
    app.mount("/static", static_files(), name="static")
    return app
