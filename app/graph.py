"""The one boundary to the graph database: named queries in, plain dicts out, on Neo4j or embedded FalkorDB.

Everything else in the project calls `read`, `write` and `apply_schema` with the name of a file under
`cypher/`; which engine runs, and how it is reached, stays in here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import redis
from falkordb.asyncio import FalkorDB
from redis import asyncio as aioredis

from app import embedded
from app.metrics import observe_query
from app.queries import Catalog, Query, catalog
from app.settings import Settings

log = logging.getLogger(__name__)

KEYED_LABELS = ("Researcher", "Paper", "Topic", "Institution")
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


_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Engine values as plain Python: maps to dicts, lists to lists, temporal values to ISO strings."""
    if type(value) in _SCALARS:  # most values: checked first, as the ABC and attribute tests below cost ten times more
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
        """A read that may visit the whole graph (`collab db check`, maintenance): allowed the write time limit."""
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


class Neo4jNotification(UserWarning):
    """Neo4j called a query deprecated or slow. A warning, so a server upgrade cannot break a running app;
    the tests make it an error (pyproject.toml), so no such query gets in."""


# Notification classes that mean the query itself should change; others (an unknown label on an empty
# database, hints) are about the data or the server.
FLAGGED_NOTIFICATIONS = frozenset({"DEPRECATION", "PERFORMANCE"})


def warn_notifications(query: Query, statuses: Sequence[Any]) -> None:
    """Neo4j's deprecation and performance notifications for `query`, as warnings naming its file and the
    line in it, never its text."""
    for status in statuses:
        if not status.is_notification or status.raw_classification not in FLAGGED_NOTIFICATIONS:
            continue
        where = f" (line {status.position.line}, column {status.position.column})" if status.position else ""
        warnings.warn(
            Neo4jNotification(f"{query.path}{where}: Neo4j {status.gql_status}: {status.status_description}"),
            stacklevel=3,
        )


def neo4j_error(query: Query, code: str, message: str, timeout_ms: int) -> GraphError:
    """A Neo4j server error as the boundary's own. Only its first line: for syntax errors Neo4j quotes the
    offending line of the query below it, and users see these messages."""
    detail = next((line.strip() for line in message.splitlines() if line.strip()), code)
    if code.endswith("ConstraintValidationFailed"):
        return ConstraintError(query, detail)
    if "TimedOut" in code or "Timeout" in code:
        return QueryTimeout(query, detail, timeout_ms)
    if ".Security." in code:
        return GraphError(f"Neo4j refused {query.path}: {detail} ({code})")
    return QueryError(query, f"{detail} ({code})")


# A Neo4j dialect file may return all its rows as one list of maps in a single column of this name: the async
# driver spends about 0.15 ms on each record, more than Neo4j spends on a neighbourhood level of thousands.
COLLECTED_ROWS = "rows"


def _rows(result: Any) -> list[Row]:
    """A Neo4j result as plain rows, unpacking a query's rows collected into one list."""
    if list(result.keys) == [COLLECTED_ROWS]:
        scalar = _SCALARS.__contains__
        return [
            {k: v if scalar(type(v)) else plain(v) for k, v in row.items()}
            for record in result.records for row in record[COLLECTED_ROWS]
        ]
    return [{k: plain(v) for k, v in record.items()} for record in result.records]


class Neo4jGraph(Graph):
    """Neo4j 5 through the official async driver; `neo4j://` URIs route reads and writes in a cluster."""

    engine = "neo4j"

    def __init__(self, settings: Settings, driver: Any) -> None:
        self.settings = settings
        self.queries = catalog("neo4j", settings.extra_queries)
        self._driver = driver

    @classmethod
    async def open(cls, settings: Settings) -> Neo4jGraph:
        import neo4j  # here, not at the top: the driver takes 0.2 s to import, which every embedded command paid

        # The driver logs every notification with the whole query text; the boundary reports them itself.
        logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
        auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
        if not settings.neo4j_uri:
            raise GraphError("Neo4j needs NEO4J_URI (without it the embedded engine runs)")
        try:
            driver = neo4j.AsyncGraphDatabase.driver(
                settings.neo4j_uri, auth=auth, warn_notification_severity=neo4j.NotificationMinimumSeverity.OFF
            )
        except (neo4j.exceptions.ConfigurationError, ValueError) as e:
            raise GraphError(f"NEO4J_URI {settings.neo4j_uri!r} is not a Neo4j URI: {e}") from None
        try:
            await driver.verify_connectivity()
        except neo4j.exceptions.AuthError as e:
            await driver.close()
            raise GraphError(
                f"Neo4j at {settings.neo4j_uri} refused user {settings.neo4j_user!r}: {e.message}"
            ) from None
        except Exception as e:
            await driver.close()
            raise GraphError(f"Neo4j at {settings.neo4j_uri} is unreachable: {e}") from e
        return cls(settings, driver)

    async def _run(self, query: Query, params: dict[str, Any], read_only: bool, long: bool = False) -> Any:
        import neo4j
        from neo4j import exceptions as nx

        timeout_ms = self.settings.query_timeout_ms if read_only and not long else self.settings.write_timeout_ms
        started = time.perf_counter()
        try:
            result = await self._driver.execute_query(
                neo4j.Query(query.text, timeout=timeout_ms / 1000),
                parameters_=params,
                database_=self.settings.neo4j_database,
                routing_=neo4j.RoutingControl.READ if read_only else neo4j.RoutingControl.WRITE,
            )
        except nx.Neo4jError as e:
            raise neo4j_error(query, e.code or "", e.message or str(e), timeout_ms) from None
        except (nx.ServiceUnavailable, nx.SessionExpired) as e:
            raise GraphError(f"Neo4j at {self.settings.neo4j_uri} is unreachable: {e}") from e
        except nx.DriverError as e:
            raise QueryError(query, f"the Neo4j driver failed: {type(e).__name__}: {e}") from None
        finally:
            observe_query(self.engine, query.name, time.perf_counter() - started)
        warn_notifications(query, result.summary.gql_status_objects)
        return result

    async def read(self, name: str, **params: Any) -> list[Row]:
        return _rows(await self._run(self.queries[name], params, read_only=True))

    async def scan(self, name: str, **params: Any) -> list[Row]:
        return _rows(await self._run(self.queries[name], params, read_only=True, long=True))

    async def write_prepared(self, prepared: PreparedWrite) -> dict[str, int]:
        result = await self._run(prepared.query, prepared.params, read_only=False)
        c = result.summary.counters
        return {
            "nodes_created": c.nodes_created,
            "relationships_created": c.relationships_created,
            "properties_set": c.properties_set,
            "nodes_deleted": c.nodes_deleted,
        }

    async def _apply(self, name: str) -> None:
        await self._run(self.queries[name], {}, read_only=False)

    async def version(self) -> str:
        info = await self._driver.get_server_info()
        return info.agent.replace("/", " ")

    async def reset(self) -> None:
        # Bounded batches: one transaction deleting millions of nodes would exhaust the server's memory.
        delete = self.queries["db/delete_nodes"]
        while (await self._run(delete, {"batch": 10_000}, read_only=False)).records[0]["deleted"]:
            pass
        await self.apply_schema()

    async def close(self) -> None:
        await self._driver.close()


async def open_graph(settings: Settings) -> Graph:
    """Connect to the engine the settings name: Neo4j when NEO4J_URI is set, else the embedded one."""
    if settings.engine == "neo4j":
        return await Neo4jGraph.open(settings)
    return await FalkorGraph.open(settings)
