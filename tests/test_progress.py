"""The progress line: records/s and an ETA from how far into the file on disk the reader is."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from app.settings import Settings
from loaders.files import open_text
from loaders.progress import Progress, wanted


def test_the_line_shows_the_file_the_share_read_the_rate_and_an_eta(tmp_path: Path) -> None:
    path = tmp_path / "big.bib.gz"
    with gzip.open(path, "wt") as f:  # incompressible enough that the raw position moves
        f.write("".join(f"@misc{{k{i}, title = {{{i * 7919 % 100003}}}}}\n" for i in range(200_000)))
    progress = Progress(enabled=True, stream=io.StringIO())
    progress.start_file(path, 1, 2)
    with open_text(path) as reader:
        reader.read(len(reader.read(1 << 20)) // 2 or 1)
        line = progress.line(records=5_000, now=progress.started + 2.0)
    assert line.startswith("big.bib.gz (1/2) [")
    assert "5,000 records 2,500/s" in line
    assert " ETA " in line


def test_progress_is_quiet_when_output_is_not_a_terminal_or_under_ci() -> None:
    assert wanted(io.StringIO()) is False
    stream = io.StringIO()
    progress = Progress(enabled=False, stream=stream)
    progress.update(10, force=True)
    assert stream.getvalue() == ""


def test_a_step_after_the_last_record_replaces_the_line_and_stays_quiet_when_disabled() -> None:
    shown, quiet = io.StringIO(), io.StringIO()
    Progress(enabled=True, stream=shown).phase("recounting the works of 12 researchers")
    Progress(enabled=False, stream=quiet).phase("recounting the works of 12 researchers")
    assert shown.getvalue() == "\r\x1b[Krecounting the works of 12 researchers..."
    assert quiet.getvalue() == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_unless_under_ci() -> None:
    assert wanted(_Terminal()) is True
    assert wanted(_Terminal(), under_ci=True) is False


@pytest.mark.parametrize(
    ("value", "under_ci"),
    [("true", True), ("1", True), ("woodpecker", True), ("", False), ("0", False), ("false", False)],
)
def test_ci_is_read_from_the_environment_by_settings(monkeypatch: pytest.MonkeyPatch, value: str, under_ci: bool) -> None:
    monkeypatch.setenv("CI", value)
    assert Settings().under_ci is under_ci
