"""The key that signs cookies: COLLAB_SECRET_KEY, else a file in the data directory written on first start."""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from app.settings import Settings

log = logging.getLogger(__name__)
SECRET_FILE = "secret_key"


def signing_key(settings: Settings) -> bytes:
    """The configured secret, or the data directory's `secret_key` file (created 0600 if missing). Every process
    of one deployment shares it, so a cookie one server signed is good at the next."""
    if settings.secret_key is not None and settings.secret_key.get_secret_value():
        return settings.secret_key.get_secret_value().encode()
    return _file_key(settings.data_dir / SECRET_FILE)


def _file_key(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting at once cannot both write a key; the loser reads the winner's.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(48))
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("%s can be read by other users; `chmod 600` it (it signs every session cookie)", path)
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 32:
        raise ValueError(f"{path} holds a key of {len(key)} characters; at least 32 are needed "
                         "(delete the file to get a new one)")
    return key.encode()
