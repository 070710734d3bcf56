"""The production server: waitress, with a total deadline per request and strict framing.

Waitress (pure Python, no fork, one process with a few threads) reads every request in
full on its I/O thread before a worker thread sees it, so a slow client never holds a
worker; what it lacks is a bound on how long a request may take to arrive (its
`channel_timeout` counts from the last byte, so one byte every few seconds lasts for ever).
`DeadlineServer` adds that bound, and refuses requests whose length is ambiguous.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError
from waitress.server import TcpWSGIServer

from helpcentre.collector.app import MAX_BODY


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


class _DeadlineChannel(HTTPChannel):
    """Notes when the request being received began (its first byte)."""

    parser_class = _StrictParser
    request_began = 0.0

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.request_began = time.monotonic()
        return bool(super().received(data))


class DeadlineServer(TcpWSGIServer):  # type: ignore[misc]
    """A waitress server that closes a connection whose request has been arriving for
    longer than `request_deadline` seconds, however steadily its bytes trickle in."""

    channel_class = _DeadlineChannel
    request_deadline = 10.0

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        cutoff = time.monotonic() - self.request_deadline
        for channel in list(self.active_channels.values()):
            if channel.request is not None and channel.request_began < cutoff:
                channel.will_close = True


def create_server(app: Any, host: str, port: int, limits: ServerLimits) -> DeadlineServer:
    """Bind now (port 0 picks a free port: read `server.effective_port`); `server.run()`."""
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "threads": limits.threads,
        # waitress counts its listening socket and its wake-up pipe among the connections
        "connection_limit": limits.connection_limit + 2,
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
    return server
