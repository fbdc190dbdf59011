"""What every resolver gets: the app's graph and this request's DataLoaders."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from strawberry.types import Info

from app.api.dataloaders import Loaders
from app.graph import Graph


async def context(request: Request) -> dict[str, Any]:
    graph: Graph = request.app.state.graph
    return {"request": request, "graph": graph, "loaders": Loaders(graph)}


def graph_of(info: Info) -> Graph:
    graph: Graph = info.context["graph"]
    return graph


def loaders_of(info: Info) -> Loaders:
    loaders: Loaders = info.context["loaders"]
    return loaders
