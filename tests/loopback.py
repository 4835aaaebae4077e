"""A loopback HTTP server for the watch tests: files served with ETags, requests and
conditional-GET answers counted, POSTs kept."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Site:
    """Files served by the test server (path → body, content type) and what was asked of it."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.posts: list[tuple[str, bytes]] = []
        self.base = ""


def send_file(handler: BaseHTTPRequestHandler, site: Site) -> None:
    """Answer a GET from ``site.files``: 404 if absent, 304 when the ETag matches, else 200."""
    if handler.path not in site.files:
        handler.send_error(404)
        return
    body, kind = site.files[handler.path]
    etag = '"' + hashlib.sha1(body).hexdigest() + '"'
    if handler.headers.get("If-None-Match") == etag:
        site.not_modified[handler.path] += 1
        handler.send_response(304)
        handler.end_headers()
        return
    handler.send_response(200)
    handler.send_header("Content-Type", kind)
    handler.send_header("ETag", etag)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def file_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    """A quiet handler answering every GET from ``site.files`` (extend ``do_GET`` for more)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.hits[self.path] += 1
            send_file(self, site)

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

    return Handler


@contextmanager
def serving(site: Site, handler: type[BaseHTTPRequestHandler]) -> Iterator[Site]:
    """Run ``handler`` on 127.0.0.1 (a free port, in ``site.base``) for the ``with`` block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
