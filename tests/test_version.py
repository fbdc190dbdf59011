"""The version is written once, in pyproject.toml: `collab --version`, the API's OpenAPI description and the
changelog's latest release all say that one."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from app.server import create_app
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[1]


def pyproject_version() -> str:
    version: str = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    return version


def test_collab_version_prints_the_version_pyproject_holds() -> None:
    done = subprocess.run([sys.executable, "-m", "app.cli", "--version"], capture_output=True, text=True, cwd=ROOT)
    # A mismatch here after editing pyproject.toml means the installed metadata is stale: pip install -e . again.
    assert done.stdout.strip() == f"collab {pyproject_version()}"


def test_the_app_reports_the_version_pyproject_holds(tmp_path: Path) -> None:
    assert create_app(make_settings(data_dir=tmp_path)).version == pyproject_version()


def test_the_changelog_latest_release_is_that_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", changelog, re.M)
    assert releases and releases[0] == pyproject_version()
    assert "## [Unreleased]" in changelog.split(f"## [{releases[0]}]")[0]
