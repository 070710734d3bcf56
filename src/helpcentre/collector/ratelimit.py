"""Who a reader is, for a day and nothing more: a keyed hash of their address (IPv4 address,
IPv6 /64), and the rate limit every worker and instance shares through the database."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import logging
import math
import threading
import time
from collections.abc import Callable

from helpcentre.collector.store import Store, StoreError

log = logging.getLogger("collector")


class ReaderKeys:
    """HMAC-SHA256(key of the UTC day, address group), the day's key being HMAC-SHA256 of
    the instances' shared secret and the date. The secret never enters the database, so its
    hashes cannot be reversed from a copy of it; each day's keys are unrelated to the last's.
    """

    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        self._lock = threading.Lock()
        self._day: tuple[str, bytes] | None = None

    def of(self, address: str, now: float) -> str:
        day = dt.datetime.fromtimestamp(now, dt.UTC).date().isoformat()
        group = address_group(address).encode()
        return hmac.new(self._day_key(day), group, hashlib.sha256).hexdigest()[:32]

    def _day_key(self, day: str) -> bytes:
        with self._lock:
            if self._day is None or self._day[0] != day:
                label = f"helpcentre collector reader key {day}".encode()
                self._day = (day, hmac.new(self._secret, label, hashlib.sha256).digest())
            return self._day[1]


def address_group(address: str) -> str:
    """One reader's share of the address space: an IPv4 address, or an IPv6 /64 (what one
    subscriber usually gets, rotating addresses inside it at will)."""
    try:
        # waitress writes an IPv6 address from X-Forwarded-For in brackets
        parsed = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


class RateLimit:
    """`per_minute` posts per reader, refilled evenly over a minute (0: no limit).

    One upsert per request whatever the number of readers; a bucket idle for a minute is
    full again, so its row is useless and the periodic sweep deletes it (Sweeper).
    """

    def __init__(
        self,
        store: Store,
        per_minute: int,
        keys: ReaderKeys,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.per_minute = per_minute
        self.keys = keys
        self.clock = clock

    def check(self, key: str, now: float) -> tuple[bool, int]:
        """(allowed, seconds to wait before the next post is allowed) for a reader's key."""
        if self.per_minute <= 0:
            return True, 0
        allowed, wait = self.store.take_token(key, now, self.per_minute)
        return allowed, 0 if allowed else max(1, math.ceil(wait - 1e-6))


class Sweeper:
    """Deletes what has outlived its purpose every `every` seconds, whether or not anyone
    posts: rate-limit buckets idle for a minute, unanswered searches too few readers asked
    within SEARCH_MISS_DAYS."""

    def __init__(
        self, store: Store, clock: Callable[[], float] = time.time, every: float = 5.0
    ) -> None:
        self.store = store
        self.clock = clock
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="collector-sweep", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def sweep(self) -> None:
        self.store.sweep(self.clock())

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.sweep()
            except StoreError as error:  # the next round tries again
                log.warning("sweep failed: %s", error)
