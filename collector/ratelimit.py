"""Per-client rate limit held in memory only: addresses are never written anywhere."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RateLimit:
    """A token bucket per client: `per_minute` posts, refilled evenly over a minute."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> bool:
        if self.per_minute <= 0:
            return True
        now = self._clock()
        rate = self.per_minute / 60.0
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            allowed = tokens >= 1.0
            self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
            if len(self._buckets) > _PRUNE_ABOVE:
                self._prune(now)
        return allowed

    def retry_after(self) -> int:
        """Seconds until one more post is allowed for a client that has used them all."""
        return max(1, round(60 / self.per_minute)) if self.per_minute > 0 else 0

    def _prune(self, now: float) -> None:
        # A client idle for a minute has a full bucket again: forgetting it changes nothing.
        self._buckets = {c: b for c, b in self._buckets.items() if now - b[1] < 60.0}


_PRUNE_ABOVE = 10_000
