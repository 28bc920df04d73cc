"""Test helpers: a real HTTP server on 127.0.0.1 serving fixed pages."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class PageServer:
    """Serve ``{path: (status, content_type, body_bytes)}`` on 127.0.0.1 (random port)."""

    def __init__(self, pages: dict):
        self.pages = pages
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                status, ctype, body = outer.pages.get(self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


#: two short fictional articles; texts(n) numbers them so every one is a new document
ARTICLES = [
    "[Fictional test article {i}.] The regional governor said on Monday that three shells hit a school "
    "in the town of Izium overnight. \"Nobody was inside,\" the governor told reporters. According to "
    "the emergency service, the roof collapsed and {i} firefighters were sent.",
    "[Fictional test article {i}.] Officials in Odesa said the ferry service would resume next week. "
    "A spokesman for the harbour authority said repairs were nearly finished, but the company could "
    "not independently verify the date. {i} ships are waiting.",
]


def texts(n: int) -> list[str]:
    return [ARTICLES[i % 2].format(i=i) for i in range(n)]
