"""Where the real scholarly data lives (`../shared/data`), for tests that read it in place."""

from __future__ import annotations

from pathlib import Path

import pytest


def shared_data_dir() -> Path:
    """The shared data folder beside the project; skips the calling test when it is absent (a fresh clone)."""
    path = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"real data not present: {path} is absent (it sits beside the project, never in it)")
    return path
