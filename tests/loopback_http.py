"""A real HTTP server on 127.0.0.1 whose routes can misbehave on purpose (slow drips, endless
bodies, redirects), for the fetch tests and ``benchmarks/bad_inputs.py``.

A route is a function of the request handler; ``send``, ``redirect``, ``drip`` and ``endless``
write the common answers. Clients that hang up on purpose are not errors.
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

Route = Callable[[BaseHTTPRequestHandler], None]


def send(h, status: int, ctype: str, body: bytes, extra=()) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in extra:
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def redirect(h, location: str) -> None:
    h.send_response(302)
    h.send_header("Location", location)
    h.send_header("Content-Length", "0")
    h.end_headers()


def drip(h, seconds: float = 50.0) -> None:
    """A byte every 0.5 s for ``seconds``: never idle long enough for a read timeout."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    for _ in range(int(seconds * 2)):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.5)


def endless(h) -> None:
    """6.5 GB of HTML with no Content-Length, if nobody stops reading."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    chunk = b"<p>" + b"a" * 65536 + b"</p>"
    for _ in range(100_000):
        h.wfile.write(chunk)


class LoopbackServer:
    """Serves ``routes`` (path -> route) on a free port of 127.0.0.1 in a background thread;
    unknown paths are 404. ``hits`` lists the paths asked for, ``base`` is the server's URL.
    Use it as a context manager."""

    def __init__(self, routes: dict[str, Route] | None = None):
        outer = self
        self.hits: list[str] = []
        self.routes: dict[str, Route] = dict(routes or {})

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                outer.hits.append(self.path)
                route = outer.routes.get(self.path.split("?")[0])
                try:
                    if route is None:
                        send(self, 404, "text/plain", b"")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *a):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda *a: None     # clients hanging up on purpose
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "LoopbackServer":
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
