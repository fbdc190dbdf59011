"""Log output for every collab process: one structured line per event, as logfmt text or JSON lines.

The code logs through the standard `logging` module (fields go in `extra=`); structlog's ProcessorFormatter
renders the records. Every line written while a request is served carries its request id. Errors that a
user caused (a bad query, a query over its time limit) are logged without a traceback and below the
default level: the request's own line names their code. Internal errors keep their traceback.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

import structlog
from graphql import GraphQLError
from structlog.typing import EventDict, WrappedLogger

from app.graph import QueryTimeout
from app.request_context import current_request_id
from app.settings import Settings

ACCESS = logging.getLogger("collab.access")
# The fields a text line starts with; the record's `extra` fields follow in their order.
_TEXT_ORDER = ["level", "event"]


def _add_request_id(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    request_id = current_request_id()
    if request_id is not None and "request_id" not in event:
        event["request_id"] = request_id
    return event


def _drop_colour(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    event.pop("color_message", None)  # uvicorn's copy of its message with terminal colours
    return event


def _upper_level(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    event["level"] = str(event.get("level", "")).upper()
    return event


class _TextRenderer:
    """logfmt for the line, and a traceback (when there is one) on the lines below it, as people read them."""

    def __init__(self) -> None:
        self._line = structlog.processors.LogfmtRenderer(key_order=_TEXT_ORDER, drop_missing=True)

    def __call__(self, logger: WrappedLogger, name: str, event: EventDict) -> str:
        trace = event.pop("exception", None)
        line = self._line(logger, name, event)
        return f"{line}\n{trace.rstrip()}" if trace else line


def formatter(log_format: str) -> logging.Formatter:
    """The formatter for `log_format` ("text" or "json")."""
    shared: list[Any] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.ExtraAdder(),
        _drop_colour,
        _add_request_id,
    ]
    if log_format == "json":
        shared = [*shared, structlog.stdlib.add_logger_name, structlog.processors.TimeStamper(fmt="iso", utc=True)]
        render: list[Any] = [structlog.processors.format_exc_info, structlog.processors.JSONRenderer(sort_keys=False)]
    else:
        render = [_upper_level, structlog.processors.format_exc_info, _TextRenderer()]
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *render],
    )


def _is_user_error(error: object) -> bool:
    """A GraphQL error the client caused (or a query stopped at its limit), not a fault in the server."""
    if not isinstance(error, GraphQLError):
        return False
    original = error.original_error
    return original is None or isinstance(original, GraphQLError | QueryTimeout)


def _quiet_user_errors(record: logging.LogRecord) -> bool:
    """strawberry logs every GraphQL error at ERROR with a traceback: user errors become DEBUG lines without one."""
    if _is_user_error(record.msg):
        record.exc_info = None
        record.exc_text = None
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
    return True


class _Handler(logging.StreamHandler[TextIO]):
    """Ours (configure replaces it, and only it), writing to the stream given or to sys.stderr as it is now."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__(stream)
        self._given = stream

    @property
    def stream(self) -> TextIO:
        return self._given or sys.stderr

    @stream.setter
    def stream(self, value: TextIO | None) -> None:
        self._given = value


def configure(settings: Settings, level: int, stream: TextIO | None = None) -> None:
    """Send every logger's records to `stream` (stderr) in the settings' format, at `level` and above."""
    handler = _Handler(stream)
    handler.setFormatter(formatter(settings.log_format))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _Handler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    quiet_user_errors()


def quiet_user_errors() -> None:
    strawberry_log = logging.getLogger("strawberry.execution")
    if _quiet_user_errors not in strawberry_log.filters:
        strawberry_log.addFilter(_quiet_user_errors)


def serving() -> None:
    """A server says what it does: its request lines and start-up at INFO, whatever the CLI's default."""
    root = logging.getLogger()
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
