"""All configuration, read once from the environment and passed down; nothing else reads os.environ."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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
    # Seconds an idle HTTP connection stays open. Longer than clients' and proxies' own pools keep one
    # (httpx 5 s, nginx 60 s): a server that closes first races the client's next request on it, which the
    # client sees as a read error the server never logged.
    keep_alive_s: int = Field(75, gt=0)

    # Bounds so that no request runs unbounded on either engine.
    query_timeout_ms: int = 5_000
    write_timeout_ms: int = 600_000
    result_cap: int = 100_000
    # More Cypher files beside the project's own (tests add their fixtures this way).
    extra_queries: Path | None = None

    # Serving on a network (README, configuration). production: no GraphiQL, introspection or OpenAPI pages.
    env: Literal["development", "production"] = "development"
    # Host headers the server answers (any port); others get 400, which stops DNS-rebinding pages.
    allowed_hosts: Annotated[list[str], NoDecode] = ["localhost", "127.0.0.1", "[::1]"]
    # Origins whose pages may call the API from a browser; none by default (no CORS headers at all).
    cors_origins: Annotated[list[str], NoDecode] = []
    max_body_bytes: int = Field(1_048_576, gt=0)  # larger request bodies get 413 before being read in full
    log_format: Literal["text", "json"] = "text"
    # CI (set by CI services, any value but empty/0/false/no/off): no progress line redrawn on the terminal.
    under_ci: bool = Field(False, validation_alias="CI")
    # /metrics: on in development, off in production unless set true; false turns it off everywhere.
    metrics: bool | None = None

    # ORCID sign-in (OpenID Connect), off while no client id is set. The secret comes from the environment or
    # from a file (a mounted secret), never from a command line.
    orcid_issuer: str = "https://orcid.org"
    orcid_client_id: str | None = None
    orcid_client_secret: SecretStr = SecretStr("")
    orcid_client_secret_file: Path | None = None
    # The callback address registered with ORCID; by default this server's own /signin/orcid/callback.
    orcid_redirect_uri: str | None = None

    # Accounts. The key that signs session and CSRF cookies: COLLAB_SECRET_KEY, else the file `secret_key` in the
    # data directory, written (mode 0600) on first start. Never a command-line option: others could read it in ps.
    secret_key: SecretStr | None = None
    session_days: int = Field(14, gt=0)  # a session ends this long after sign-in, or at sign-out
    # Failed sign-ins allowed per account and per client address before 429 (`limits` notation).
    signin_limit_account: str = "5 per 15 minutes"
    signin_limit_address: str = "20 per 15 minutes"
    signup_limit_address: str = "10 per hour"  # sign-up attempts per client address before 429

    @field_validator("under_ci", mode="before")
    @classmethod
    def _set_means_true(cls, value: Any) -> Any:
        """CI services set CI to true, 1, or their own name: anything but an empty or negative value."""
        if isinstance(value, str):
            return value.strip().lower() not in ("", "0", "false", "no", "off")
        return value

    @field_validator("allowed_hosts", "cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        """`a, b` in the environment, a list from code."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _orcid_secret(self) -> Settings:
        """The client secret read from its file; a client id without a secret is refused at start."""
        if self.orcid_client_secret_file is not None:
            secret = self.orcid_client_secret_file.read_text(encoding="utf-8").strip()
            self.orcid_client_secret = SecretStr(secret)
        if self.orcid_client_id and not self.orcid_client_secret.get_secret_value():
            raise ValueError("COLLAB_ORCID_CLIENT_ID needs COLLAB_ORCID_CLIENT_SECRET (or _SECRET_FILE)")
        return self

    @property
    def orcid_enabled(self) -> bool:
        return bool(self.orcid_client_id)

    @property
    def engine(self) -> str:
        return "neo4j" if self.neo4j_uri else "falkordb"

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def metrics_enabled(self) -> bool:
        return self.metrics if self.metrics is not None else not self.production
