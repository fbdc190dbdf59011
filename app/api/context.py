"""What every resolver gets: the app's graph and this request's DataLoaders."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from strawberry.types import Info

from app.accounts.viewer import auth_of, viewer_of
from app.api.dataloaders import Loaders
from app.graph import Graph, GraphError


async def context(request: Request) -> dict[str, Any]:
    """Also who is asking: `viewer` (a User or None) and `auth` ('session', 'token' or None)."""
    graph: Graph = request.app.state.graph
    try:
        viewer, unavailable = await viewer_of(request), False
    except GraphError:  # the engine did not answer: fields that need a viewer say so (app.api.auth)
        viewer, unavailable = None, True
    return {"request": request, "graph": graph, "loaders": Loaders(graph), "viewer": viewer, "auth": auth_of(request),
            "viewer_unavailable": unavailable}


def graph_of(info: Info) -> Graph:
    graph: Graph = info.context["graph"]
    return graph


def loaders_of(info: Info) -> Loaders:
    loaders: Loaders = info.context["loaders"]
    return loaders
