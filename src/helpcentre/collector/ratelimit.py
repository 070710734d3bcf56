"""Rate limit shared by every worker and instance: token buckets kept in the database,
keyed by a salted hash of the client address (the salt changes every UTC day)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import threading
import time
from collections.abc import Callable

from helpcentre.collector.store import Store


class RateLimit:
    """`per_minute` posts per client, refilled evenly over a minute (0: no limit).

    One upsert per request whatever the number of clients; a bucket idle for a minute is
    full again, so rows older than that are deleted (once a minute per process) and the
    table holds only the clients of the last minute. The address itself is never stored:
    only HMAC-SHA256(salt of the day, address), the salt being random and shared through
    the database so that every instance computes the same key.
    """

    def __init__(
        self, store: Store, per_minute: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.per_minute = per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._salt: tuple[str, bytes] | None = None
        self._next_cleanup = 0.0

    def check(self, address: str) -> tuple[bool, int]:
        """(allowed, seconds to wait before the next post is allowed)."""
        if self.per_minute <= 0:
            return True, 0
        now = self._clock()
        day = dt.datetime.fromtimestamp(now, dt.UTC).date().isoformat()
        key = hmac.new(self._salt_of(day), address.encode(), hashlib.sha256).hexdigest()[:32]
        if now >= self._next_cleanup:
            self._next_cleanup = now + 60.0
            self.store.forget_before(now, day)
        allowed, wait = self.store.take_token(key, now, self.per_minute)
        return allowed, 0 if allowed else max(1, math.ceil(wait - 1e-6))

    def _salt_of(self, day: str) -> bytes:
        with self._lock:
            if self._salt is None or self._salt[0] != day:
                self._salt = (day, self.store.salt(day))
            return self._salt[1]
