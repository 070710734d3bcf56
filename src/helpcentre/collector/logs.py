"""Logging for the collector and waitress: no client address, query string or traceback
locals ever reach a log line."""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable


class Scrubber(logging.Filter):
    """Rewrites each record: addresses become [address], query strings [query]."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Our own start-up line names the address we listen on: the only one kept.
        message = record.getMessage()
        own_address = record.name == "waitress" and message.startswith("Serving on http")
        if not (getattr(record, VERBATIM, False) or own_address):
            message = scrub(message)
        if record.exc_info:
            kind, error, trace = record.exc_info
            text = "".join(traceback.format_exception(kind, error, trace)).rstrip()
            record.exc_info = None
            record.exc_text = scrub(text)
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        record.msg, record.args = message, ()
        return True


class Aggregator(logging.Filter):
    """At most one line a minute per kind of warning or error (its logger and message
    before the values are put in); the next one says how many were held back, and
    `flush` reports a count still held once its minute is over."""

    def __init__(
        self,
        handler: logging.Handler,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.handler = handler
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        # kind -> (end of its current window, lines held back, the last one held back)
        self._kinds: dict[tuple[str, str], tuple[float, int, logging.LogRecord | None]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or getattr(record, _SUMMARY, False):
            return True
        kind = (record.name, str(record.msg))
        now = self._clock()
        with self._lock:
            ends, held, _ = self._kinds.get(kind, (0.0, 0, None))
            if now < ends:
                self._kinds[kind] = (ends, held + 1, record)
                return False
            self._kinds[kind] = (now + self.window, 0, None)
        if held:
            record.msg, record.args = f"{record.getMessage()}{_held_back(held)}", ()
        return True

    def flush(self) -> None:
        """Report the lines held back of every kind whose minute is over."""
        now = self._clock()
        with self._lock:
            due = [(n, last) for end, n, last in self._kinds.values() if last and now >= end]
            for kind, (end, _, last) in list(self._kinds.items()):
                if last and now >= end:
                    del self._kinds[kind]
        for held, last in due:
            summary = logging.makeLogRecord(last.__dict__ | {_SUMMARY: True, "exc_info": None})
            summary.msg, summary.args = (
                f"{held} more in the last minute like: {last.getMessage()}",
                (),
            )
            self.handler.handle(summary)


def _held_back(count: int) -> str:
    return f" ({count} more like it in the last minute not shown)"


_SUMMARY = "hc_summary"
_AGGREGATORS: list[Aggregator] = []


def flush() -> None:
    """Report the warnings held back by every handler this module set up."""
    for aggregator in list(_AGGREGATORS):
        aggregator.flush()


# `log.info(..., extra={VERBATIM: True})`: a line about the server itself, shown as is.
VERBATIM = "hc_verbatim"


def scrub(text: str) -> str:
    text = _IPV4.sub("[address]", text)
    text = _IPV6.sub("[address]", text)
    return _QUERY.sub("[query]", text)


def configure(verbose: bool = False) -> None:
    """One line per record on stderr, `collector: …` or `waitress: …`, every one scrubbed."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    # The aggregator sees the message template, before the scrubber fills it in.
    aggregator = Aggregator(handler)
    handler.addFilter(aggregator)
    handler.addFilter(Scrubber())
    _AGGREGATORS[:] = [aggregator]
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("collector").setLevel(logging.DEBUG if verbose else logging.INFO)
    # waitress.queue says how many requests wait for a thread: useful, no address in it.
    logging.getLogger("waitress").setLevel(logging.INFO)
    logging.getLogger("matplotlib").setLevel(logging.WARNING)


_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_QUERY = re.compile(r"\?[^\s\"']+")
