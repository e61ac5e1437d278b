"""Live reload for the preview server: an open page reloads itself when its file is rebuilt.

Takes the outputs each rebuild wrote (paths relative to build/): `Changes.publish`
wakes every open event stream; `stream` answers ``/__frspub__/events`` with
server-sent events (one JSON list of changed paths per rebuild, a comment every
15 s to keep the connection); `page` sends an HTML file with `SCRIPT` added
before ``</body>``.  The script is added by the preview server only, as it
serves the page (nothing in build/ carries it), listens on the server's own
origin (127.0.0.1; nothing from the network) and reloads the page when its own
file is among the changes.
"""
from __future__ import annotations

import json
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path

EVENTS = "/__frspub__/events"
KEEPALIVE = 15.0
SCRIPT = b"""<script>/* frspub serve: reload this page when it is rebuilt */
(function () {
  var here = decodeURIComponent(location.pathname).replace(/\\/$/, "/index.html");
  var events = new EventSource("/__frspub__/events");
  events.onmessage = function (e) {
    if (JSON.parse(e.data).some(function (p) { return "/" + p === here; })) {
      events.close();
      location.reload();
    }
  };
})();
</script>
"""
BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


class Changes:
    """A counter of rebuilds and what each wrote; streams wait on it."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.generation = 0
        self.history: list[tuple[int, list[str]]] = []
        self.closed = False

    def close(self) -> None:
        """Let every stream end (the server stops)."""
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def publish(self, paths: list[str]) -> None:
        if not paths:
            return
        with self.cond:
            self.generation += 1
            self.history = [*self.history[-99:], (self.generation, sorted(paths))]
            self.cond.notify_all()

    def since(self, seen: int, timeout: float) -> tuple[int, list[str]]:
        """Wait up to `timeout` for rebuilds after `seen`; returns the latest generation and their paths."""
        with self.cond:
            self.cond.wait_for(lambda: self.generation > seen or self.closed, timeout)
            paths = sorted({p for gen, changed in self.history if gen > seen for p in changed})
            return self.generation, paths


def inject(html: bytes) -> bytes:
    ends = list(BODY_END.finditer(html))
    if not ends:
        return html + SCRIPT
    at = ends[-1].start()
    return html[:at] + SCRIPT + html[at:]


def page(handler: BaseHTTPRequestHandler, path: Path, head: bool = False) -> None:
    """Send an HTML file with the reload script."""
    try:
        body = inject(path.read_bytes())
    except OSError:
        handler.send_error(HTTPStatus.NOT_FOUND, "file not found")
        return
    handler.send_response(HTTPStatus.OK)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if not head:
        handler.wfile.write(body)


def stream(handler: BaseHTTPRequestHandler, changes: Changes) -> None:
    """Server-sent events until the client goes away or the server stops."""
    seen = changes.generation  # before the answer: a client that has it misses no later rebuild
    handler.send_response(HTTPStatus.OK)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()
    try:
        handler.wfile.write(b": frspub\n\n")
        handler.wfile.flush()
        while not changes.closed:
            seen, paths = changes.since(seen, KEEPALIVE)
            handler.wfile.write(f"data: {json.dumps(paths)}\n\n".encode() if paths else b": ping\n\n")
            handler.wfile.flush()
    except (BrokenPipeError, ConnectionResetError):
        return
