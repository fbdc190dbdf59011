"""The soak benchmark stays runnable: on the demo graph, a few clients for a few seconds send every kind of
request it knows to the app served by `collab serve`, and none of them fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.cli import DEMO_BIB
from bench.soak import KINDS


def test_a_short_soak_on_the_demo_graph_sends_every_kind_without_an_error(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.soak", "--bib", str(DEMO_BIB), "--data-dir", str(tmp_path / "data"),
         "--clients", "3", "--seconds", "3"],
        capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[1],
    )
    assert "errors: 0 (client side 0, server log 0 ERROR lines)" in run.stdout, run.stdout + run.stderr
    table = run.stdout.split("requests/s", 1)[1]
    for kind in KINDS:
        assert f"\n{kind} " in table, f"{kind} was never sent:\n{run.stdout}"
    assert "resident memory" in run.stdout and "\napp " in run.stdout and "\nengine " in run.stdout
