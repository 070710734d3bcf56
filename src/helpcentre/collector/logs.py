"""Logging for the collector and waitress: no client address, query string or traceback
locals ever reach a log line."""

from __future__ import annotations

import logging
import re
import sys
import traceback


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
    handler.addFilter(Scrubber())
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


def install() -> None:
    """For `helpcentre.collector.wsgi` under another runner: scrub what its handlers print,
    or set up our own handler when there is none."""
    root = logging.getLogger()
    if not root.handlers:
        configure()
        return
    for handler in root.handlers:
        if not any(isinstance(f, Scrubber) for f in handler.filters):
            handler.addFilter(Scrubber())
