"""Failed sign-ins counted per account and per client address, and sign-up attempts per client address (`limits`,
a moving window in memory, so per server process): past a limit, the form answers 429 with Retry-After until the
window lets an attempt again. Each sign-up hashes a password (argon2id, 0.1 s of CPU) and may make an account."""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from app.settings import Settings


class AccountThrottle:
    def __init__(self, settings: Settings) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._account: RateLimitItem = parse(settings.signin_limit_account)
        self._address: RateLimitItem = parse(settings.signin_limit_address)
        self._signup: RateLimitItem = parse(settings.signup_limit_address)

    def _wait(self, item: RateLimitItem, key: str) -> float:
        return float(self._limiter.get_window_stats(item, key).reset_time - time.time())

    def _keys(self, account: str, address: str) -> list[tuple[RateLimitItem, str]]:
        return [(self._account, f"account:{account}"), (self._address, f"address:{address}")]

    def retry_after(self, account: str, address: str) -> int | None:
        """Seconds until another attempt is allowed, or None when one is allowed now."""
        keys = self._keys(account, address)
        waits = [self._wait(item, key) for item, key in keys if not self._limiter.test(item, key)]
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, account: str, address: str) -> None:
        for item, key in self._keys(account, address):
            self._limiter.hit(item, key)

    def succeeded(self, account: str) -> None:
        """The account's own count starts again; the address keeps its count (one address trying many accounts)."""
        self._limiter.clear(self._account, f"account:{account}")

    def sign_up(self, address: str) -> int | None:
        """Count a sign-up attempt from `address`: None when allowed, else the seconds until one is (not counted)."""
        key = f"signup:{address}"
        return None if self._limiter.hit(self._signup, key) else max(1, math.ceil(self._wait(self._signup, key)))
