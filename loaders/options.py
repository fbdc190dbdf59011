"""What a user may say about a load beyond its files: one object, passed from the CLI to parsers and planner."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """Choices of one `collab load`; the defaults are what a load does when nothing is said."""
