"""The Institution type: where researchers are affiliated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry


@strawberry.type(description="A university, lab or company researchers are affiliated with.")
class Institution:
    id: strawberry.ID
    name: str | None
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 code, where a source says.")

    @classmethod
    def from_record(cls, r: Mapping[str, Any]) -> Institution:
        return cls(id=strawberry.ID(r["id"]), name=r.get("name"), country=r.get("country"))
