"""The one boundary to the graph database: named queries in, plain dicts out, on Neo4j or embedded FalkorDB.

Everything else in the project calls `read`, `write` and `apply_schema` with the name of a file under
`cypher/`; which engine runs, and how it is reached, stays behind this module: the interface and errors both
engines share are in app/graph_base.py, each engine in its own module (app/falkordb_graph.py,
app/neo4j_graph.py), and `open_graph` picks one from the settings.
"""

from __future__ import annotations

from app.falkordb_graph import FalkorGraph
from app.graph_base import (
    KEY_FILES,
    SCHEMA,
    UNIQUE_FILES,
    ConstraintError,
    Graph,
    GraphError,
    PreparedWrite,
    QueryError,
    QueryTimeout,
    Row,
    plain,
)
from app.neo4j_graph import Neo4jGraph, Neo4jNotification
from app.settings import Settings

# What callers take from here: the boundary's types and errors (app/graph_base.py), the engines, the factory.
__all__ = [
    "KEY_FILES", "SCHEMA", "UNIQUE_FILES", "ConstraintError", "FalkorGraph", "Graph", "GraphError", "Neo4jGraph",
    "Neo4jNotification", "PreparedWrite", "QueryError", "QueryTimeout", "Row", "open_graph", "plain",
]


async def open_graph(settings: Settings) -> Graph:
    """Connect to the engine the settings name: Neo4j when NEO4J_URI is set, else the embedded one."""
    if settings.engine == "neo4j":
        return await Neo4jGraph.open(settings)
    return await FalkorGraph.open(settings)
