"""`frspub serve` as a translator uses it: the English page is open in Chromium, a msgstr is
saved, and the page reloads by itself with the new text (nothing requested from the network)."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

from frspub.preview import serve
from frspub.project import Project

HANG_MS = 60_000  # a limit that only a hang reaches


def test_open_page_reloads_when_its_po_is_saved(browser: Any, catalogue_built: Path, tmp_path: Path) -> None:
    root = tmp_path / "proj"  # a copy of the catalogue the session built (make_catalogue, every edition)
    shutil.copytree(catalogue_built / "proj", root, symlinks=True)
    server = serve.make_server(root / "build", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rebuilder, stop = serve.Rebuilder(Project(root), server.changes), threading.Event()
    watcher = threading.Thread(target=rebuilder.watch, args=(stop,), daemon=True)
    watcher.start()
    base = serve.url(server)
    context = browser.new_context()
    outside: list[str] = []
    context.on("request", lambda req: None if req.url.startswith(base) else outside.append(req.url))
    try:
        tab = context.new_page()
        # No timing: the page's event stream is answered (the server then counts every later
        # rebuild for it), and the watcher says when it listens.
        with tab.expect_response(lambda answer: answer.url.endswith("/__frspub__/events"), timeout=HANG_MS):
            tab.goto(base + "en/note-a.html")
        assert "EN Première partie" in tab.inner_text("body")
        assert rebuilder.ready.wait(HANG_MS / 1000), "the watcher never started"
        po = root / "source" / "en" / "note-a.po"
        po.write_text(po.read_text(encoding="utf-8").replace('msgstr "EN Première partie"', 'msgstr "Part One"'),
                      encoding="utf-8")
        # (document.body is null for a moment while the page reloads)
        tab.wait_for_function("document.body !== null && document.body.innerText.includes('Part One')",
                              timeout=HANG_MS)
        assert tab.evaluate("performance.getEntriesByType('navigation')[0].type") == "reload"
    finally:
        context.close()
        stop.set()
        server.changes.close()
        server.shutdown()
        server.server_close()
        watcher.join(timeout=10)
    assert not outside, f"requests to the network: {outside}"
