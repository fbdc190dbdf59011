"""Neo4j 5 behind the graph boundary, through the official async driver (imported only when Neo4j is used)."""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Sequence
from typing import Any

from app.graph_base import (
    SCALAR_TYPES,
    ConstraintError,
    Graph,
    GraphError,
    PreparedWrite,
    QueryError,
    QueryTimeout,
    Row,
    plain,
)
from app.metrics import observe_query
from app.queries import Query, catalog
from app.settings import Settings

BOLT_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


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
        scalar = SCALAR_TYPES.__contains__
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
        scheme = settings.neo4j_uri.partition("://")[0].lower()
        if scheme not in BOLT_SCHEMES:  # the driver reads http(s):// as its preview HTTP API, which needs aiohttp
            raise GraphError(f"NEO4J_URI {settings.neo4j_uri!r} is not a Bolt URI: use one of "
                             f"{', '.join(s + '://' for s in BOLT_SCHEMES)} (Neo4j's Bolt port, 7687 by default)")
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
