"""All configuration, read once from the environment and passed down; nothing else reads os.environ."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "collab-explorer"


class Settings(BaseSettings):
    """Settings of one process. No NEO4J_URI means the embedded engine under `data_dir`."""

    model_config = SettingsConfigDict(env_prefix="COLLAB_", extra="ignore", populate_by_name=True)

    neo4j_uri: str | None = Field(None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(SecretStr(""), validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field("neo4j", validation_alias="NEO4J_DATABASE")

    data_dir: Path = Field(default_factory=_default_data_dir)
    graph_name: str = "collab"
    host: str = "127.0.0.1"
    port: int = 8000

    # Bounds so that no request runs unbounded on either engine.
    query_timeout_ms: int = 5_000
    write_timeout_ms: int = 600_000
    result_cap: int = 100_000
    # More Cypher files beside the project's own (tests add their fixtures this way).
    extra_queries: Path | None = None

    @property
    def engine(self) -> str:
        return "neo4j" if self.neo4j_uri else "falkordb"
