"""A built site on 127.0.0.1 in Debian's Chromium: shared by the browser tests and the benchmark."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium, driven by Playwright; a browser downloaded by a test tool is never used."""

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
"""Without the background-networking flags, Chromium keeps calling hosts it cannot reach;
without --disable-dev-shm-usage it can crash in a container, whose /dev/shm is 64 MB."""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request to the terminal."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve `site` on a free port of 127.0.0.1; yields its root URL, ending in '/'."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
