"""The `collab` command as a user runs it: database chores, loads with inferred sources, clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]


def collab(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"COLLAB_DATA_DIR": str(data_dir)}
    env.pop("NEO4J_URI", None)
    return subprocess.run([sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_init_stats_load_and_reset_work_together(tmp_path: Path) -> None:
    assert collab(tmp_path, "db", "init").stdout.strip() == "schema applied on falkordb"
    assert "(none)" in collab(tmp_path, "db", "stats").stdout
    loaded = collab(tmp_path, "load", str(FIXTURES / "bibtex" / "dblp-style.bib"), str(FIXTURES / "arxiv" / "sample.jsonl"))
    assert loaded.returncode == 0, loaded.stderr
    assert "from 2 file(s)" in loaded.stdout  # both sources inferred from the files' content
    stats = collab(tmp_path, "db", "stats").stdout
    assert "Paper" in stats and "AUTHORED" in stats and "COLLABORATES_WITH" in stats
    refused = collab(tmp_path, "db", "reset")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert "Paper" in collab(tmp_path, "db", "stats").stdout
    assert collab(tmp_path, "db", "reset", "--yes").returncode == 0
    assert "(none)" in collab(tmp_path, "db", "stats").stdout


def test_a_file_of_the_wrong_format_is_a_one_line_error_not_a_traceback(tmp_path: Path) -> None:
    result = collab(tmp_path, "load", "bibtex", str(FIXTURES / "bibtex" / "not-bibtex.json"))
    assert result.returncode == 1
    assert result.stderr.startswith("collab: error: ") and "BibTeX" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_named_in_the_error(tmp_path: Path) -> None:
    result = collab(tmp_path, "load", "arxiv", str(tmp_path / "nowhere.jsonl"))
    assert result.returncode == 1 and "nowhere.jsonl" in result.stderr


def test_an_engine_that_cannot_start_on_the_data_directory_is_a_one_line_error(tmp_path: Path) -> None:
    log = tmp_path / "appendonlydir"
    log.mkdir()
    (log / "appendonly.aof.manifest").write_text("not a manifest\n")  # the server refuses to start on it
    result = collab(tmp_path, "db", "stats")
    assert result.returncode == 1
    assert result.stderr.startswith("collab: error: embedded FalkorDB exited")
    assert "Traceback" not in result.stderr
