"""The embedded engine behind the graph boundary: a FalkorDB server under the data directory (app/embedded.py),
reached over its native protocol, its replies decoded here."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
import redis
from falkordb.asyncio import FalkorDB
from redis import asyncio as aioredis

from app import embedded
from app.graph_base import (
    KEY_FILES,
    UNIQUE_FILES,
    ConstraintError,
    Graph,
    GraphError,
    PreparedWrite,
    QueryError,
    QueryTimeout,
    Row,
)
from app.metrics import observe_query
from app.queries import Query, catalog
from app.settings import Settings

log = logging.getLogger(__name__)


class FalkorGraph(Graph):
    """The embedded engine: a FalkorDB server under the data directory, shared by every collab process."""

    engine = "falkordb"

    def __init__(self, settings: Settings, endpoint: embedded.Endpoint, db: FalkorDB) -> None:
        self.settings = settings
        self.endpoint = endpoint
        self.queries = catalog("falkordb", settings.extra_queries)
        self._db = db
        self._restarting = asyncio.Lock()

    @classmethod
    async def open(cls, settings: Settings) -> FalkorGraph:
        return cls(settings, *await _connect(settings))

    async def _recover(self, failed: embedded.Endpoint) -> None:
        """The engine stopped answering (killed, crashed): start it again from its log, once for all callers."""
        async with self._restarting:
            if self.endpoint != failed:  # another request already brought it back
                return
            log.warning("the embedded engine (pid %s) stopped answering; starting it again", failed.pid)
            self.endpoint, db = await _connect(self.settings)
            old, self._db = self._db, db
            with contextlib.suppress(redis.RedisError, OSError):
                await old.connection.aclose()
            log.warning("the embedded engine is back (pid %s)", self.endpoint.pid)

    @property
    def _conn(self) -> aioredis.Redis:
        return self._db.connection

    async def _run(
        self, query: Query, params: dict[str, Any], read_only: bool, text: str | None = None, long: bool = False
    ) -> list[Any]:
        """The engine's raw compact reply. Sent and decoded here rather than by the falkordb client, whose
        per-value async parser cost more than the engine itself on path searches."""
        timeout_ms = self.settings.query_timeout_ms if read_only and not long else self.settings.write_timeout_ms
        text = text or _statement(query, params)
        command = "GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY"
        used = self.endpoint
        try:
            started = time.perf_counter()
            try:
                reply = await self._conn.execute_command(
                    command, self.settings.graph_name, text, "--compact", "timeout", timeout_ms
                )
            finally:
                observe_query(self.engine, query.name, time.perf_counter() - started)
            if isinstance(reply[-1], redis.ResponseError):  # a run-time error ends the reply
                raise reply[-1]
            return list(reply)
        except redis.ResponseError as e:
            raise _falkor_error(query, str(e), timeout_ms) from None
        except (redis.ConnectionError, OSError) as e:
            gone = f"embedded FalkorDB at {used.host}:{used.port} stopped answering: {e}"
            try:
                await self._recover(used)
            except GraphError as again:
                raise GraphError(f"{gone}; starting it again failed: {again}") from e
            if not read_only:  # a write may have reached the log before the engine died: the caller decides
                raise GraphError(
                    f"{gone}; it was started again, and this write may or may not have been applied"
                ) from e
            return await self._run(query, params, read_only, text, long)

    async def read(self, name: str, **params: Any) -> list[Row]:
        return await self._read(name, params, long=False)

    async def scan(self, name: str, **params: Any) -> list[Row]:
        return await self._read(name, params, long=True)

    async def _read(self, name: str, params: dict[str, Any], long: bool) -> list[Row]:
        try:
            reply = await self._run(self.queries[name], params, read_only=True, long=long)
        except QueryError as e:
            if "empty key" in e.detail:  # nothing written yet: FalkorDB has no graph to read
                return []
            raise
        if len(reply) < 3:  # statistics only
            return []
        columns = [c[1] for c in reply[0]]
        return [{c: _value(v) for c, v in zip(columns, row, strict=True)} for row in reply[1]]

    def prepare(self, name: str, rows: Sequence[Mapping[str, Any]], **params: Any) -> PreparedWrite:
        query, bound = self.queries[name], {"rows": list(rows), **params}
        return PreparedWrite(query, bound, _statement(query, bound))

    async def write_prepared(self, prepared: PreparedWrite) -> dict[str, int]:
        reply = await self._run(prepared.query, prepared.params, read_only=False, text=prepared.text)
        stats = dict(line.split(": ", 1) for line in reply[-1])
        return {
            counter: int(stats.get(label, "0"))
            for counter, label in (
                ("nodes_created", "Nodes created"),
                ("relationships_created", "Relationships created"),
                ("properties_set", "Properties set"),
                ("nodes_deleted", "Nodes deleted"),
            )
        }

    async def _apply(self, name: str) -> None:
        try:
            await self._run(self.queries[name], {}, read_only=False)
        except QueryError as e:
            if "already indexed" not in e.detail:  # FalkorDB has no IF NOT EXISTS for indexes
                raise
        if name in KEY_FILES:
            await self._unique(KEY_FILES[name])
        elif name in UNIQUE_FILES:
            await self._unique(*UNIQUE_FILES[name])

    async def _unique(self, label: str, prop: str = "id") -> None:
        """FalkorDB makes uniqueness constraints outside Cypher, on top of the index the key file made."""
        try:
            await self._conn.execute_command(
                "GRAPH.CONSTRAINT", "CREATE", self.settings.graph_name, "UNIQUE", "NODE", label, "PROPERTIES", 1, prop
            )
        except redis.ResponseError as e:
            if "already exists" not in str(e):
                raise GraphError(f"unique constraint on {label}.{prop}: {e}") from None
        while not await self._constraint_ready(label, prop):
            await asyncio.sleep(0.05)

    async def _constraint_ready(self, label: str, prop: str) -> bool:
        rows = await self.read("db/list_constraints")
        states = [r["state"] for r in rows if r["label"] == label and r["properties"] == [prop]]
        if "FAILED" in states:
            raise GraphError(f"unique constraint on {label}.{prop} failed: duplicate values already in the graph")
        return "OPERATIONAL" in states

    async def version(self) -> str:
        used = self.endpoint
        try:
            modules = await self._conn.execute_command("MODULE", "LIST")
        except (redis.ConnectionError, OSError):
            await self._recover(used)
            modules = await self._conn.execute_command("MODULE", "LIST")
        for module in modules:
            info: dict[Any, Any] = dict(zip(module[::2], module[1::2], strict=True))
            if info.get(b"name", info.get("name")) in (b"graph", "graph"):
                v = int(info.get(b"ver", info.get("ver", 0)))
                return f"FalkorDB {v // 10000}.{v // 100 % 100}.{v % 100}"
        return "FalkorDB (unknown version)"

    async def compact(self) -> None:
        """Rewrite the append-only log as a snapshot of the data and wait for it. Replaying a long log of effects
        is slow, and FalkorDB 4.16 replays some sequences wrongly (an effect on an entity deleted later in the
        log crashed it): after a rewrite, start-up reads the graph as it is."""
        try:
            await self._conn.execute_command("BGREWRITEAOF")
        except redis.ResponseError as e:  # one already running (or scheduled) covers what was written so far
            if "in progress" not in str(e):
                raise GraphError(f"embedded FalkorDB refused to rewrite its log: {e}") from None
        except (redis.ConnectionError, OSError) as e:
            where = f"{self.endpoint.host}:{self.endpoint.port}"
            raise GraphError(f"embedded FalkorDB at {where} is unreachable: {e}") from e
        while True:
            info = await self._conn.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                break
            await asyncio.sleep(0.05)
        if info.get("aof_last_bgrewrite_status") != "ok":
            log.warning(
                "embedded FalkorDB could not rewrite its log as a snapshot; see %s",
                self.settings.data_dir / embedded.LOG_FILE,
            )

    async def reset(self) -> None:
        with contextlib.suppress(redis.ResponseError):  # no such graph yet
            await self._conn.execute_command("GRAPH.DELETE", self.settings.graph_name)
        await self.apply_schema()

    async def close(self) -> None:
        await self._conn.aclose()
        await asyncio.to_thread(embedded.release, self.settings.data_dir, self.endpoint)


async def _connect(settings: Settings) -> tuple[embedded.Endpoint, FalkorDB]:
    """The embedded engine for the settings' data directory (started if need be) and a client connected to it."""
    limits = embedded.Limits(settings.query_timeout_ms, settings.write_timeout_ms, settings.result_cap)
    try:
        endpoint = await asyncio.to_thread(embedded.ensure_running, settings.data_dir, limits)
    except embedded.EngineError as e:
        raise GraphError(str(e)) from e
    db = FalkorDB(
        host=endpoint.host, port=endpoint.port, password=endpoint.password, client_name=embedded.client_name(),
    )
    # Connect now: the open connection, named after this process, tells others we are here.
    try:
        await db.connection.ping()
    except (redis.RedisError, OSError) as e:
        raise GraphError(f"embedded FalkorDB at {endpoint.host}:{endpoint.port} does not answer: {e}") from e
    return endpoint, db


# A JSON string followed by a colon is a map key: a value is followed by , } or ], and an escaped
# quote inside a string cannot end a match because the pattern's body excludes backslashes.
_KEY = re.compile(r'"([^"\\]*)":')
_ESCAPE = "\\u00"
_CONTROL = re.compile(r"(?<!\\)\\u00[01][0-9a-fA-F]")


def _statement(query: Query, params: Mapping[str, Any]) -> str:
    return f"{cypher_params(params)} {query.text}" if params else query.text


def cypher_params(params: Mapping[str, Any]) -> str:
    """Parameters as the `CYPHER a=... b=...` header FalkorDB reads, written by orjson.

    JSON is Cypher's literal syntax but for quoted map keys (backticks here) and \\u escapes, which
    FalkorDB keeps verbatim, so the rare control character becomes a space. A quote inside a JSON
    string is escaped, so `{"k":` and `,"k":` occur only where a map key starts. The client's own
    per-value encoder dominated bulk loads; the standard library's C encoder still took 20 ms of a
    2,000-record batch's write, orjson 5 ms. A float that is not a number is written as null.
    """
    parts = []
    for name, value in params.items():
        text = orjson.dumps(value).decode()
        keys = set(_KEY.findall(text)) if "{" in text else ()  # positional rows hold no map
        for key in keys:  # few distinct keys, many maps: replace per key in C
            text = text.replace(f'{{"{key}":', f"{{`{key}`:").replace(f',"{key}":', f",`{key}`:")
        if _ESCAPE in text:
            text = _CONTROL.sub(" ", text)
        parts.append(f"{name}={text}")
    return "CYPHER " + " ".join(parts)


def _value(cell: list[Any]) -> Any:
    """One value of FalkorDB's compact reply ([type, value]) as plain Python."""
    kind, value = cell
    if kind == 2 or kind == 3:  # string, integer: the bulk of every reply
        return value
    if kind == 1:
        return None
    if kind == 6:
        return [_value(v) for v in value]
    if kind == 10:
        return {value[i]: _value(value[i + 1]) for i in range(0, len(value), 2)}
    if kind == 4:
        return value == "true"
    if kind == 5:
        return float(value)
    if kind in _TEMPORAL:
        return _TEMPORAL[kind](datetime.fromtimestamp(value, tz=UTC)).isoformat()
    raise GraphError(
        f"a read query returned a FalkorDB value of type {kind}; queries must return properties, not nodes"
    )


_TEMPORAL: dict[int, Any] = {13: lambda d: d, 14: lambda d: d.date(), 15: lambda d: d.time()}


def _falkor_error(query: Query, message: str, timeout_ms: int) -> QueryError:
    detail = message.split(" errCtx:")[0].removeprefix("errMsg: ")
    if "unique constraint violation" in message:
        return ConstraintError(query, detail)
    if "timed out" in message:
        return QueryTimeout(query, detail, timeout_ms)
    return QueryError(query, detail)
