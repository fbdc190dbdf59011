"""What every engine behind the graph boundary shares: the Graph interface and its engine-neutral methods,
the errors callers catch, and the schema files applied on both engines. app/graph.py opens an engine."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.queries import Catalog, Query

KEY_FILES = {
    "schema/researcher_key": "Researcher",
    "schema/paper_key": "Paper",
    "schema/topic_key": "Topic",
    "schema/institution_key": "Institution",
    "schema/load_state_key": "LoadState",
    "schema/user_key": "User",
    "schema/session_key": "Session",
    "schema/access_token_key": "AccessToken",
    "schema/claim_key": "Claim",
}
# Unique keys on another property than `id`: file -> (label, property).
UNIQUE_FILES = {
    "schema/user_email": ("User", "email"),
    "schema/access_token_hash": ("AccessToken", "hash"),
    "schema/claim_verified_of": ("Claim", "verified_of"),
}
# Applied in this order; each file holds one statement and is harmless to run again.
SCHEMA = (
    *KEY_FILES,
    *UNIQUE_FILES,
    "schema/user_orcid",
    "schema/claim_state",
    "schema/researcher_name_key",
    "schema/researcher_orcid",
    "schema/paper_doi",
    "schema/paper_arxiv_id",
    "schema/paper_title_year",
    "schema/paper_profile_id",
    "schema/paper_openalex_id",
    "schema/researcher_fulltext",
)
READY_STATES = {"ONLINE", "OPERATIONAL"}

Row = dict[str, Any]


class GraphError(RuntimeError):
    """The graph database could not be reached or refused to work."""


class QueryError(GraphError):
    """A named query failed; the message starts with the file it came from."""

    def __init__(self, query: Query, detail: str) -> None:
        super().__init__(f"{query.path}: {detail}")
        self.query = query
        self.detail = detail


class ConstraintError(QueryError):
    """A write would have broken a uniqueness constraint."""


class QueryTimeout(QueryError):
    """The engine stopped a query that ran past its time limit."""

    def __init__(self, query: Query, detail: str, limit_ms: int) -> None:
        super().__init__(query, f"{detail} (limit {limit_ms} ms)")
        self.limit_ms = limit_ms


SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Engine values as plain Python: maps to dicts, lists to lists, temporal values to ISO strings."""
    # Most values: checked first, as the ABC and attribute tests below cost ten times more.
    if type(value) in SCALAR_TYPES:
        return value
    if type(value) is dict:
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time values
        return value.iso_format()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@dataclass(frozen=True, slots=True)
class PreparedWrite:
    query: Query
    params: dict[str, Any]
    text: str | None = None  # the statement with its parameters, for engines that take them as text


class Graph:
    """What every engine offers; `open_graph` picks one from the settings."""

    engine: str
    queries: Catalog

    async def read(self, name: str, **params: Any) -> list[Row]:
        raise NotImplementedError

    async def scan(self, name: str, **params: Any) -> list[Row]:
        """A read for a command rather than a page: a load's lookups, `collab db check`, maintenance. It may visit
        the whole graph or wait for a busy engine, so it is allowed the write time limit: a load whose lookup met
        the 5 s limit of pages on a loaded machine failed as a whole."""
        raise NotImplementedError

    async def write(self, name: str, rows: Sequence[Mapping[str, Any]], **params: Any) -> dict[str, int]:
        """Run the write query `name` once with `rows` bound to `$rows`; returns the engine's counters."""
        return await self.write_prepared(self.prepare(name, rows, **params))

    def prepare(self, name: str, rows: Sequence[Mapping[str, Any]], **params: Any) -> PreparedWrite:
        """A write ready to send, its parameters encoded where the engine allows: a loader prepares batch N+1
        while the engine is still busy with batch N."""
        return PreparedWrite(self.queries[name], {"rows": list(rows), **params})

    async def write_prepared(self, prepared: PreparedWrite) -> dict[str, int]:
        raise NotImplementedError

    async def version(self) -> str:
        raise NotImplementedError

    async def _apply(self, name: str) -> None:
        raise NotImplementedError

    async def reset(self) -> None:
        raise NotImplementedError

    async def compact(self) -> None:
        """After bulk work: let the engine fold its write log into a snapshot. Neo4j manages its own logs."""

    async def close(self) -> None:
        raise NotImplementedError

    async def apply_schema(self, wait_s: float = 600.0) -> None:
        """Keys, lookups and full-text indexes; waits until the engine reports them all online."""
        for name in SCHEMA:
            await self._apply(name)
        deadline = time.monotonic() + wait_s
        while pending := [i for i in await self.read("db/list_indexes") if i["state"] not in READY_STATES]:
            if time.monotonic() > deadline:
                raise GraphError(f"indexes still building after {wait_s:.0f}s: {pending}")
            await asyncio.sleep(0.1)

    async def status(self) -> dict[str, Any]:
        """What /health and the GraphQL `database` field report: engine, version, counts."""
        return {"engine": self.engine, "version": await self.version(), **await self.counts()}

    async def counts(self) -> dict[str, dict[str, int]]:
        """Nodes per label and relationships per type."""
        nodes = await self.read("db/count_nodes")
        rels = await self.read("db/count_relationships")
        return {
            "nodes": {r["label"]: r["count"] for r in nodes},
            "relationships": {r["type"]: r["count"] for r in rels},
        }
