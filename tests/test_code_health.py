"""The code passes its own checks: ruff's rules and mypy's types as pyproject.toml configures them.

Each check runs the tool as CI would, from the project root, and fails with the tool's own report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# What ruff checks: the parts, the benchmarks, the tools written in Python and the tests.
LINTED = ["app", "loaders", "web", "bench", *sorted(str(p.relative_to(PROJECT)) for p in PROJECT.glob("tools/*.py")), "tests"]


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    tool = BIN / name
    if not tool.exists():
        pytest.fail(f"{name} is not installed beside {sys.executable}: install the test extras (pip install -e '.[test]')")
    return subprocess.run([str(tool), *args], cwd=PROJECT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    result = run_tool("ruff", "check", "--no-cache", "--output-format", "concise", *LINTED)
    assert result.returncode == 0, f"ruff check found problems:\n{result.stdout}{result.stderr}"


def test_mypy_finds_no_type_errors() -> None:
    # The files mypy checks (app, loaders, web) and its strictness come from [tool.mypy] in pyproject.toml.
    result = run_tool("mypy", "--no-incremental")
    assert result.returncode == 0, f"mypy found type errors:\n{result.stdout}{result.stderr}"


def test_every_dependency_has_an_upper_bound() -> None:
    """A new major version of a dependency is a change someone tests first, not one an install picks up."""
    import tomllib

    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]
    unbounded = [d for d in declared if "<" not in d.partition(";")[0]]
    assert unbounded == [], f"give these an upper bound on the major version: {unbounded}"
