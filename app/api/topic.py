"""The Topic type: what papers are about, in some classification scheme."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry


@strawberry.type(
    description="A subject papers are about, from a classification scheme (arXiv categories, OpenAlex topics, "
    "keywords)."
)
class Topic:
    id: strawberry.ID
    name: str | None
    scheme: str | None

    @classmethod
    def from_record(cls, r: Mapping[str, Any]) -> Topic:
        return cls(id=strawberry.ID(r["id"]), name=r.get("name"), scheme=r.get("scheme"))
