"""The `collab` command as a user runs it: database chores, loads with inferred sources, clear errors."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]


def _env(data_dir: Path) -> dict[str, str]:
    env = os.environ | {"COLLAB_DATA_DIR": str(data_dir)}
    env.pop("NEO4J_URI", None)
    return env


def collab(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = _env(data_dir)
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


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "localhost:7687"])
def test_a_neo4j_uri_that_is_not_bolt_is_a_one_line_error(tmp_path: Path, uri: str) -> None:
    """The driver reads http:// as its preview HTTP API and failed with a traceback about aiohttp."""
    env = _env(tmp_path) | {"NEO4J_URI": uri, "NEO4J_PASSWORD": "not-needed-here"}
    run = subprocess.run([sys.executable, "-m", "app.cli", "db", "stats"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert run.stderr.strip().splitlines() == [
        f"collab: error: NEO4J_URI {uri!r} is not a Bolt URI: use one of neo4j://, neo4j+s://, neo4j+ssc://, "
        "bolt://, bolt+s://, bolt+ssc:// (Neo4j's Bolt port, 7687 by default)"
    ]


def test_a_load_ends_with_what_it_read_wrote_merged_and_rejected(tmp_path: Path) -> None:
    good, bad = FIXTURES / "bibtex" / "dblp-style.bib", FIXTURES / "bibtex" / "malformed.bib"
    first = collab(tmp_path, "load", "bibtex", str(good))
    read, *rest = first.stdout.splitlines()
    assert re.fullmatch(r"read 5 records from 1 file\(s\) in \d+\.\ds \([\d,]+ records/s\)", read)
    assert rest == ["written: 5 new papers, 11 new authorships, 0 profile owners",
                    "merged: 0 records matched a paper already in the graph", "rejected: 0",
                    # the @proceedings volume (3D-GIS): a whole volume is no research work
                    "note: 1 paper taken for front matter (editorials, prefaces, proceedings volumes...): shown on "
                    "profiles, no co-authorship (--no-front-matter: load them as research)"]
    rejects = tmp_path / "bad.jsonl"
    again = collab(tmp_path, "load", "bibtex", str(good), str(bad), "--rejects", str(rejects))
    assert again.stdout.splitlines()[0].startswith("read 10 records from 2 file(s) in ")
    assert again.stdout.splitlines()[1:] == [
        "written: 2 new papers, 2 new authorships, 0 profile owners",
        "merged: 5 records matched a paper already in the graph",  # the good file's, loaded before
        f"rejected: 3 (see {rejects})",
    ]
    assert len(rejects.read_text().splitlines()) == 3


def _stderr_on_a_terminal(env: dict[str, str], *args: str) -> str:
    """What `collab` writes to stderr when stderr is a terminal (a pseudo-terminal here)."""
    main, side = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=side, timeout=120)
    finally:
        os.close(side)  # the child has exited: what it wrote waits in the terminal's buffer
    out = b""
    try:
        while chunk := os.read(main, 4096):
            out += chunk
    except OSError:  # Linux reports the closed terminal as EIO once it is drained
        pass
    finally:
        os.close(main)
    assert done.returncode == 0
    return out.decode()


@pytest.mark.parametrize("ci", [None, "true"], ids=["terminal", "terminal-under-ci"])
def test_a_terminal_gets_a_progress_line_unless_ci_is_set(tmp_path: Path, ci: str | None) -> None:
    env = _env(tmp_path)
    env.pop("CI", None)
    if ci:
        env["CI"] = ci
    err = _stderr_on_a_terminal(env, "load", "bibtex", str(FIXTURES / "bibtex" / "dblp-style.bib"))
    if ci:
        assert err == ""
    else:
        assert "dblp-style.bib (1/1) [" in err and " records " in err and "/s" in err
        assert err.endswith("\r\x1b[K")  # the line is cleared before the summary
