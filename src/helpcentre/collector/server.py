"""The production server: waitress, with a total deadline per request and strict framing.

Waitress (pure Python, no fork, one process with a few threads) reads every request in
full on its I/O thread before a worker thread sees it, so a slow client never holds a
worker; what it lacks is a bound on how long a request may take to arrive (its
`channel_timeout` counts from the last byte, so one byte every few seconds lasts for ever).
`DeadlineServer` adds that bound, makes room for a new connection by closing an idle or slow
one when the cap is reached, keeps 204 answers on persistent connections, refuses requests
whose length is ambiguous, and puts the security headers on the answers waitress writes
itself. Every use of waitress's internals is in this module.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, WSGITask

from helpcentre.collector import logs
from helpcentre.collector.app import MAX_BODY, SECURITY_HEADERS

log = logging.getLogger("collector")


@dataclass(frozen=True)
class ServerLimits:
    """How many connections, threads and seconds a server grants (see collector/DEPLOY.md)."""

    connection_limit: int = 100
    threads: int = 4
    request_deadline: float = 10.0
    trusted_proxy: str | None = None
    trusted_proxy_count: int = 1


class _StrictParser(HTTPRequestParser):
    """Refuses a request whose body length could be read two ways (request smuggling)."""

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        # HTTP/1.1 chunked: waitress drops the Transfer-Encoding header and trusts it; a
        # Content-Length beside it means a proxy may have read another body length.
        if self.chunked and "CONTENT_LENGTH" in self.headers:
            raise ParsingError("Content-Length together with Transfer-Encoding")
        # HTTP/1.0 keeps the header and ignores it: refuse rather than guess.
        if "TRANSFER_ENCODING" in self.headers:
            raise ParsingError("Transfer-Encoding in an HTTP/1.0 request")


class _KeepAliveTask(WSGITask):
    """Keeps an HTTP/1.1 connection open after a 204.

    Waitress closes the connection after any answer without Content-Length, and it drops
    that header from a 204 (which has no body by definition), so every accepted post and
    every preflight would close the connection.
    """

    _bodiless = False

    def build_response_header(self) -> bytes:
        asked_close = self.request.headers.get("CONNECTION", "").lower() == "close"
        self._bodiless = not self.has_body and self.version == "1.1" and not asked_close
        try:
            return bytes(super().build_response_header())
        finally:
            self._bodiless = False

    def set_close_on_finish(self) -> None:
        if not self._bodiless:
            super().set_close_on_finish()


class _ErrorTask(ErrorTask):
    """Waitress's own error answers (400, 413, 431…) with the collector's security headers."""

    def execute(self) -> None:
        # ErrorTask.execute with the headers added before the body is written
        status, headers, body = self.request.error.to_response(self.channel.server.adj.ident)
        self.status = status
        self.response_headers.extend([*headers, *SECURITY_HEADERS])
        self.set_close_on_finish()  # after a framing error the rest of the stream is unreadable
        self.content_length = len(body)
        self.write(body)


class _DeadlineChannel(HTTPChannel):
    """Notes when the request being received began (its first byte)."""

    parser_class = _StrictParser
    task_class = _KeepAliveTask
    error_task_class = _ErrorTask
    request_began = 0.0

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.request_began = time.monotonic()
        return bool(super().received(data))

    def evictable(self) -> bool:
        """Nothing of it is being served or sent: only a client who is idle or slow."""
        return not (self.requests or self.total_outbufs_len or self.will_close)


class DeadlineServer(TcpWSGIServer):  # type: ignore[misc]
    """A waitress server that closes a connection whose request has been arriving for
    longer than `request_deadline` seconds, however steadily its bytes trickle in, and
    that never lets idle or slow connections keep a new one waiting."""

    channel_class = _DeadlineChannel
    request_deadline = 10.0
    open_limit = 100

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        logs.flush()  # warnings held back whose minute is over
        cutoff = time.monotonic() - self.request_deadline
        for channel in list(self.active_channels.values()):
            if channel.request is not None and channel.request_began < cutoff:
                channel.will_close = True

    def readable(self) -> bool:
        super().readable()  # runs maintenance; waitress's own cap sits above ours
        if not self.accepting:
            return False
        if len(self.active_channels) < self.open_limit:
            return True
        if self._victim() is not None:
            return True  # accept, then close that one (handle_accept)
        log.warning(
            "connection limit (%d) reached with every connection being served: "
            "new connections wait",
            self.open_limit,
        )
        return False

    def handle_accept(self) -> None:
        before = set(self.active_channels)
        super().handle_accept()
        newcomers = set(self.active_channels) - before
        # At the cap, the connection idle longest goes (else the request arriving the
        # longest): waiting for them to time out would keep every newcomer in the kernel's
        # queue for the whole deadline, per batch of the cap. Closed here, after select,
        # rather than in readable(), which runs while select's list is being drawn up.
        while len(self.active_channels) > self.open_limit:
            victim = self._victim(spare=newcomers)
            if victim is None:
                break
            log.warning(
                "connection limit (%d) reached: closed the connection idle or slow the longest",
                self.open_limit,
            )
            victim.handle_close()

    def _victim(self, spare: frozenset[int] | set[int] = frozenset()) -> _DeadlineChannel | None:
        channels = self.active_channels.items()
        candidates = [c for fd, c in channels if fd not in spare and c.evictable()]
        idle = [c for c in candidates if c.request is None]
        if idle:
            return min(idle, key=lambda c: c.last_activity)
        return min(candidates, key=lambda c: c.request_began, default=None)


def create_server(app: Any, host: str, port: int, limits: ServerLimits) -> DeadlineServer:
    """Bind now (port 0 picks a free port: read `server.effective_port`); `server.run()`."""
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "threads": limits.threads,
        # The server keeps its own cap (DeadlineServer.readable); waitress's counts the
        # listening socket and the wake-up pipe, and must allow the one accepted before
        # another is closed.
        "connection_limit": limits.connection_limit + 3,
        # Idle keep-alive connections and silent clients go after the deadline too; the
        # server checks every second.
        "channel_timeout": max(1, int(limits.request_deadline)),
        "cleanup_interval": 1,
        "max_request_body_size": MAX_BODY + 1,  # waitress refuses >= this: 413
        "max_request_header_size": 16384,
        "ident": "helpcentre-collector",  # the Server header, without a version
        "expose_tracebacks": False,
        "log_untrusted_proxy_headers": False,
        "clear_untrusted_proxy_headers": True,
    }
    if limits.trusted_proxy:
        options |= {
            "trusted_proxy": limits.trusted_proxy,
            "trusted_proxy_count": limits.trusted_proxy_count,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
        }
    server = DeadlineServer(app, adj=Adjustments(**options))
    server.request_deadline = limits.request_deadline
    server.open_limit = limits.connection_limit
    return server
