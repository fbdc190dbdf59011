"""Sign-in attempts counted per account and per client address (`limits`, a moving window in memory, so per
server process): past either limit, sign-in answers 429 with Retry-After until the window lets an attempt again."""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from app.settings import Settings


class SignInThrottle:
    def __init__(self, settings: Settings) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._account: RateLimitItem = parse(settings.signin_limit_account)
        self._address: RateLimitItem = parse(settings.signin_limit_address)

    def _keys(self, account: str, address: str) -> list[tuple[RateLimitItem, str]]:
        return [(self._account, f"account:{account}"), (self._address, f"address:{address}")]

    def retry_after(self, account: str, address: str) -> int | None:
        """Seconds until another attempt is allowed, or None when one is allowed now."""
        waits = [
            self._limiter.get_window_stats(item, key).reset_time - time.time()
            for item, key in self._keys(account, address) if not self._limiter.test(item, key)
        ]
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, account: str, address: str) -> None:
        for item, key in self._keys(account, address):
            self._limiter.hit(item, key)

    def succeeded(self, account: str) -> None:
        """The account's own count starts again; the address keeps its count (one address trying many accounts)."""
        self._limiter.clear(self._account, f"account:{account}")
