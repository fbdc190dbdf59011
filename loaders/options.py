"""What a user may say about a load beyond its files: one object, passed from the CLI to parsers and planner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """Choices of one `collab load`; the defaults are what a load does when nothing is said."""

    owner: str | None = None  # whose profile exports these are; None: the name the file shows, else inferred
    as_of: date | None = None  # when the profile exports were taken (cards leave out that year); None: today
    # Editorials, prefaces, proceedings volumes... are kept as papers of kind front-matter that draw no co-author
    # pairs (see loaders/front_matter.py); False loads them as research works.
    front_matter: bool = True
    # A paper with more authors than this (a consortium paper) keeps its authorships but draws no pairs: N authors
    # would mean N*(N-1)/2 pair rows. See loaders/plan.py.
    max_paired_authors: int = 500
