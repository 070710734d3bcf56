"""A small threaded HTTP server for the app, bound to one address, logging no addresses."""

from __future__ import annotations

import logging
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

log = logging.getLogger("collector")


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # wsgiref's default backlog (5) drops connections under a burst of posts
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    # A slow or stalled client must not hold a thread for ever.
    timeout = 10

    def log_message(self, format: str, *args: Any) -> None:
        # The stdlib prefixes the client address: log the request line and status only.
        log.debug(format, *args)


def create_server(app: Any, host: str, port: int) -> WSGIServer:
    """Bind now (port 0 picks a free port: read it from `server.server_port`)."""
    return make_server(host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
