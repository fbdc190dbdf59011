"""Progress of a load on a terminal: records/s and an ETA from how far into the file the reader is.

Quiet when stderr is not a terminal or under CI (Settings.under_ci); the summary at the end is printed either way.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from loaders.files import fraction_read


def wanted(stream: TextIO = sys.stderr, under_ci: bool = False) -> bool:
    return stream.isatty() and not under_ci


class Progress:
    """One line, redrawn at most every `every` seconds."""

    def __init__(self, enabled: bool, stream: TextIO = sys.stderr, every: float = 0.25) -> None:
        self.enabled = enabled
        self.stream = stream
        self.every = every
        self.started = time.monotonic()
        self._drawn = 0.0
        self.file: Path | None = None
        self.file_no = 0
        self.files = 0

    def start_file(self, path: Path, number: int, total: int) -> None:
        self.file, self.file_no, self.files = path, number, total

    def update(self, records: int, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self._drawn < self.every):
            return
        self._drawn = now
        self.stream.write("\r\x1b[K" + self.line(records, now))
        self.stream.flush()

    def line(self, records: int, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        done = fraction_read(self.file) if self.file else None
        bar, eta = "", ""
        if done is not None:
            filled = int(done * 24)
            bar = f"[{'#' * filled}{'.' * (24 - filled)}] {done:6.1%} "
            if 0 < done < 1:
                eta = f" ETA {_clock(elapsed * (1 - done) / done)}"
        name = self.file.name if self.file else ""
        return f"{name} ({self.file_no}/{self.files}) {bar}{records:,} records {records / elapsed:,.0f}/s{eta}"

    def phase(self, text: str) -> None:
        """A step after the last record (a recount, an index build), shown in place of the record count."""
        if self.enabled:
            self.stream.write("\r\x1b[K" + text + "...")
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
