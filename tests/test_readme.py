"""The README's Quickstart is what CI runs: its two commands appear verbatim in .ci/run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quickstart_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.split(r"\n#{2,3} ", text.split("## Quickstart", 1)[1], maxsplit=1)[0]  # up to the next heading
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_the_quickstart_has_exactly_two_commands_one_starting_the_demo_one_running_the_suite() -> None:
    install_and_start, install_and_test = quickstart_commands()
    assert install_and_start.endswith("collab demo")
    assert "'.[test]'" in install_and_test and install_and_test.endswith("python -m pytest")


def test_ci_runs_both_quickstart_commands_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in quickstart_commands():
        assert command in ci
